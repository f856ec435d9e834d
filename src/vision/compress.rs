//! After training: the same network in int8 (post-training quantization,
//! per tensor or per output channel, activations calibrated on training
//! digits) and with BatchNorm folded into the convolutions before it.
//!
//! Quantization is simulated ("fake quant"): every weight and every layer
//! input is rounded to one of 255 levels of its scale and computed in f32,
//! which gives exactly the accuracy an int8 kernel with the same scales would
//! (up to f32 summation order) without needing int8 kernels on every backend.

use burn::module::{Module, Param};
use burn::tensor::{Device, Int, Tensor, Transaction};
use serde::{Deserialize, Serialize};

use crate::models::cnn::dataset::{Digits, TRAIN};
use crate::models::cnn::net::{Block, Cnn};
use crate::models::cnn::tap::{LayerInput, LayerTap};
use crate::readback;
use crate::wire::Message;

/// Training digits the activation ranges are calibrated on.
pub const CALIBRATION: usize = 512;

/// What quantization and folding did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Compression {
    /// Test accuracy in f32.
    pub f32_accuracy: f32,
    /// Test accuracy with int8 weights (one scale per tensor) and activations.
    pub per_tensor_accuracy: f32,
    /// Test accuracy with int8 weights (one scale per output channel) and activations.
    pub per_channel_accuracy: f32,
    /// Bytes of the weights and biases in f32.
    pub f32_bytes: u32,
    /// Bytes in int8 (weights one byte each, biases and scales f32).
    pub int8_bytes: u32,
    /// BatchNorm folding, when the network has BatchNorm.
    pub folding: Option<Folding>,
}

/// BatchNorm folded into the preceding convolutions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Folding {
    /// Largest difference between the two networks' logits on the test split.
    pub max_difference: f32,
    /// Inference time over the test split before folding (median of 3), ms.
    pub ms_before: f64,
    /// The same after folding, ms.
    pub ms_after: f64,
}

/// Round `w` to int8 levels: one scale for the tensor, or one per index of
/// dimension `channel_dim`.
fn fake_quant<const D: usize>(w: Tensor<D>, channel_dim: Option<usize>) -> Tensor<D> {
    let scale = match channel_dim {
        None => w.clone().abs().max().reshape([1; D]),
        Some(c) => {
            let mut m = w.clone().abs();
            for d in 0..D {
                if d != c {
                    m = m.max_dim(d);
                }
            }
            m
        }
    }
    .div_scalar(127.0)
    .clamp_min(1e-12);
    (w / scale.clone()).round().clamp(-127.0, 127.0) * scale
}

/// Round activations to int8 levels of a calibrated range.
fn quant_act<const D: usize>(x: Tensor<D>, max_abs: f32) -> Tensor<D> {
    let scale = (max_abs / 127.0).max(1e-12);
    x.div_scalar(scale)
        .round()
        .clamp(-127.0, 127.0)
        .mul_scalar(scale)
}

/// How a tapped forward treats each layer's input (they come in the order
/// of [`Cnn::layer_inputs`], so the `n`th seen is the `n`th range).
enum Hook<'a> {
    /// Record the largest |x| (one tensor per layer, read later).
    Observe(&'a mut Vec<Tensor<1>>),
    /// Round to int8 with these calibrated ranges; the next layer's index.
    Quantize(&'a [f32], usize),
}

impl LayerTap for Hook<'_> {
    fn tap<const D: usize>(&mut self, _: LayerInput, x: Tensor<D>) -> Tensor<D> {
        match self {
            Hook::Observe(seen) => {
                seen.push(x.clone().abs().max());
                x
            }
            Hook::Quantize(ranges, layer) => {
                let range = ranges.get(*layer).copied().unwrap_or(1.0);
                *layer += 1;
                quant_act(x, range)
            }
        }
    }
}

/// A copy of `model` with int8-rounded weights.
fn quantized(model: &Cnn, per_channel: bool) -> Cnn {
    let mut q = model.clone();
    for block in &mut q.blocks {
        let w = block.conv.weight.val();
        block.conv.weight = Param::from_tensor(fake_quant(w, per_channel.then_some(0)));
    }
    // burn's Linear weight is [d_in, d_out]: output channels are dimension 1.
    if let Some(hidden) = &mut q.hidden {
        hidden.weight =
            Param::from_tensor(fake_quant(hidden.weight.val(), per_channel.then_some(1)));
    }
    q.output.weight =
        Param::from_tensor(fake_quant(q.output.weight.val(), per_channel.then_some(1)));
    q
}

/// `model` with each BatchNorm folded into its convolution:
/// w' = w * g, b' = (b - mean) * g + beta, with g = gamma / sqrt(var + eps).
pub fn fold_batch_norm(model: &Cnn) -> Cnn {
    let mut folded = model.clone();
    folded.blocks = model
        .blocks
        .iter()
        .map(|block| {
            let Some(norm) = &block.norm else {
                return block.clone();
            };
            let g = norm.gamma.val() / norm.running_var.value().add_scalar(norm.epsilon).sqrt();
            let [out] = g.dims();
            let mut conv = block.conv.clone();
            let w = conv.weight.val() * g.clone().reshape([out, 1, 1, 1]);
            let b = match &conv.bias {
                Some(b) => b.val(),
                None => g.zeros_like(),
            };
            conv.weight = Param::from_tensor(w);
            conv.bias = Some(Param::from_tensor(
                (b - norm.running_mean.value()) * g + norm.beta.val(),
            ));
            Block {
                conv,
                norm: None,
                max_pool: block.max_pool.clone(),
                avg_pool: block.avg_pool.clone(),
            }
        })
        .collect();
    folded
}

/// The single value of each of `scalars`, in one read-back.
async fn read(scalars: Vec<Tensor<1>>) -> Result<Vec<f32>, Message> {
    let tx = scalars
        .into_iter()
        .fold(Transaction::default(), Transaction::register);
    Ok(readback::read_f32(tx, "scalars")
        .await?
        .into_iter()
        .map(|v| v.first().copied().unwrap_or(f32::NAN))
        .collect())
}

async fn accuracy(logits: Tensor<2>, labels: Tensor<1, Int>) -> Result<f32, Message> {
    let n = labels.dims()[0];
    let correct = logits
        .argmax(1)
        .reshape([n])
        .equal(labels)
        .int()
        .sum()
        .float();
    Ok(read(vec![correct]).await?[0] / n as f32)
}

/// Bytes of the weights and biases in f32 and in int8.
fn sizes(model: &Cnn) -> (u32, u32) {
    let (mut f32_bytes, mut int8_bytes) = (0usize, 0usize);
    let mut add = |weights: usize, biases: usize, channels: usize| {
        f32_bytes += 4 * (weights + biases);
        int8_bytes += weights + 4 * biases + 4 * channels;
    };
    for b in &model.blocks {
        let [out, cin, k, _] = b.conv.weight.val().dims();
        add(out * cin * k * k, out, out);
        if b.norm.is_some() {
            add(0, 2 * out, 0);
        }
    }
    for l in model.hidden.iter().chain([&model.output]) {
        let [i, o] = l.weight.val().dims();
        add(i * o, o, o);
    }
    (f32_bytes as u32, int8_bytes as u32)
}

/// Quantize and fold `model`, measuring on the test split.
pub async fn compress(
    model: &Cnn,
    digits: &Digits,
    device: &Device,
    now_ms: &dyn Fn() -> f64,
) -> Result<Compression, Message> {
    let model = model.valid();
    let device = device.clone().inner();
    let (calibration, _) = digits.tensors(0..CALIBRATION.min(TRAIN), &device);
    let mut seen = Vec::new();
    model.forward_tapped(calibration, &mut Hook::Observe(&mut seen));
    let ranges = read(seen).await?;

    let (images, labels) = digits.tensors(TRAIN..digits.len(), &device);
    let f32_accuracy = accuracy(model.forward(images.clone()), labels.clone()).await?;
    let mut per = [0.0f32; 2];
    for (i, per_channel) in [false, true].into_iter().enumerate() {
        let q = quantized(&model, per_channel);
        let logits = q.forward_tapped(images.clone(), &mut Hook::Quantize(&ranges, 0));
        per[i] = accuracy(logits, labels.clone()).await?;
    }
    let (f32_bytes, int8_bytes) = sizes(&model);

    let folding = if model.blocks.iter().any(|b| b.norm.is_some()) {
        let folded = fold_batch_norm(&model);
        let time = |m: &Cnn| {
            let m = m.clone();
            let images = images.clone();
            async move {
                let mut times = Vec::new();
                for _ in 0..3 {
                    let start = now_ms();
                    let sum = m.forward(images.clone()).sum();
                    read(vec![sum]).await?;
                    times.push(now_ms() - start);
                }
                times.sort_by(f64::total_cmp);
                Ok::<f64, Message>(times[1])
            }
        };
        let ms_before = time(&model).await?;
        let ms_after = time(&folded).await?;
        let diff = (model.forward(images.clone()) - folded.forward(images.clone()))
            .abs()
            .max();
        Some(Folding {
            max_difference: read(vec![diff]).await?[0],
            ms_before,
            ms_after,
        })
    } else {
        None
    };
    Ok(Compression {
        f32_accuracy,
        per_tensor_accuracy: per[0],
        per_channel_accuracy: per[1],
        f32_bytes,
        int8_bytes,
        folding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::block_on;
    use crate::models::cnn::arch::NetConfig;
    use crate::models::cnn::dataset::tests::digits;
    use crate::models::cnn::train::{TrainConfig, Trainer};
    use crate::slice::Trainer as _;
    use std::rc::Rc;

    #[test]
    fn int8_stays_within_a_point_and_folding_changes_nothing() {
        let d = Rc::new(digits());
        let device = Device::flex().autodiff();
        let net = NetConfig {
            batch_norm: true,
            ..NetConfig::default()
        };
        let config = TrainConfig {
            batch: 32,
            ..TrainConfig::default()
        };
        let mut t = Trainer::new(&net, config, d.clone(), &device).unwrap();
        block_on(t.run(80)).unwrap();
        let start = std::time::Instant::now();
        let clock = move || start.elapsed().as_secs_f64() * 1e3;
        let c = block_on(compress(t.model(), &d, &device, &clock)).unwrap();
        assert!(c.f32_accuracy > 0.8, "trained: {}", c.f32_accuracy);
        for int8 in [c.per_tensor_accuracy, c.per_channel_accuracy] {
            assert!((int8 - c.f32_accuracy).abs() <= 0.01, "{c:?}");
        }
        assert!(c.int8_bytes * 3 < c.f32_bytes, "{c:?}");
        let folding = c.folding.expect("the net has BatchNorm");
        assert!(folding.max_difference < 1e-4, "{folding:?}");
    }

    #[test]
    fn per_channel_scales_follow_each_channel() {
        let device = Device::flex();
        let w = Tensor::<2>::from_floats([[1.0, 100.0], [0.5, 50.0], [-0.25, 25.0]], &device);
        let per_tensor = fake_quant(w.clone(), None)
            .into_data()
            .try_into_vec::<f32>()
            .unwrap();
        let per_channel = fake_quant(w, Some(1))
            .into_data()
            .try_into_vec::<f32>()
            .unwrap();
        // One scale of 100/127 rounds the small column coarsely...
        assert!((per_tensor[4] - -0.25).abs() > 0.1);
        // ...its own scale of 1/127 keeps it within half a step.
        assert!((per_channel[4] - -0.25).abs() <= 0.5 / 127.0 + 1e-6);
    }
}
