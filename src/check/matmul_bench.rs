//! Matrix-product throughput on the active backend, in GFLOP/s.
//!
//! For each size `n` two random `n x n` matrices are multiplied repeatedly
//! until at least `min_ms` have passed. Each round launches a batch of
//! products and reads back one scalar that depends on all of them, so the
//! clock stops only when the device has really finished (WebGPU queues work
//! asynchronously). One warm-up product per size is not counted: it pays for
//! shader compilation and allocation. Between rounds the job yields, so a
//! `cancel` is seen within one round.

use burn::tensor::{Device, Distribution, Tensor};
use serde::{Deserialize, Serialize};

use crate::host::Host;
use crate::message;
use crate::wire::Cancelled;
use crate::wire::Message;
use crate::wire::{RequestId, Update};

/// Products launched per round before the one readback.
const PRODUCTS_PER_ROUND: usize = 4;

/// Sizes the page accepts; larger ones would take seconds per product on the CPU.
pub const MAX_SIZE: u32 = 2048;

/// Throughput for one size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MatmulTiming {
    /// Matrix side `n`.
    pub size: u32,
    /// Products timed.
    pub products: u32,
    /// Wall time of the timed rounds, in milliseconds.
    pub ms: f64,
    /// `2 n^3 * products / seconds / 1e9`.
    pub gflops: f64,
}

/// Throughput for every size asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MatmulReport {
    /// One entry per size, in the order asked.
    pub timings: Vec<MatmulTiming>,
}

/// `products` products reduced to one scalar and read back.
async fn round(a: &Tensor<2>, b: &Tensor<2>, products: usize) -> Result<f32, String> {
    let mut acc = a.clone().matmul(b.clone()).sum();
    for _ in 1..products {
        acc = acc + a.clone().matmul(b.clone()).sum();
    }
    acc.into_scalar_async::<f32>()
        .await
        .map_err(|e| e.to_string())
}

/// Time matrix products of each size in `sizes`.
pub async fn run(
    id: RequestId,
    sizes: &[u32],
    min_ms: f64,
    device: &Device,
    host: &impl Host,
) -> Result<Result<MatmulReport, Cancelled>, Message> {
    if let Some(bad) = sizes.iter().find(|&&n| n == 0 || n > MAX_SIZE) {
        return Err(message!(
            "check.msg.matrixSize",
            "matrix size {size} is outside 1..={max}",
            size = *bad,
            max = MAX_SIZE
        ));
    }
    // Products are timed without an autodiff tape.
    let device = device.clone().without_autodiff();
    let mut timings = Vec::with_capacity(sizes.len());
    for (index, &size) in sizes.iter().enumerate() {
        let n = size as usize;
        let a = Tensor::<2>::random([n, n], Distribution::Uniform(-1.0, 1.0), &device);
        let b = Tensor::<2>::random([n, n], Distribution::Uniform(-1.0, 1.0), &device);
        // Warm-up: one product, not timed.
        round(&a, &b, 1).await?;
        let (mut products, mut elapsed) = (0u32, 0.0);
        while elapsed < min_ms || products == 0 {
            host.yield_now().await;
            if host.is_cancelled(id) {
                return Ok(Err(Cancelled));
            }
            let start = host.now_ms();
            let value = round(&a, &b, PRODUCTS_PER_ROUND).await?;
            elapsed += host.now_ms() - start;
            products += PRODUCTS_PER_ROUND as u32;
            if !value.is_finite() {
                return Err(format!("matrix product of size {n} gave {value}").into());
            }
        }
        let flops = 2.0 * (n as f64).powi(3) * products as f64;
        timings.push(MatmulTiming {
            size,
            products,
            ms: elapsed,
            gflops: flops / (elapsed.max(1e-3) / 1e3) / 1e9,
        });
        host.emit(Update::Progress {
            id,
            stage: "matmul".into(),
            loaded: (index + 1) as f64,
            total: sizes.len() as f64,
        });
    }
    Ok(Ok(MatmulReport { timings }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::ActiveBackend;
    use crate::host::testing::{TestHost, block_on};

    #[test]
    fn reports_positive_throughput_and_progress() {
        let host = TestHost::default();
        let backend = ActiveBackend::cpu();
        let report = block_on(run(9, &[16, 32], 1.0, &backend.device, &host))
            .unwrap()
            .unwrap();
        assert_eq!(report.timings.len(), 2);
        assert!(
            report
                .timings
                .iter()
                .all(|t| t.gflops > 0.0 && t.products > 0)
        );
        let progress = host.updates.borrow().len();
        assert_eq!(progress, 2);
    }

    #[test]
    fn stops_when_cancelled() {
        let host = TestHost::default();
        host.cancel.borrow_mut().insert(4);
        let backend = ActiveBackend::cpu();
        let out = block_on(run(4, &[64], 1e9, &backend.device, &host)).unwrap();
        assert_eq!(out, Err(Cancelled));
    }

    #[test]
    fn refuses_sizes_out_of_range() {
        let host = TestHost::default();
        let backend = ActiveBackend::cpu();
        assert!(block_on(run(1, &[0], 1.0, &backend.device, &host)).is_err());
        assert!(block_on(run(1, &[MAX_SIZE + 1], 1.0, &backend.device, &host)).is_err());
    }
}
