//! How a decoder knows where each token stands. Attention alone is blind to
//! order (permute the keys and each query's weighted sum is the same), so a
//! model adds it: a learned vector per position (GPT-2, BERT), the original
//! Transformer's fixed sinusoids, RoPE's rotation of each query and key by
//! an angle proportional to its position (LLaMA), or ALiBi's per-head
//! penalty growing with distance. With none at all, a causal model can
//! still infer some order from how many tokens each position sees.
//!
//! The plain-Rust formulas here are the views' numbers and the tests'
//! references; the model applies burn's sinusoid table and rotary encoding.

use burn::nn::{RotaryEncoding, RotaryEncodingConfig};
use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};

/// The base of the sinusoids' and RoPE's geometric range of wavelengths.
pub const BASE: f64 = 10_000.0;
/// Longest position RoPE is tabled for (generation and the extrapolation
/// test reach 4 × the longest trained context).
pub const ROPE_REACH: usize = 1_024;

/// Where a model takes its order from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Positions {
    /// No position information: only the causal mask tells positions apart.
    None,
    /// A trained vector per position, added to the token's (GPT-2, BERT).
    #[default]
    Learned,
    /// Fixed sines and cosines added to the token's (the 2017 Transformer).
    Sinusoidal,
    /// Queries and keys rotated by their position (RoFormer, LLaMA).
    Rope,
    /// A per-head bias −slope·distance on the attention scores (BLOOM).
    Alibi,
}

impl Positions {
    /// Every choice, in the order the page lists them.
    pub const ALL: [Positions; 5] = [
        Positions::None,
        Positions::Learned,
        Positions::Sinusoidal,
        Positions::Rope,
        Positions::Alibi,
    ];

    /// Whether the model holds a table that ends at its context (so it
    /// cannot read past it).
    pub fn is_learned(self) -> bool {
        self == Positions::Learned
    }
}

/// The sinusoid of position `pos` in dimension `i` of `d_model`:
/// sin(pos / BASE^(2k/d)) in even dimensions 2k, cos in odd ones 2k + 1.
pub fn sinusoid(pos: usize, i: usize, d_model: usize) -> f64 {
    let k = (i / 2) as f64;
    let angle = pos as f64 / BASE.powf(2.0 * k / d_model as f64);
    if i.is_multiple_of(2) {
        angle.sin()
    } else {
        angle.cos()
    }
}

/// The sinusoids of positions `start..start + len`.
///
/// # Shapes
/// - returns: [len, d_model]
pub fn sinusoids(start: usize, len: usize, d_model: usize, device: &Device) -> Tensor<2> {
    let values: Vec<f32> = (start..start + len)
        .flat_map(|pos| (0..d_model).map(move |i| sinusoid(pos, i, d_model) as f32))
        .collect();
    Tensor::from_data(TensorData::new(values, [len, d_model]), device)
}

/// RoPE's angle for position `pos` in the pair of dimensions (2k, 2k + 1)
/// of a `d_head`-wide head: pos / BASE^(2k/d_head).
pub fn rope_angle(pos: usize, k: usize, d_head: usize) -> f64 {
    pos as f64 / BASE.powf(2.0 * k as f64 / d_head as f64)
}

/// `x` (one head's query or key) rotated as RoPE rotates it at `pos`: each
/// pair (x₂ₖ, x₂ₖ₊₁) turned by [`rope_angle`].
pub fn rope_rotate(x: &[f64], pos: usize) -> Vec<f64> {
    let d = x.len();
    let mut out = vec![0.0; d];
    for k in 0..d / 2 {
        let (sin, cos) = rope_angle(pos, k, d).sin_cos();
        let (a, b) = (x[2 * k], x[2 * k + 1]);
        out[2 * k] = a * cos - b * sin;
        out[2 * k + 1] = a * sin + b * cos;
    }
    out
}

/// burn's rotary encoding for `d_head`-wide heads, tabled to [`ROPE_REACH`].
pub fn rotary(d_head: usize, device: &Device) -> RotaryEncoding {
    RotaryEncodingConfig::new(ROPE_REACH, d_head)
        .with_theta(BASE as f32)
        .init(device)
}

/// ALiBi's slope for each of `heads` heads: the geometric sequence
/// 2^(−8/n), 2^(−16/n), … for n a power of two; otherwise the slopes of the
/// power of two below, then every other slope of the one above (Press et
/// al., 2022), so that heads attend from very locally to almost uniformly.
pub fn alibi_slopes(heads: usize) -> Vec<f64> {
    fn powers(n: usize) -> Vec<f64> {
        (1..=n)
            .map(|i| 2f64.powf(-8.0 * i as f64 / n as f64))
            .collect()
    }
    if heads.is_power_of_two() {
        return powers(heads);
    }
    let below = 1 << heads.ilog2();
    let mut slopes = powers(below);
    slopes.extend(powers(2 * below).into_iter().step_by(2).take(heads - below));
    slopes
}

/// The bias ALiBi adds to each head's scores: −slope · (query − key) for a
/// query at `offset + i` and a key at `j` (the future is masked anyway).
///
/// # Shapes
/// - returns: [1, heads, queries, keys]
pub fn alibi_bias(
    heads: usize,
    offset: usize,
    queries: usize,
    keys: usize,
    device: &Device,
) -> Tensor<4> {
    let slopes = alibi_slopes(heads);
    let values: Vec<f32> = slopes
        .iter()
        .flat_map(|&m| {
            (0..queries).flat_map(move |i| {
                (0..keys).map(move |j| (-m * ((offset + i) as f64 - j as f64).max(0.0)) as f32)
            })
        })
        .collect();
    Tensor::from_data(TensorData::new(values, [1, heads, queries, keys]), device)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
        t.into_data().try_to_vec::<f32>().unwrap()
    }

    #[test]
    fn sinusoids_follow_the_formula() {
        let device = Device::flex();
        let table = values(sinusoids(3, 250, 16, &device));
        let worst = table
            .chunks(16)
            .enumerate()
            .flat_map(|(p, row)| {
                row.iter().enumerate().map(move |(i, &v)| {
                    let pos = 3 + p;
                    let k = (i / 2) as f64;
                    let angle = pos as f64 / 10_000f64.powf(2.0 * k / 16.0);
                    let want = if i % 2 == 0 { angle.sin() } else { angle.cos() };
                    (f64::from(v) - want).abs()
                })
            })
            .fold(0.0, crate::reference::worst);
        assert!(worst < 1e-6, "worst {worst}");
        // position 0: sin 0 = 0 and cos 0 = 1 alternating.
        let first = values(sinusoids(0, 1, 4, &device));
        assert_eq!(first, vec![0.0, 1.0, 0.0, 1.0]);
    }

    #[test]
    fn burns_rotary_encoding_turns_each_pair_by_its_angle() {
        let device = Device::flex();
        let d = 8;
        let x: Vec<f64> = (0..3 * d)
            .map(|i| ((i * 7 % 11) as f64 - 5.0) / 3.0)
            .collect();
        let input = Tensor::<2>::from_data(
            TensorData::new(x.iter().map(|&v| v as f32).collect(), [3, d]),
            &device,
        );
        let start = 200;
        let got = values(rotary(d, &device).apply(input.reshape([1, 1, 3, d]), start));
        let worst = (0..3)
            .flat_map(|p| {
                let want = rope_rotate(&x[p * d..(p + 1) * d], start + p);
                let got = &got;
                (0..d).map(move |i| (f64::from(got[p * d + i]) - want[i]).abs())
            })
            .fold(0.0, crate::reference::worst);
        assert!(worst < 1e-4, "burn against the formula: {worst}");
    }

    #[test]
    fn rope_scores_depend_only_on_the_distance() {
        let q: Vec<f64> = (0..16).map(|i| (i as f64 * 0.37).sin()).collect();
        let k: Vec<f64> = (0..16).map(|i| (i as f64 * 0.91).cos()).collect();
        let dot = |m: usize, n: usize| {
            let (a, b) = (rope_rotate(&q, m), rope_rotate(&k, n));
            a.iter().zip(&b).map(|(x, y)| x * y).sum::<f64>()
        };
        let base = dot(7, 3);
        for shift in [1, 10, 100, 900] {
            let moved = dot(7 + shift, 3 + shift);
            assert!(
                (moved - base).abs() < 1e-5,
                "shift {shift}: {base} -> {moved}"
            );
        }
        assert!(
            (dot(8, 3) - base).abs() > 1e-3,
            "another distance scores differently"
        );
    }

    #[test]
    fn alibi_slopes_per_head() {
        let eight = alibi_slopes(8);
        let want: Vec<f64> = (1..=8).map(|i| 1.0 / 2f64.powi(i)).collect();
        assert_eq!(eight, want);
        assert_eq!(alibi_slopes(1), vec![1.0 / 256.0]);
        // 6 heads: the 4 of n = 4, then the 1st and 3rd of n = 8.
        let six = alibi_slopes(6);
        assert_eq!(six, vec![0.25, 0.0625, 0.015625, 0.00390625, 0.5, 0.125]);
        let bias = values(alibi_bias(2, 2, 1, 4, &Device::flex()));
        // head 0 (slope 1/16): query at 2 against keys 0..4.
        assert_eq!(bias[..4], [-0.125, -0.0625, 0.0, 0.0]);
    }
}
