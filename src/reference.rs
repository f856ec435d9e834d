//! Independent answers in plain Rust (f64, no burn) that the device check
//! compares burn's results with.
//!
//! Matrices are row-major `Vec<f64>` with their shape passed alongside; the
//! loops are the textbook ones so that a reader can check them by eye.

/// A deterministic matrix whose entries are small multiples of 1/4, so that
/// products are exact in f32 and any error comes from the backend.
///
/// # Shapes
/// - returns: [rows, cols], row-major
pub fn quarter_matrix(rows: usize, cols: usize, salt: usize) -> Vec<f64> {
    (0..rows * cols)
        .map(|k| {
            let (i, j) = (k / cols, k % cols);
            ((i * 7 + j * 3 + salt * 5) % 11) as f64 / 4.0 - 1.25
        })
        .collect()
}

/// `a @ b`.
///
/// # Shapes
/// - a: [m, k]
/// - b: [k, n]
/// - returns: [m, n]
pub fn matmul(a: &[f64], b: &[f64], m: usize, k: usize, n: usize) -> Vec<f64> {
    let mut out = vec![0.0; m * n];
    for i in 0..m {
        for p in 0..k {
            let aip = a[i * k + p];
            for j in 0..n {
                out[i * n + j] += aip * b[p * n + j];
            }
        }
    }
    out
}

/// The transpose of a row-major matrix.
///
/// # Shapes
/// - a: [rows, cols]
/// - returns: [cols, rows]
pub fn transpose(a: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let mut out = vec![0.0; rows * cols];
    for i in 0..rows {
        for j in 0..cols {
            out[j * rows + i] = a[i * cols + j];
        }
    }
    out
}

/// Loss and gradients of `L = mean((x @ w - t)^2)`, derived by hand:
/// with `r = x @ w - t` and `N` the number of entries of `r`,
/// `dL/dw = (2/N) x^T r` and `dL/dx = (2/N) r w^T`.
///
/// # Shapes
/// - x: [m, k]
/// - w: [k, n]
/// - t: [m, n]
/// - returns: (loss, dL/dw [k, n], dL/dx [m, k])
pub fn mse_linear_grads(
    x: &[f64],
    w: &[f64],
    t: &[f64],
    m: usize,
    k: usize,
    n: usize,
) -> (f64, Vec<f64>, Vec<f64>) {
    let y = matmul(x, w, m, k, n);
    let r: Vec<f64> = y.iter().zip(t).map(|(y, t)| y - t).collect();
    let count = (m * n) as f64;
    let loss = r.iter().map(|r| r * r).sum::<f64>() / count;
    let scale = |v: Vec<f64>| v.into_iter().map(|g| 2.0 * g / count).collect::<Vec<_>>();
    let grad_w = scale(matmul(&transpose(x, m, k), &r, k, m, n));
    let grad_x = scale(matmul(&r, &transpose(w, k, n), m, n, k));
    (loss, grad_w, grad_x)
}

/// Largest absolute difference between two equally long slices; NaN if any
/// entry is not finite (so a NaN can never pass a tolerance check).
pub fn max_abs_diff(got: &[f32], want: &[f64]) -> f64 {
    if got.len() != want.len() {
        return f64::NAN;
    }
    got.iter()
        .zip(want)
        .try_fold(0.0f64, |acc, (&g, &w)| {
            let d = (g as f64 - w).abs();
            d.is_finite().then_some(acc.max(d))
        })
        .unwrap_or(f64::NAN)
}

/// The larger of two errors, or NaN when either is NaN.
///
/// `f64::max` returns the other argument when one is NaN, so a fold with it
/// lets a NaN error pass as the best one seen; every worst case in the
/// crate's checks is folded with this instead.
pub fn worst(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// The smaller of two scores where lower is worse (a cosine, an accuracy),
/// or NaN when either is NaN: [`worst`] for scores.
pub fn lowest(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

/// The largest of `errors` (0 for none), NaN if any is NaN.
pub fn worst_of(errors: impl IntoIterator<Item = f64>) -> f64 {
    errors.into_iter().fold(0.0, worst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matmul_known_value() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [5.0, 6.0, 7.0, 8.0];
        assert_eq!(matmul(&a, &b, 2, 2, 2), vec![19.0, 22.0, 43.0, 50.0]);
    }

    #[test]
    fn hand_gradient_matches_finite_differences() {
        let (m, k, n) = (3, 4, 2);
        let x = quarter_matrix(m, k, 1);
        let w = quarter_matrix(k, n, 2);
        let t = quarter_matrix(m, n, 3);
        let (_, gw, _) = mse_linear_grads(&x, &w, &t, m, k, n);
        let eps = 1e-6;
        for idx in 0..w.len() {
            let mut wp = w.clone();
            wp[idx] += eps;
            let mut wm = w.clone();
            wm[idx] -= eps;
            let lp = mse_linear_grads(&x, &wp, &t, m, k, n).0;
            let lm = mse_linear_grads(&x, &wm, &t, m, k, n).0;
            assert!(((lp - lm) / (2.0 * eps) - gw[idx]).abs() < 1e-6);
        }
    }

    #[test]
    fn a_nan_is_the_worst_case_whichever_side_it_is_on() {
        assert!(worst(f64::NAN, 0.5).is_nan());
        assert!(worst(0.5, f64::NAN).is_nan());
        assert_eq!(worst(0.5, 2.0), 2.0);
        assert!(lowest(f64::NAN, 0.9).is_nan());
        assert!(lowest(0.9, f64::NAN).is_nan());
        assert_eq!(lowest(0.9, 0.8), 0.8);
        assert!(worst_of([0.1, f64::NAN, 0.2]).is_nan());
        assert!(worst_of([f64::NAN, 0.2]).is_nan());
        assert_eq!(worst_of([0.1, 0.3, 0.2]), 0.3);
        assert_eq!(worst_of([]), 0.0);
    }

    #[test]
    fn max_abs_diff_rejects_nan() {
        assert!(max_abs_diff(&[f32::NAN], &[0.0]).is_nan());
        assert_eq!(max_abs_diff(&[1.0, 2.5], &[1.0, 2.0]), 0.5);
    }
}
