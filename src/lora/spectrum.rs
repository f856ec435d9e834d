//! How low the rank of an update really is: the singular values of a
//! weight update ΔW [d_in × d_out], from the eigenvalues of the smaller
//! Gram matrix (ΔW·ΔWᵀ or ΔWᵀ·ΔW) by cyclic Jacobi rotations, in f64. A
//! rank-r LoRA update has at most r values above rounding; a full
//! fine-tune's shows how many directions it actually used.

use crate::inspection::eigen::symmetric_eigen;

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
    let mut values: Vec<f64> = symmetric_eigen(g, n)
        .0
        .into_iter()
        .map(|e| e.max(0.0).sqrt())
        .collect();
    values.sort_by(|a, b| b.total_cmp(a));
    values
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
