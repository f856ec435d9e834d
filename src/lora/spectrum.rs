//! How low the rank of an update really is: the singular values of a
//! weight update ΔW [d_in × d_out], from the eigenvalues of the smaller
//! Gram matrix (ΔW·ΔWᵀ or ΔWᵀ·ΔW) by cyclic Jacobi rotations, in f64. A
//! rank-r LoRA update has at most r values above rounding; a full
//! fine-tune's shows how many directions it actually used.

/// Singular values of the row-major `rows` × `cols` matrix `m`, largest
/// first.
pub fn singular_values(m: &[f32], rows: usize, cols: usize) -> Vec<f64> {
    let n = rows.min(cols);
    // Gram matrix over the smaller side: G = M·Mᵀ (rows ≤ cols) or Mᵀ·M.
    let at = |i: usize, j: usize| f64::from(m[i * cols + j]);
    let mut g = vec![0.0f64; n * n];
    for a in 0..n {
        for b in a..n {
            let dot: f64 = if rows <= cols {
                (0..cols).map(|k| at(a, k) * at(b, k)).sum()
            } else {
                (0..rows).map(|k| at(k, a) * at(k, b)).sum()
            };
            g[a * n + b] = dot;
            g[b * n + a] = dot;
        }
    }
    let mut values: Vec<f64> = eigenvalues(g, n)
        .into_iter()
        .map(|e| e.max(0.0).sqrt())
        .collect();
    values.sort_by(|a, b| b.total_cmp(a));
    values
}

/// Eigenvalues of the symmetric `n` × `n` matrix `a` (row-major), by
/// cyclic Jacobi sweeps until the off-diagonal mass is negligible.
fn eigenvalues(mut a: Vec<f64>, n: usize) -> Vec<f64> {
    let total: f64 = a.iter().map(|v| v * v).sum::<f64>().max(f64::MIN_POSITIVE);
    for _ in 0..50 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        if off <= 1e-22 * total {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
            }
        }
    }
    (0..n).map(|i| a[i * n + i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_singular_values() {
        // [[3, 0], [4, 5]]: singular values √45 and √5.
        let s = singular_values(&[3.0, 0.0, 4.0, 5.0], 2, 2);
        assert!(
            (s[0] - 45f64.sqrt()).abs() < 1e-9 && (s[1] - 5f64.sqrt()).abs() < 1e-9,
            "{s:?}"
        );
        // a wide and a tall diagonal-ish matrix give the same values.
        let wide = [2.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let tall = [2.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let (a, b) = (singular_values(&wide, 2, 4), singular_values(&tall, 4, 2));
        assert!(
            (a[0] - 2.0).abs() < 1e-12 && (a[1] - 1.0).abs() < 1e-12,
            "{a:?}"
        );
        assert!(
            (b[0] - 2.0).abs() < 1e-12 && (b[1] - 1.0).abs() < 1e-12,
            "{b:?}"
        );
    }

    #[test]
    fn a_rank_two_product_has_two_values_above_rounding() {
        // (8 × 2)·(2 × 6)
        let a: Vec<f64> = (0..16).map(|i| ((i * 7 % 5) as f64 - 2.0) / 3.0).collect();
        let b: Vec<f64> = (0..12).map(|i| ((i * 3 % 7) as f64 - 3.0) / 2.0).collect();
        let m: Vec<f32> = (0..8)
            .flat_map(|i| {
                let (a, b) = (&a, &b);
                (0..6).map(move |j| (a[i * 2] * b[j] + a[i * 2 + 1] * b[6 + j]) as f32)
            })
            .collect();
        let s = singular_values(&m, 8, 6);
        assert_eq!(s.len(), 6);
        assert!(s[1] > 1e-2 * s[0], "{s:?}");
        assert!(s[2..].iter().all(|&v| v < 1e-3 * s[0]), "{s:?}");
    }
}
