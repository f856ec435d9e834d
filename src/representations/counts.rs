//! The count-based vectors word2vec replaced: count how often each pair of
//! tokens falls within `window` of each other, weight the counts by
//! positive pointwise mutual information (PPMI: log of how much more often
//! the pair meets than chance, negatives clipped to 0), and keep the top
//! `dim` directions of that V × V matrix. The matrix is symmetric, so its
//! SVD comes from its eigendecomposition: the singular values are the
//! eigenvalues' sizes |λ| (PPMI is not positive semi-definite, so some λ are
//! negative) and the vectors are the eigenvectors scaled by √|λ|, the
//! symmetric weighting of Levy and Goldberg's SVD baseline.
//!
//! The matrix is sparse (most pairs never meet), so the top directions come
//! from randomized subspace iteration: a few products of the sparse matrix
//! with a V × k block, then a k × k eigenproblem (Jacobi).

use std::collections::HashMap;

use super::vocab::Sentences;
use crate::inspection::eigen::symmetric_eigen;
use crate::rng::Rng;

/// A symmetric sparse matrix by rows: `(column, value)` pairs, columns ascending.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseRows {
    /// One list per row.
    pub rows: Vec<Vec<(u32, f32)>>,
}

impl SparseRows {
    /// Stored (non-zero) entries.
    pub fn entries(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }

    /// `self · block`, `block` being `V × k` row-major.
    fn times(&self, block: &[f64], k: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.rows.len() * k];
        for (i, row) in self.rows.iter().enumerate() {
            let target = &mut out[i * k..(i + 1) * k];
            for &(j, value) in row {
                let source = &block[j as usize * k..(j as usize + 1) * k];
                for (t, s) in target.iter_mut().zip(source) {
                    *t += f64::from(value) * s;
                }
            }
        }
        out
    }
}

/// How often each pair of the `vocab` tokens of `corpus` falls within
/// `window` positions of each other (both orders counted).
pub fn cooccurrence(corpus: &Sentences, vocab: usize, window: usize) -> SparseRows {
    let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab];
    for sentence in corpus {
        for (i, &a) in sentence.iter().enumerate() {
            for &b in sentence.iter().skip(i + 1).take(window) {
                *counts[a as usize].entry(b).or_default() += 1.0;
                *counts[b as usize].entry(a).or_default() += 1.0;
            }
        }
    }
    SparseRows {
        rows: counts
            .into_iter()
            .map(|row| {
                let mut row: Vec<(u32, f32)> = row.into_iter().collect();
                row.sort_unstable_by_key(|&(j, _)| j);
                row
            })
            .collect(),
    }
}

/// Positive PMI of a co-occurrence matrix: `max(0, log(n_ab · N / (n_a · n_b)))`,
/// zeros dropped.
pub fn ppmi(counts: &SparseRows) -> SparseRows {
    let sums: Vec<f64> = counts
        .rows
        .iter()
        .map(|row| row.iter().map(|&(_, v)| f64::from(v)).sum())
        .collect();
    let total: f64 = sums.iter().sum::<f64>().max(1.0);
    SparseRows {
        rows: counts
            .rows
            .iter()
            .enumerate()
            .map(|(a, row)| {
                row.iter()
                    .filter_map(|&(b, n)| {
                        let pmi = (f64::from(n) * total / (sums[a] * sums[b as usize])).ln();
                        (pmi > 0.0).then_some((b, pmi as f32))
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Orthonormalise the `k` columns of the `V × k` row-major `block` in place
/// (modified Gram–Schmidt; a column that vanishes becomes zero).
fn orthonormalise(block: &mut [f64], k: usize) {
    let rows = block.len() / k;
    for c in 0..k {
        for p in 0..c {
            let dot: f64 = (0..rows).map(|r| block[r * k + c] * block[r * k + p]).sum();
            for r in 0..rows {
                block[r * k + c] -= dot * block[r * k + p];
            }
        }
        let norm = (0..rows)
            .map(|r| block[r * k + c].powi(2))
            .sum::<f64>()
            .sqrt();
        let scale = if norm > 1e-12 { 1.0 / norm } else { 0.0 };
        for r in 0..rows {
            block[r * k + c] *= scale;
        }
    }
}

/// The `dim` largest singular directions of the symmetric `m`, as vectors:
/// row `i` of the `V × dim` row-major result is token `i`'s vector
/// (eigenvectors scaled by √|λ|), with the eigenvalues, largest |λ| first.
/// Subspace iteration converges to the eigenvalues of largest size, of
/// either sign, which is what the SVD keeps.
pub fn top_vectors(m: &SparseRows, dim: usize, seed: u64) -> (Vec<f32>, Vec<f64>) {
    let v = m.rows.len();
    let k = (dim + 10).min(v);
    let mut rng = Rng::new(seed);
    let mut block: Vec<f64> = (0..v * k).map(|_| f64::from(rng.unit()) - 0.5).collect();
    orthonormalise(&mut block, k);
    for _ in 0..6 {
        block = m.times(&block, k);
        orthonormalise(&mut block, k);
    }
    // B = Qᵀ M Q, k × k.
    let mq = m.times(&block, k);
    let mut small = vec![0.0; k * k];
    for a in 0..k {
        for b in 0..k {
            small[a * k + b] = (0..v).map(|r| block[r * k + a] * mq[r * k + b]).sum();
        }
    }
    for a in 0..k {
        for b in a + 1..k {
            let mean = 0.5 * (small[a * k + b] + small[b * k + a]);
            small[a * k + b] = mean;
            small[b * k + a] = mean;
        }
    }
    let (values, w) = symmetric_eigen(small, k);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| values[b].abs().total_cmp(&values[a].abs()));
    order.truncate(dim.min(k));
    let mut vectors = vec![0.0f32; v * order.len()];
    for (c, &e) in order.iter().enumerate() {
        let scale = values[e].abs().sqrt();
        for r in 0..v {
            let x: f64 = (0..k).map(|j| block[r * k + j] * w[j * k + e]).sum();
            vectors[r * order.len() + c] = (x * scale) as f32;
        }
    }
    (vectors, order.iter().map(|&e| values[e]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dense(m: &SparseRows) -> Vec<Vec<f32>> {
        let n = m.rows.len();
        m.rows
            .iter()
            .map(|row| {
                let mut d = vec![0.0; n];
                for &(j, v) in row {
                    d[j as usize] = v;
                }
                d
            })
            .collect()
    }

    #[test]
    fn counts_pairs_within_the_window_both_ways() {
        let m = cooccurrence(&vec![vec![0, 1, 2, 0]], 3, 2);
        let d = dense(&m);
        // pairs within 2: (0,1) (0,2) (1,2) (1,0) (2,0): 0–1 twice, 0–2 twice (2 then 0 adjacent), 1–2 once.
        assert_eq!(d[0], vec![0.0, 2.0, 2.0]);
        assert_eq!(d[1], vec![2.0, 0.0, 1.0]);
        assert_eq!(d[2], vec![2.0, 1.0, 0.0]);
    }

    #[test]
    fn ppmi_keeps_only_pairs_that_meet_more_than_chance() {
        // 0 and 1 always together, 2 and 3 always together.
        let corpus = vec![vec![0, 1], vec![2, 3], vec![0, 1], vec![2, 3]];
        let m = ppmi(&cooccurrence(&corpus, 4, 1));
        let d = dense(&m);
        assert!((d[0][1] - 4f32.ln()).abs() < 1e-6, "{d:?}");
        assert_eq!(d[0][2], 0.0);
        assert_eq!(m.entries(), 4);
    }

    #[test]
    fn a_negative_eigenvalue_larger_than_a_positive_one_is_kept() {
        // M = 5·u uᵀ − 3·w wᵀ + 1·z zᵀ: singular values 5, 3, 1.
        let u = [1.0, 1.0, 1.0, 1.0, 0.0, 0.0].map(|x: f64| x / 2.0);
        let w = [1.0, -1.0, 0.0, 0.0, 1.0, -1.0].map(|x: f64| x / 2.0);
        let z = [1.0, 1.0, -1.0, -1.0, 0.0, 0.0].map(|x: f64| x / 2.0);
        let rows = (0..6)
            .map(|i| {
                (0..6)
                    .map(|j| {
                        let v = 5.0 * u[i] * u[j] - 3.0 * w[i] * w[j] + z[i] * z[j];
                        (j as u32, v as f32)
                    })
                    .filter(|&(_, v)| v != 0.0)
                    .collect()
            })
            .collect();
        let (vectors, values) = top_vectors(&SparseRows { rows }, 2, 3);
        assert!(
            (values[0] - 5.0).abs() < 1e-5 && (values[1] + 3.0).abs() < 1e-5,
            "{values:?}"
        );
        // The second column is w scaled by √3 (up to sign).
        let col: Vec<f64> = (0..6).map(|i| f64::from(vectors[i * 2 + 1])).collect();
        let dot: f64 = col.iter().zip(&w).map(|(a, b)| a * b).sum();
        assert!((dot.abs() - 3f64.sqrt()).abs() < 1e-4, "{col:?}");
    }

    #[test]
    fn top_vectors_reproduce_a_known_factorisation() {
        // M = 5·u uᵀ + 2·w wᵀ with u, w orthonormal in 6 dimensions.
        let u = [1.0, 1.0, 1.0, 1.0, 0.0, 0.0].map(|x: f64| x / 2.0);
        let w = [1.0, -1.0, 0.0, 0.0, 1.0, -1.0].map(|x: f64| x / 2.0);
        let rows = (0..6)
            .map(|i| {
                (0..6)
                    .map(|j| (j as u32, (5.0 * u[i] * u[j] + 2.0 * w[i] * w[j]) as f32))
                    .filter(|&(_, v)| v != 0.0)
                    .collect()
            })
            .collect();
        let m = SparseRows { rows };
        let (vectors, values) = top_vectors(&m, 2, 7);
        assert!(
            (values[0] - 5.0).abs() < 1e-5 && (values[1] - 2.0).abs() < 1e-5,
            "{values:?}"
        );
        // X Xᵀ = M: the vectors factorise the matrix.
        for i in 0..6 {
            for j in 0..6 {
                let back: f32 = (0..2)
                    .map(|c| vectors[i * 2 + c] * vectors[j * 2 + c])
                    .sum();
                let want = 5.0 * u[i] * u[j] + 2.0 * w[i] * w[j];
                assert!(
                    (f64::from(back) - want).abs() < 1e-4,
                    "{i},{j}: {back} vs {want}"
                );
            }
        }
    }
}
