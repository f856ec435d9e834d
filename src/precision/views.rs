//! What the page draws: one matrix on its quantization grid (histogram,
//! grid, per-channel error, outlier channels), round() and the gradient
//! the straight-through estimator gives it, and the floating-point formats.

use burn::tensor::{Device, Tensor, Transaction};
use serde::{Deserialize, Serialize};

use super::fake_quant::{Matrix, clipped_round};
use super::formats::{Format, FormatInfo};
use super::grid::{self, Scheme};
use crate::message;
use crate::readback::read_f32;
use crate::wire::Message;

/// Histogram bins.
const BINS: usize = 96;
/// Most grid levels sent (int8's 256 all fit).
const MAX_LEVELS: usize = 256;
/// Most outlier channels listed.
const MAX_OUTLIERS: usize = 8;
/// A channel is an outlier when its largest |w| is this many times the median channel's.
const OUTLIER_FACTOR: f32 = 3.0;

/// One matrix quantized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LayerView {
    /// Lowest value.
    pub min: f32,
    /// Highest value.
    pub max: f32,
    /// Counts of values in equal bins from `min` to `max`.
    pub histogram: Vec<u32>,
    /// The grid of the group holding the largest |w| (the one the
    /// histogram's outermost values fall on): the value of every level
    /// the scheme uses.
    pub grid: Vec<f32>,
    /// That group's output channel.
    pub grid_channel: u32,
    /// Largest |w| of each output channel.
    pub channel_max: Vec<f32>,
    /// Root-mean-square rounding error of each output channel.
    pub channel_error: Vec<f32>,
    /// Channels whose largest |w| is over 3× the median channel's, largest first.
    pub outliers: Vec<u32>,
    /// Root-mean-square rounding error over the matrix.
    pub rms_error: f64,
    /// Root-mean-square value of the matrix.
    pub rms_value: f64,
    /// Largest rounding error.
    pub max_error: f64,
    /// Bytes in f32.
    pub f32_bytes: f64,
    /// Bytes in this scheme.
    pub bytes: f64,
}

/// `matrix` on the grid of `scheme`.
pub async fn layer_view(matrix: &Matrix, scheme: Scheme) -> Result<LayerView, Message> {
    scheme.check()?;
    // Output channels as rows.
    let rows = matrix.kind.columns(matrix.weight.clone()).transpose();
    let [channels, width] = rows.dims();
    let values = read_f32(Transaction::default().register(rows), "the weights")
        .await?
        .pop()
        .unwrap_or_default();
    let q = grid::quantize(&values, channels, width, scheme);
    let back = q.dequantize();
    let (min, max) = values
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let mut histogram = vec![0u32; BINS];
    let span = (max - min).max(f32::MIN_POSITIVE);
    for &v in &values {
        let bin = (((v - min) / span) * BINS as f32) as usize;
        histogram[bin.min(BINS - 1)] += 1;
    }
    let mut channel_max = Vec::with_capacity(channels);
    let mut channel_error = Vec::with_capacity(channels);
    let (mut sum_sq, mut sum_err, mut max_error) = (0.0f64, 0.0f64, 0.0f64);
    for c in 0..channels {
        let (v, b) = (
            &values[c * width..(c + 1) * width],
            &back[c * width..(c + 1) * width],
        );
        channel_max.push(v.iter().fold(0.0f32, |m, x| m.max(x.abs())));
        let err: f64 = v.iter().zip(b).map(|(x, y)| f64::from(x - y).powi(2)).sum();
        channel_error.push((err / width as f64).sqrt() as f32);
        sum_err += err;
        sum_sq += v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>();
        max_error = v
            .iter()
            .zip(b)
            .map(|(x, y)| f64::from((x - y).abs()))
            .fold(max_error, crate::reference::worst);
    }
    // The widest group: the one holding the largest |w|.
    let widest = values
        .iter()
        .enumerate()
        .fold(
            (0, 0.0f32),
            |(i, m), (j, v)| if v.abs() > m { (j, v.abs()) } else { (i, m) },
        )
        .0;
    let (scale, zero) = (q.scale_at(widest), q.zeros[group_of(&q, widest)]);
    // A symmetric grid leaves level 0 unused: its levels are ±(2^(bits−1) − 1).
    let first = u32::from(scheme.symmetric);
    let grid = (first..=scheme.top().min(MAX_LEVELS as u32 - 1))
        .map(|level| scale * (level as f32 - zero as f32))
        .collect();
    let mut sorted = channel_max.clone();
    sorted.sort_by(f32::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    let mut outliers: Vec<u32> = (0..channels as u32)
        .filter(|&c| channel_max[c as usize] > OUTLIER_FACTOR * median)
        .collect();
    outliers.sort_by(|&a, &b| channel_max[b as usize].total_cmp(&channel_max[a as usize]));
    outliers.truncate(MAX_OUTLIERS);
    let n = values.len().max(1) as f64;
    Ok(LayerView {
        min,
        max,
        histogram,
        grid,
        grid_channel: (widest / width) as u32,
        channel_max,
        channel_error,
        outliers,
        rms_error: (sum_err / n).sqrt(),
        rms_value: (sum_sq / n).sqrt(),
        max_error,
        f32_bytes: 4.0 * values.len() as f64,
        bytes: q.bytes() as f64,
    })
}

/// The index of the group holding value `index`.
fn group_of(q: &grid::Quantized, index: usize) -> usize {
    match q.group {
        None => 0,
        Some(size) => (index / q.cols) * q.cols.div_ceil(size) + (index % q.cols) / size,
    }
}

/// round() on a small grid, and what backpropagation gets through it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SteView {
    /// Inputs, from −1.5 to 1.5.
    pub x: Vec<f32>,
    /// The fake-quantized value: clipped to [−1, 1], rounded to the grid.
    pub y: Vec<f32>,
    /// Its gradient as the straight-through estimator gives it (autodiff).
    pub ste: Vec<f32>,
    /// The gradient of round() itself (autodiff).
    pub round: Vec<f32>,
    /// The slope between neighbouring points (the true derivative: 0 on
    /// the steps, a spike at each jump).
    pub slope: Vec<f32>,
    /// The grid's step.
    pub step: f32,
}

/// Points drawn.
const POINTS: usize = 301;

/// round() on a symmetric grid of `bits` over [−1, 1], on `device` (autodiff).
///
/// # Shapes
/// - the view's vectors are `[301]`
pub async fn ste_view(bits: u32, device: &Device) -> Result<SteView, Message> {
    let bits = bits.clamp(2, 4);
    let step = 1.0 / f64::from((1u32 << (bits - 1)) - 1);
    let x: Vec<f32> = (0..POINTS)
        .map(|i| -1.5 + 3.0 * i as f32 / (POINTS - 1) as f32)
        .collect();
    let input = Tensor::<1>::from_floats(x.as_slice(), device).require_grad();
    let y = clipped_round(input.clone(), -1.0, 1.0, step);
    let ste = input
        .grad(&y.clone().sum().backward())
        .ok_or_else(|| message!("precision.msg.noGradient", "autodiff gave no gradient"))?;
    let plain = Tensor::<1>::from_floats(x.as_slice(), device).require_grad();
    let rounded = plain.clone().div_scalar(step).round().mul_scalar(step);
    let round = plain
        .grad(&rounded.sum().backward())
        .unwrap_or_else(|| Tensor::zeros([POINTS], &device.clone().inner()));
    let tx = Transaction::default()
        .register(y.inner())
        .register(ste)
        .register(round);
    let mut read = read_f32(tx, "round()").await?.into_iter();
    let (y, ste, round) = (
        read.next().unwrap_or_default(),
        read.next().unwrap_or_default(),
        read.next().unwrap_or_default(),
    );
    let slope = (0..POINTS)
        .map(|i| {
            let (a, b) = (i.saturating_sub(1), (i + 1).min(POINTS - 1));
            (y[b] - y[a]) / (x[b] - x[a])
        })
        .collect();
    Ok(SteView {
        x,
        y,
        ste,
        round,
        slope,
        step: step as f32,
    })
}

/// A value in each format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Rounded {
    /// The value asked about (as f32).
    pub value: f32,
    /// As fp16 holds it.
    pub fp16: f32,
    /// As bf16 holds it.
    pub bf16: f32,
}

/// The formats side by side, and `values` in each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FormatsView {
    /// fp32, fp16, bf16.
    pub formats: Vec<FormatInfo>,
    /// The values asked about.
    pub values: Vec<Rounded>,
}

/// Most values rounded at once.
const MAX_VALUES: usize = 32;

/// The formats and `values` rounded to each.
pub fn formats_view(values: &[f64]) -> FormatsView {
    FormatsView {
        formats: Format::ALL.iter().map(|f| f.info()).collect(),
        values: values
            .iter()
            .take(MAX_VALUES)
            .map(|&v| {
                let value = v as f32;
                Rounded {
                    value,
                    fp16: Format::Fp16.round(value),
                    bf16: Format::Bf16.round(value),
                }
            })
            .collect(),
    }
}
