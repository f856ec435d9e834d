//! Eigenvalues and eigenvectors of a small symmetric matrix by cyclic
//! Jacobi rotations, in f64: the LoRA lab's singular values (from a Gram
//! matrix) and the Embeddings lab's count vectors (from a projected PPMI
//! matrix) both end in one. Plain Rust: the matrices are at most a few
//! hundred rows, and Jacobi is simple, stable and exact to rounding.

/// Eigenvalues of the symmetric `n` × `n` row-major `a`, and the matching
/// unit eigenvectors as the columns of an `n` × `n` row-major matrix.
/// Unordered.
pub fn symmetric_eigen(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    assert_eq!(a.len(), n * n, "a must be n × n");
    let mut v = vec![0.0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    let total: f64 = a.iter().map(|x| x * x).sum::<f64>().max(f64::MIN_POSITIVE);
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
                let t = if theta == 0.0 {
                    1.0
                } else {
                    theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt())
                };
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
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_decomposition() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2.
        let (values, vectors) = symmetric_eigen(vec![2.0, 1.0, 1.0, 2.0], 2);
        let big = if values[0] > values[1] { 0 } else { 1 };
        assert!((values[big] - 3.0).abs() < 1e-12 && (values[1 - big] - 1.0).abs() < 1e-12);
        let h = 0.5f64.sqrt();
        assert!(
            (vectors[big].abs() - h).abs() < 1e-12 && (vectors[2 + big].abs() - h).abs() < 1e-12
        );
        assert!(
            vectors[big] * vectors[2 + big] > 0.0,
            "(1, 1) direction: {vectors:?}"
        );
    }

    #[test]
    fn vectors_reconstruct_the_matrix() {
        let a = vec![4.0, 1.0, -2.0, 1.0, 3.0, 0.5, -2.0, 0.5, 1.0];
        let (values, v) = symmetric_eigen(a.clone(), 3);
        for i in 0..3 {
            for j in 0..3 {
                let back: f64 = (0..3)
                    .map(|k| v[i * 3 + k] * values[k] * v[j * 3 + k])
                    .sum();
                assert!((back - a[i * 3 + j]).abs() < 1e-10, "{i},{j}: {back}");
            }
        }
    }
}
