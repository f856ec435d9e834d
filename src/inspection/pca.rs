//! Two-component PCA of token vectors, layer after layer.
//!
//! The embeddings view moves each token's point through the layers, so the
//! projections of consecutive layers must not flip: each layer gets its own
//! principal axes (the geometry changes from layer to layer, which is the
//! point), and each axis's sign is chosen to agree with the previous layer's
//! coordinates. Power iteration with deflation is plenty for two components
//! of at most 512 points in 384 dimensions, and keeps this plain Rust.

/// One layer's projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// `[x, y]` per point.
    pub points: Vec<[f32; 2]>,
    /// Share of the total variance the two axes explain, in [0, 1].
    pub explained: f32,
}

/// Power-iteration steps at most. The picture needs the axes to a fraction
/// of a pixel, not to machine precision: where the top two variances are
/// close (ratio 0.9) 60 steps leave the axis 0.2% off, and where they are
/// closer the axis is not well defined anyway. More steps cost 0.1 s per
/// layer at 256 tokens.
const ITERATIONS: usize = 60;

/// Project `n` points of `dim` values each (row-major) onto their first two
/// principal axes.
pub fn project(values: &[f32], n: usize, dim: usize) -> Projection {
    assert_eq!(values.len(), n * dim, "values must be n x dim");
    if n == 0 {
        return Projection {
            points: Vec::new(),
            explained: 0.0,
        };
    }
    let mut centred: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
    for d in 0..dim {
        let mean = (0..n).map(|i| centred[i * dim + d]).sum::<f64>() / n as f64;
        for i in 0..n {
            centred[i * dim + d] -= mean;
        }
    }
    let total: f64 = centred.iter().map(|v| v * v).sum();
    let mut coords = vec![[0.0f64; 2]; n];
    let mut explained = 0.0;
    let mut axes: Vec<Vec<f64>> = Vec::new();
    for c in 0..2 {
        let axis = leading_axis(&centred, n, dim, &axes);
        let mut variance = 0.0;
        for (i, point) in coords.iter_mut().enumerate() {
            let row = &centred[i * dim..(i + 1) * dim];
            let x: f64 = row.iter().zip(&axis).map(|(a, b)| a * b).sum();
            point[c] = x;
            variance += x * x;
        }
        explained += variance;
        axes.push(axis);
    }
    Projection {
        points: coords.iter().map(|p| [p[0] as f32, p[1] as f32]).collect(),
        explained: if total > 0.0 {
            (explained / total) as f32
        } else {
            0.0
        },
    }
}

/// The unit axis of largest variance orthogonal to `found`.
fn leading_axis(x: &[f64], n: usize, dim: usize, found: &[Vec<f64>]) -> Vec<f64> {
    // A fixed, not-quite-symmetric start: deterministic and unlikely to be
    // orthogonal to the answer.
    let mut v: Vec<f64> = (0..dim).map(|d| 1.0 + (d as f64 * 0.618).fract()).collect();
    for _ in 0..ITERATIONS {
        orthogonalise(&mut v, found);
        if normalise(&mut v) == 0.0 {
            return v;
        }
        // v <- X^T (X v)
        let xv: Vec<f64> = (0..n)
            .map(|i| {
                x[i * dim..(i + 1) * dim]
                    .iter()
                    .zip(&v)
                    .map(|(a, b)| a * b)
                    .sum()
            })
            .collect();
        let mut next = vec![0.0; dim];
        for (i, s) in xv.iter().enumerate() {
            for (acc, a) in next.iter_mut().zip(&x[i * dim..(i + 1) * dim]) {
                *acc += a * s;
            }
        }
        orthogonalise(&mut next, found);
        normalise(&mut next);
        let change: f64 = next.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
        v = next;
        if change < 1e-7 {
            break;
        }
    }
    v
}

fn orthogonalise(v: &mut [f64], against: &[Vec<f64>]) {
    for axis in against {
        let dot: f64 = v.iter().zip(axis).map(|(a, b)| a * b).sum();
        for (x, a) in v.iter_mut().zip(axis) {
            *x -= dot * a;
        }
    }
}

fn normalise(v: &mut [f64]) -> f64 {
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    norm
}

/// Flip `current`'s axes where they disagree with `previous` (same points).
pub fn align_signs(current: &mut Projection, previous: &Projection) {
    for c in 0..2 {
        let agreement: f32 = current
            .points
            .iter()
            .zip(&previous.points)
            .map(|(a, b)| a[c] * b[c])
            .sum();
        if agreement < 0.0 {
            current.points.iter_mut().for_each(|p| p[c] = -p[c]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_on_a_line_project_onto_the_first_axis() {
        // Points along (1, 2, 2) / 3 with a small offset along z.
        let mut values = Vec::new();
        for t in -3..=3 {
            let t = t as f32;
            values.extend([t, 2.0 * t, 2.0 * t + 0.01 * t * t]);
        }
        let p = project(&values, 7, 3);
        assert!(p.explained > 0.9999, "{}", p.explained);
        let xs: Vec<f32> = p.points.iter().map(|q| q[0].abs()).collect();
        assert!((xs[0] - 9.0).abs() < 0.05, "{xs:?}");
        assert!(p.points.iter().all(|q| q[1].abs() < 0.1));
    }

    #[test]
    fn second_axis_is_orthogonal_and_variances_ordered() {
        let values = [2.0, 0.0, 0.0, -2.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, -1.0, 0.0];
        let p = project(&values, 4, 3);
        let var = |c: usize| p.points.iter().map(|q| q[c] * q[c]).sum::<f32>();
        assert!((var(0) - 8.0).abs() < 1e-4 && (var(1) - 2.0).abs() < 1e-4);
        assert!((p.explained - 1.0).abs() < 1e-6);
    }

    #[test]
    fn signs_follow_the_previous_layer() {
        let previous = Projection {
            points: vec![[1.0, 1.0], [-1.0, -1.0]],
            explained: 1.0,
        };
        let mut current = Projection {
            points: vec![[-2.0, 1.0], [2.0, -1.0]],
            explained: 1.0,
        };
        align_signs(&mut current, &previous);
        assert_eq!(current.points, vec![[2.0, 1.0], [-2.0, -1.0]]);
    }

    #[test]
    fn one_point_has_no_variance() {
        let p = project(&[1.0, 2.0], 1, 2);
        assert_eq!(p.points, vec![[0.0, 0.0]]);
        assert_eq!(p.explained, 0.0);
    }
}
