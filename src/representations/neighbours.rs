//! What a table of vectors says about the tokens: each token's nearest
//! neighbours by cosine, and analogies (`a − b + c`, the vector arithmetic
//! of "king − man + woman"). Done in plain Rust on a copy read back from
//! the device: a few thousand rows of at most 300 values.

/// A token and its cosine with the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    /// Its id in the vocabulary.
    pub id: u32,
    /// Cosine similarity with the query, in [−1, 1].
    pub cosine: f32,
}

/// Unit-length rows of a `[V, D]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    dim: usize,
    /// Row-major, each row scaled to length 1 (a zero row stays zero).
    unit: Vec<f32>,
    /// Each row's length before scaling.
    pub lengths: Vec<f32>,
}

/// `values` scaled to length 1 (a zero vector stays zero), and its length.
fn normalised(values: &[f32]) -> (Vec<f32>, f32) {
    let length = values.iter().map(|x| x * x).sum::<f32>().sqrt();
    let scale = if length > 0.0 { 1.0 / length } else { 0.0 };
    (values.iter().map(|x| x * scale).collect(), length)
}

impl Embeddings {
    /// From `values`, `[rows, dim]` row-major.
    pub fn new(values: &[f32], dim: usize) -> Self {
        assert!(
            dim > 0 && values.len().is_multiple_of(dim),
            "values must be rows × dim"
        );
        let mut unit = Vec::with_capacity(values.len());
        let mut lengths = Vec::with_capacity(values.len() / dim);
        for row in values.chunks(dim) {
            let (row, length) = normalised(row);
            unit.extend(row);
            lengths.push(length);
        }
        Self { dim, unit, lengths }
    }

    /// Tokens in the table.
    pub fn len(&self) -> usize {
        self.unit.len() / self.dim
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.unit.is_empty()
    }

    /// Values per vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Token `id`'s unit vector.
    pub fn row(&self, id: u32) -> &[f32] {
        let i = id as usize * self.dim;
        &self.unit[i..i + self.dim]
    }

    /// Cosine similarity of two tokens.
    pub fn cosine(&self, a: u32, b: u32) -> f32 {
        self.row(a)
            .iter()
            .zip(self.row(b))
            .map(|(x, y)| x * y)
            .sum()
    }

    /// The `k` tokens nearest to `query` by cosine, best first, leaving out
    /// `exclude`.
    pub fn nearest(&self, query: &[f32], k: usize, exclude: &[u32]) -> Vec<Neighbour> {
        let (query, _) = normalised(query);
        let mut scored: Vec<Neighbour> = (0..self.len() as u32)
            .filter(|id| !exclude.contains(id))
            .map(|id| Neighbour {
                id,
                cosine: self.row(id).iter().zip(&query).map(|(x, y)| x * y).sum(),
            })
            .collect();
        // NaN (never from finite vectors) sorts last rather than panicking.
        scored.sort_by(|a, b| b.cosine.total_cmp(&a.cosine));
        scored.truncate(k);
        scored
    }

    /// The `k` nearest neighbours of token `id`, itself left out.
    pub fn neighbours(&self, id: u32, k: usize) -> Vec<Neighbour> {
        self.nearest(self.row(id), k, &[id])
    }

    /// `a − b + c` (on unit vectors, as the original tool does) and the `k`
    /// tokens nearest to it, the three asked left out.
    pub fn analogy(&self, a: u32, b: u32, c: u32, k: usize) -> Vec<Neighbour> {
        let query: Vec<f32> = (0..self.dim)
            .map(|d| self.row(a)[d] - self.row(b)[d] + self.row(c)[d])
            .collect();
        self.nearest(&query, k, &[a, b, c])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_rank_by_cosine_not_length() {
        // 0 and 1 point the same way at different lengths; 2 is orthogonal; 3 opposite.
        let e = Embeddings::new(&[1.0, 0.0, 5.0, 0.1, 0.0, 2.0, -1.0, 0.0], 2);
        let n = e.neighbours(0, 3);
        assert_eq!(n.iter().map(|n| n.id).collect::<Vec<_>>(), [1, 2, 3]);
        assert!((n[0].cosine - 0.9998).abs() < 1e-3 && (n[2].cosine + 1.0).abs() < 1e-6);
        assert_eq!(e.lengths[1], (25.01f32).sqrt());
    }

    #[test]
    fn analogy_is_vector_arithmetic() {
        // king = royal + male, queen = royal + female, man = male, woman = female.
        let (royal, male, female) = ([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]);
        let sum = |a: [f32; 3], b: [f32; 3]| [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
        let rows = [
            sum(royal, male),
            sum(royal, female),
            male,
            female,
            [0.3, 0.3, 0.3],
        ];
        let e = Embeddings::new(&rows.concat(), 3);
        let (king, queen, man, woman) = (0, 1, 2, 3);
        assert_eq!(e.analogy(king, man, woman, 1)[0].id, queen);
    }
}
