//! A matrix product in real fp16 against the same in f32, where the device
//! computes in fp16 (a WebGPU adapter with `shader-f16`; burn's CPU backend
//! computes fp16 too): how long each takes and how far fp16's answer is
//! from f32's. Where the device has no fp16, the page says so.

use burn::tensor::{Device, FloatDType, Tensor, Transaction};
use serde::{Deserialize, Serialize};

use crate::host::Host;
use crate::message;
use crate::readback::read_f32;
use crate::wire::Message;

/// Products timed each way (the median is kept).
const REPEATS: usize = 5;

/// The product both ways.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HalfView {
    /// Whether the device computes in fp16.
    pub supported: bool,
    /// The matrices' side.
    pub size: u32,
    /// Median milliseconds in f32 (read back included).
    pub f32_ms: Option<f64>,
    /// Median milliseconds in fp16 (read back included).
    pub f16_ms: Option<f64>,
    /// Largest |fp16 − f32| over the largest |f32| of the product.
    pub max_error: Option<f64>,
    /// Mean |fp16 − f32| over the mean |f32|.
    pub mean_error: Option<f64>,
}

/// `size × size` random matrices multiplied in f32 and in fp16 on `device`
/// (an inference device).
///
/// # Shapes
/// - the product is `[size, size]`
pub async fn half_matmul(
    device: &Device,
    size: u32,
    host: &impl Host,
) -> Result<HalfView, Message> {
    if !(16..=2048).contains(&size) {
        return Err(message!(
            "precision.msg.halfSize",
            "the matrices' side must be 16 to 2,048"
        ));
    }
    let n = size as usize;
    let mut view = HalfView {
        supported: device.supports_dtype(FloatDType::F16),
        size,
        f32_ms: None,
        f16_ms: None,
        max_error: None,
        mean_error: None,
    };
    if !view.supported {
        return Ok(view);
    }
    device.seed(3);
    let a = Tensor::<2>::random([n, n], burn::tensor::Distribution::Normal(0.0, 1.0), device);
    let b = Tensor::<2>::random([n, n], burn::tensor::Distribution::Normal(0.0, 1.0), device);
    let (a16, b16) = (
        a.clone().cast(FloatDType::F16),
        b.clone().cast(FloatDType::F16),
    );
    let time = async |half: bool| -> Result<(f64, Vec<f32>), Message> {
        let mut times = Vec::with_capacity(REPEATS + 1);
        let mut last = Vec::new();
        // The first product compiles its kernel: run it, do not count it.
        for _ in 0..=REPEATS {
            let start = host.now_ms();
            let c = if half {
                a16.clone().matmul(b16.clone()).cast(FloatDType::F32)
            } else {
                a.clone().matmul(b.clone())
            };
            last = read_f32(Transaction::default().register(c), "the product")
                .await?
                .pop()
                .unwrap_or_default();
            times.push(host.now_ms() - start);
            host.yield_now().await;
        }
        let mut counted = times[1..].to_vec();
        counted.sort_by(f64::total_cmp);
        Ok((counted[REPEATS / 2], last))
    };
    let (f32_ms, full) = time(false).await?;
    let (f16_ms, half) = time(true).await?;
    let largest = full.iter().fold(0.0f64, |m, v| m.max(f64::from(v.abs())));
    let mean = full.iter().map(|v| f64::from(v.abs())).sum::<f64>() / full.len().max(1) as f64;
    let errors: Vec<f64> = full
        .iter()
        .zip(&half)
        .map(|(x, y)| f64::from((x - y).abs()))
        .collect();
    view.f32_ms = Some(f32_ms);
    view.f16_ms = Some(f16_ms);
    view.max_error = Some(crate::reference::worst_of(errors.iter().copied()) / largest.max(1e-30));
    view.mean_error =
        Some(errors.iter().sum::<f64>() / errors.len().max(1) as f64 / mean.max(1e-30));
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::{TestHost, block_on};

    #[test]
    fn fp16_products_land_near_f32_with_fp16s_precision() {
        let v = block_on(half_matmul(&Device::flex(), 64, &TestHost::default())).unwrap();
        assert!(v.supported, "burn's CPU backend computes fp16");
        let (max, mean) = (v.max_error.unwrap(), v.mean_error.unwrap());
        // Each product rounds to fp16's 11 bits: errors of ~2^-11 relative,
        // not f32's 2^-24, and not more than a few of fp16's steps.
        assert!(mean > 1e-5 && mean < 1e-2, "{v:?}");
        assert!(max < 5e-2, "{v:?}");
    }
}
