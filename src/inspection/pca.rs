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
/// closer the axis is not well defined anyway.
const ITERATIONS: usize = 60;

/// Power iteration stops early once an axis moves less than this (summed
/// over its components) in one step: far below a pixel, and above the
/// rounding of f32 arithmetic on a unit vector of a few hundred components.
const SETTLED: f32 = 1e-5;

/// Project each of `layers` consecutive states of `n` points with `dim`
/// values each onto its own first two principal axes, each axis's sign
/// following the previous layer's. The layers' projections are
/// independent, so the threaded engine runs them at once.
///
/// # Shapes
/// - states: [layers, n, dim], row-major
/// - returns: `layers` projections of `n` points each
pub fn project_layers(states: &[f32], layers: usize, n: usize, dim: usize) -> Vec<Projection> {
    assert_eq!(
        states.len(),
        layers * n * dim,
        "states must be layers x n x dim"
    );
    if n * dim == 0 {
        return (0..layers).map(|_| project(&[], n, dim)).collect();
    }
    #[cfg(all(target_arch = "wasm32", feature = "threads"))]
    let mut projections: Vec<Projection> = {
        use rayon::prelude::*;
        states
            .par_chunks_exact(n * dim)
            .map(|state| project(state, n, dim))
            .collect()
    };
    #[cfg(not(all(target_arch = "wasm32", feature = "threads")))]
    let mut projections: Vec<Projection> = states
        .chunks_exact(n * dim)
        .map(|state| project(state, n, dim))
        .collect();
    for l in 1..projections.len() {
        let (done, rest) = projections.split_at_mut(l);
        align_signs(&mut rest[0], &done[l - 1]);
    }
    projections
}

/// Project `n` points of `dim` values each (row-major) onto their first two
/// principal axes.
///
/// The arithmetic is f32, as the values are: the axes need a fraction of a
/// pixel, and f32 halves the work of f64 in SIMD lanes.
pub fn project(values: &[f32], n: usize, dim: usize) -> Projection {
    assert_eq!(values.len(), n * dim, "values must be n x dim");
    if n == 0 || dim == 0 {
        return Projection {
            points: vec![[0.0, 0.0]; n],
            explained: 0.0,
        };
    }
    let mut centred = values.to_vec();
    for d in 0..dim {
        let mean = (0..n).map(|i| f64::from(values[i * dim + d])).sum::<f64>() / n as f64;
        for i in 0..n {
            centred[i * dim + d] -= mean as f32;
        }
    }
    let total: f64 = centred.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
    let mut points = vec![[0.0f32; 2]; n];
    let mut explained = 0.0f64;
    let mut axes: Vec<Vec<f32>> = Vec::new();
    for c in 0..2 {
        let axis = leading_axis(&centred, dim, &axes);
        for (point, row) in points.iter_mut().zip(centred.chunks_exact(dim)) {
            let x = dot(row, &axis);
            point[c] = x;
            explained += f64::from(x) * f64::from(x);
        }
        axes.push(axis);
    }
    Projection {
        points,
        explained: if total > 0.0 {
            (explained / total) as f32
        } else {
            0.0
        },
    }
}

/// The unit axis of largest variance orthogonal to `found`, for the rows
/// of `x`, each `dim` long.
fn leading_axis(x: &[f32], dim: usize, found: &[Vec<f32>]) -> Vec<f32> {
    // A fixed, not-quite-symmetric start: deterministic and unlikely to be
    // orthogonal to the answer.
    let mut v: Vec<f32> = (0..dim).map(|d| 1.0 + (d as f32 * 0.618).fract()).collect();
    for _ in 0..ITERATIONS {
        orthogonalise(&mut v, found);
        if normalise(&mut v) == 0.0 {
            return v;
        }
        // v <- X^T (X v) in one pass over the rows: each row's product
        // with v, then that multiple of the row added in while it is
        // still in cache.
        let mut next = vec![0.0f32; dim];
        for row in x.chunks_exact(dim) {
            let s = dot(row, &v);
            for (acc, a) in next.iter_mut().zip(row) {
                *acc += a * s;
            }
        }
        orthogonalise(&mut next, found);
        normalise(&mut next);
        let change: f32 = next.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
        v = next;
        if change < SETTLED {
            break;
        }
    }
    v
}

/// `a · b` with eight partial sums. One running sum is a chain of
/// additions, each waiting for the one before; eight independent chains
/// overlap, and the compiler packs them into SIMD lanes. Most of the
/// projection's time is here.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    let mut partial = [0.0f32; 8];
    for (x, y) in a8.zip(b8) {
        for l in 0..8 {
            partial[l] += x[l] * y[l];
        }
    }
    partial.iter().sum::<f32>() + tail
}

fn orthogonalise(v: &mut [f32], against: &[Vec<f32>]) {
    for axis in against {
        let d = dot(v, axis);
        for (x, a) in v.iter_mut().zip(axis) {
            *x -= d * a;
        }
    }
}

fn normalise(v: &mut [f32]) -> f32 {
    let norm = dot(v, v).sqrt();
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

    /// Points with a clear first and second direction (variances 9 and 4
    /// times the noise's) in `dim` dimensions, rotated off the axes.
    fn cloud(n: usize, dim: usize, seed: u64) -> Vec<f32> {
        let mut rng = crate::rng::Rng::new(seed);
        let mut values = Vec::with_capacity(n * dim);
        for _ in 0..n {
            let (a, b) = (3.0 * rng.normal(), 2.0 * rng.normal());
            for d in 0..dim {
                let (u, w) = ((d as f32 * 0.37).sin(), (d as f32 * 1.3).cos());
                values.push(a * u + b * w + 0.3 * rng.normal() + 5.0);
            }
        }
        values
    }

    #[test]
    fn explained_share_matches_the_exact_eigenvalues() {
        let (n, dim) = (300, 24);
        let values = cloud(n, dim, 7);
        let p = project(&values, n, dim);
        // The covariance's exact spectrum, in f64.
        let mean: Vec<f64> = (0..dim)
            .map(|d| (0..n).map(|i| f64::from(values[i * dim + d])).sum::<f64>() / n as f64)
            .collect();
        let mut cov = vec![0.0f64; dim * dim];
        for i in 0..n {
            for a in 0..dim {
                for b in 0..dim {
                    cov[a * dim + b] += (f64::from(values[i * dim + a]) - mean[a])
                        * (f64::from(values[i * dim + b]) - mean[b]);
                }
            }
        }
        let (mut eigenvalues, _) = crate::inspection::eigen::symmetric_eigen(cov, dim);
        eigenvalues.sort_by(|a, b| b.total_cmp(a));
        let exact = (eigenvalues[0] + eigenvalues[1]) / eigenvalues.iter().sum::<f64>();
        assert!(
            (f64::from(p.explained) - exact).abs() < 1e-4,
            "{} vs {exact}",
            p.explained
        );
        let var = |c: usize| {
            p.points
                .iter()
                .map(|q| f64::from(q[c]).powi(2))
                .sum::<f64>()
        };
        assert!(
            (var(0) / eigenvalues[0] - 1.0).abs() < 1e-4,
            "{} vs {}",
            var(0),
            eigenvalues[0]
        );
        assert!(
            (var(1) / eigenvalues[1] - 1.0).abs() < 1e-3,
            "{} vs {}",
            var(1),
            eigenvalues[1]
        );
    }

    #[test]
    fn layers_are_projected_alone_and_signs_follow_the_layer_before() {
        let (n, dim) = (50, 16);
        let first = cloud(n, dim, 1);
        // The next layer: the same points, every value negated, so each
        // axis flips and must be flipped back.
        let states: Vec<f32> = first
            .iter()
            .copied()
            .chain(first.iter().map(|v| -v))
            .collect();
        let layers = project_layers(&states, 2, n, dim);
        assert_eq!(layers.len(), 2);
        assert_eq!(layers[0], project(&first, n, dim));
        for (a, b) in layers[0].points.iter().zip(&layers[1].points) {
            assert!(
                (a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3,
                "{a:?} vs {b:?}"
            );
        }
        assert!(
            project_layers(&[], 3, 0, 16)
                .iter()
                .all(|p| p.points.is_empty())
        );
    }

    #[test]
    fn one_point_has_no_variance() {
        let p = project(&[1.0, 2.0], 1, 2);
        assert_eq!(p.points, vec![[0.0, 0.0]]);
        assert_eq!(p.explained, 0.0);
    }
}
