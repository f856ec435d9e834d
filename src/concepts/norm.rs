//! BatchNorm versus LayerNorm on the same small tensor of real activations
//! (a freshly initialised layer's outputs for real data points): which axis
//! each normalises over, what BatchNorm does with a batch of one, and how
//! its evaluation mode uses running statistics instead of the batch's.

use burn::module::Module;
use burn::nn::{BatchNormConfig, LayerNormConfig, LinearConfig};
use burn::tensor::{Device, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::data::Points;
use crate::message;
use crate::readback;
use crate::wire::Message;

/// Answer to the normalisation request: four `[batch, features]` tensors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NormDemo {
    /// Rows.
    pub batch: u32,
    /// Columns.
    pub features: u32,
    /// The activations.
    pub input: Vec<f32>,
    /// BatchNorm in training mode: each column to mean 0, variance 1 over the batch.
    pub batch_norm: Vec<f32>,
    /// LayerNorm: each row to mean 0, variance 1 over its features.
    pub layer_norm: Vec<f32>,
    /// BatchNorm in evaluation mode after that one training pass: running
    /// statistics (momentum 0.1 from mean 0, variance 1) instead of the batch's.
    pub batch_norm_eval: Vec<f32>,
    /// The running mean after the pass, per column.
    pub running_mean: Vec<f32>,
    /// The running variance after the pass, per column.
    pub running_var: Vec<f32>,
}

/// Normalise the outputs of a fresh `2 → features` layer for `batch` of
/// `points`; `device` has autodiff (BatchNorm trains on it).
pub async fn demo(
    points: &Points,
    batch: usize,
    features: usize,
    seed: u64,
    device: &Device,
) -> Result<NormDemo, Message> {
    if !(1..=32).contains(&batch) || !(2..=16).contains(&features) {
        return Err(message!(
            "concepts.msg.normShape",
            "the demo shows 1 to 32 rows and 2 to 16 features"
        ));
    }
    let batch = batch.min(points.len());
    device.seed(seed);
    let layer = LinearConfig::new(2, features).init(device);
    // Points spread over the whole set (the first few of a spiral sit
    // together at its centre, with almost no variance to normalise).
    let xy: Vec<f32> = (0..batch)
        .flat_map(|k| {
            let i = k * points.len() / batch;
            [points.xy[2 * i], points.xy[2 * i + 1]]
        })
        .collect();
    let input = layer
        .forward(Tensor::<2>::from_data(
            TensorData::new(xy, [batch, 2]),
            device,
        ))
        .detach();
    let batch_norm = BatchNormConfig::new(features).init(device);
    let trained = batch_norm.forward(input.clone());
    let eval_norm = batch_norm.valid();
    let inner = device.clone().inner();
    let evaluated = eval_norm.forward(input.clone().inner());
    let layer_norm = LayerNormConfig::new(features)
        .init(&inner)
        .forward(input.clone().inner());
    let tx = Transaction::default()
        .register(input.inner().reshape([batch * features]))
        .register(trained.inner().reshape([batch * features]))
        .register(layer_norm.reshape([batch * features]))
        .register(evaluated.reshape([batch * features]))
        .register(eval_norm.running_mean.value())
        .register(eval_norm.running_var.value());
    let _ = &inner;
    let mut v = readback::read_f32(tx, "the normalisation")
        .await?
        .into_iter();
    let mut next = || v.next().ok_or_else(|| "missing tensor".to_owned());
    Ok(NormDemo {
        batch: batch as u32,
        features: features as u32,
        input: next()?,
        batch_norm: next()?,
        layer_norm: next()?,
        batch_norm_eval: next()?,
        running_mean: next()?,
        running_var: next()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concepts::data::{DataConfig, Dataset};
    use crate::host::testing::block_on;

    fn demo_of(batch: usize) -> NormDemo {
        let (points, _) = DataConfig {
            dataset: Dataset::Spiral,
            noise: 0.1,
            samples: 50,
            seed: 2,
        }
        .make();
        block_on(demo(&points, batch, 6, 1, &Device::flex().autodiff())).unwrap()
    }

    fn moments(xs: impl Iterator<Item = f32> + Clone) -> (f32, f32) {
        let n = xs.clone().count() as f32;
        let mean = xs.clone().sum::<f32>() / n;
        let var = xs.map(|x| (x - mean).powi(2)).sum::<f32>() / n;
        (mean, var)
    }

    #[test]
    fn batch_norm_standardises_columns_and_layer_norm_rows() {
        let d = demo_of(8);
        let (b, f) = (d.batch as usize, d.features as usize);
        // Variance 1 up to BatchNorm's ε = 1e-5 over a column's small variance.
        for c in 0..f {
            let (mean, var) = moments((0..b).map(|r| d.batch_norm[r * f + c]));
            assert!(
                mean.abs() < 1e-4 && (var - 1.0).abs() < 0.05,
                "column {c}: {mean} {var}"
            );
        }
        for r in 0..b {
            let (mean, var) = moments((0..f).map(|c| d.layer_norm[r * f + c]));
            assert!(
                mean.abs() < 1e-4 && (var - 1.0).abs() < 0.01,
                "row {r}: {mean} {var}"
            );
        }
        assert_ne!(
            d.batch_norm_eval, d.batch_norm,
            "evaluation uses running statistics"
        );
    }

    #[test]
    fn batch_norm_of_one_example_is_all_zeros_and_layer_norm_is_not() {
        let d = demo_of(1);
        assert!(
            d.batch_norm.iter().all(|v| v.abs() < 1e-6),
            "{:?}",
            d.batch_norm
        );
        assert!(d.layer_norm.iter().any(|v| v.abs() > 0.5));
    }
}
