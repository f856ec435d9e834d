//! The device check: proof, on the device the user has, that burn computes.
//!
//! Two real computations run on the active backend and are compared with
//! answers from [`crate::reference`] (plain Rust, f64): matrix products of
//! several shapes (odd ones included, to catch a kernel's edge cases), and
//! the backward pass of a small least-squares loss through autodiff. Results
//! are read back with the async calls, because synchronous reads panic on wasm.

use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};

use crate::host::Host;
use crate::reference;
use crate::wire::Message;

/// Shapes of the check's matrices: `x: [M, K]`, `w: [K, N]`.
const M: usize = 64;
const K: usize = 48;
const N: usize = 32;

/// Shapes `[m, k, n]` of the products checked: the check's own, one
/// value, and shapes that are no multiple of any tile.
const PRODUCTS: [[usize; 3]; 4] = [[M, K, N], [1, 1, 1], [7, 13, 5], [129, 257, 63]];

/// Tolerance for f32 results against the f64 reference.
const TOLERANCE: f64 = 1e-4;

/// One computation checked against its known answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Stable name (`matmul`, `backward`), used for UI text lookups.
    pub name: String,
    /// Largest absolute difference from the reference (NaN if non-finite).
    pub max_error: f64,
    /// The largest error that passes.
    pub tolerance: f64,
    /// Whether `max_error <= tolerance`.
    pub passed: bool,
    /// Wall time including the readback, in milliseconds.
    pub ms: f64,
}

/// The result of the device check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticsReport {
    /// Each check in the order run.
    pub checks: Vec<Check>,
    /// All checks passed.
    pub passed: bool,
}

fn tensor2(values: &[f64], shape: [usize; 2], device: &Device) -> Tensor<2> {
    let data: Vec<f32> = values.iter().map(|&v| v as f32).collect();
    Tensor::from_data(TensorData::new(data, shape), device)
}

async fn read(tensor: Tensor<2>) -> Result<Vec<f32>, String> {
    let data = tensor.into_data_async().await.map_err(|e| e.to_string())?;
    data.as_slice::<f32>()
        .map(<[f32]>::to_vec)
        .map_err(|e| format!("{e:?}"))
}

fn check(name: &str, max_error: f64, ms: f64) -> Check {
    Check {
        name: name.to_owned(),
        max_error,
        tolerance: TOLERANCE,
        passed: max_error <= TOLERANCE,
        ms,
    }
}

/// The backward check's error: the worse of the two gradients' largest
/// differences, NaN when either gradient holds a NaN (so that a wrong
/// gradient for `w` cannot hide behind a right one for `x`).
fn backward_error(grad_w: &[f32], want_w: &[f64], grad_x: &[f32], want_x: &[f64]) -> f64 {
    reference::worst(
        reference::max_abs_diff(grad_w, want_w),
        reference::max_abs_diff(grad_x, want_x),
    )
}

/// Run the device check on `device`.
pub async fn run(device: &Device, host: &impl Host) -> Result<DiagnosticsReport, Message> {
    let x = reference::quarter_matrix(M, K, 1);
    let w = reference::quarter_matrix(K, N, 2);
    let t = reference::quarter_matrix(M, N, 3);

    // Matrix products: the check's own shape and odd ones, whose edges
    // fall across the CPU kernel's tiles (12×4 in gemm's wasm SIMD kernel) in every way.
    let start = host.now_ms();
    let mut error = 0.0;
    for (seed, [m, k, n]) in (10..).zip(PRODUCTS) {
        let a = reference::quarter_matrix(m, k, seed);
        let b = reference::quarter_matrix(k, n, seed + 100);
        let product = tensor2(&a, [m, k], device).matmul(tensor2(&b, [k, n], device));
        let got = read(product).await?;
        let want = reference::matmul(&a, &b, m, k, n);
        error = reference::worst(error, reference::max_abs_diff(&got, &want));
    }
    let matmul = check("matmul", error, host.now_ms() - start);

    // Backward pass of mean((x @ w - t)^2) with respect to w and x.
    let start = host.now_ms();
    let xt = tensor2(&x, [M, K], device).require_grad();
    let wt = tensor2(&w, [K, N], device).require_grad();
    let residual = xt.clone().matmul(wt.clone()) - tensor2(&t, [M, N], device);
    let loss = residual.square().mean();
    let grads = loss.backward();
    let missing = || "autodiff returned no gradient".to_owned();
    let grad_w = read(wt.grad(&grads).ok_or_else(missing)?).await?;
    let grad_x = read(xt.grad(&grads).ok_or_else(missing)?).await?;
    let (_, want_w, want_x) = reference::mse_linear_grads(&x, &w, &t, M, K, N);
    let error = backward_error(&grad_w, &want_w, &grad_x, &want_x);
    let backward = check("backward", error, host.now_ms() - start);

    let checks = vec![matmul, backward];
    let passed = checks.iter().all(|c| c.passed);
    Ok(DiagnosticsReport { checks, passed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::ActiveBackend;
    use crate::host::testing::{TestHost, block_on};

    #[test]
    fn engine_check_passes_on_the_cpu_backend() {
        let backend = ActiveBackend::cpu();
        let report = block_on(run(&backend.device, &TestHost::default())).unwrap();
        assert!(report.passed, "{report:?}");
        assert_eq!(report.checks.len(), 2);
        assert!(report.checks.iter().all(|c| c.max_error < 1e-5));
    }

    #[test]
    fn a_nan_in_either_gradient_fails_the_backward_check() {
        let want = [0.5, -0.25];
        for (w, x) in [
            ([f32::NAN, -0.25], [0.5, -0.25]),
            ([0.5, -0.25], [0.5, f32::NAN]),
        ] {
            let verdict = check("backward", backward_error(&w, &want, &x, &want), 1.0);
            assert!(verdict.max_error.is_nan(), "{verdict:?}");
            assert!(!verdict.passed, "{verdict:?}");
        }
        assert!(
            check(
                "backward",
                backward_error(&want.map(|v| v as f32), &want, &[0.5, -0.25], &want),
                1.0
            )
            .passed
        );
    }
}
