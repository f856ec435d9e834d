//! Integer quantization of a weight matrix, written out: each group of
//! values shares one scale `s` (and, asymmetric, one zero point `z`), and
//! each value becomes a level `q` of `2^bits`, standing for `s·(q − z)`.
//!
//! Symmetric grids are centred on zero (`z = 2^(bits−1)`, levels ±(2^(bits−1)−1)
//! around it, `s = max|w| / (2^(bits−1)−1)`); asymmetric ones span the
//! group's own range, zero included (`s = (max − min) / (2^bits − 1)`).
//! A group is the whole tensor, one output channel (a row here), or a run
//! of `size` consecutive values of a row. Matrices come as rows of output
//! channels: burn's `[d_in, d_out]` weights are transposed on the way in.

use serde::{Deserialize, Serialize};

/// How many values share a scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Granularity {
    /// One scale for the whole matrix.
    Tensor,
    /// One per output channel.
    Channel,
    /// One per 32 consecutive values of a channel.
    Group32,
    /// One per 64.
    Group64,
    /// One per 128.
    Group128,
}

impl Granularity {
    /// Values per group along a row, for a row of `cols` values (`None`:
    /// the whole tensor).
    pub fn group(self, cols: usize) -> Option<usize> {
        match self {
            Granularity::Tensor => None,
            Granularity::Channel => Some(cols),
            Granularity::Group32 => Some(32.min(cols)),
            Granularity::Group64 => Some(64.min(cols)),
            Granularity::Group128 => Some(128.min(cols)),
        }
    }
}

/// A quantization scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Scheme {
    /// Bits per value: 8 or 4.
    pub bits: u32,
    /// Centred on zero (no zero point) or spanning the group's range.
    pub symmetric: bool,
    /// How many values share a scale.
    pub granularity: Granularity,
}

impl Scheme {
    /// The highest level (levels run from 0).
    pub fn top(self) -> u32 {
        (1 << self.bits) - 1
    }

    /// Whether the scheme is one this lab offers.
    pub fn check(self) -> Result<(), crate::wire::Message> {
        if self.bits == 8 || self.bits == 4 {
            Ok(())
        } else {
            Err(crate::message!(
                "precision.msg.bits",
                "quantization uses 8 or 4 bits, not {bits}",
                bits = self.bits
            ))
        }
    }

    /// Scale and zero point for values from `min` to `max`.
    pub fn scale(self, min: f32, max: f32) -> (f32, u32) {
        let (scale, zero) = if self.symmetric {
            let half = (1u32 << (self.bits - 1)) - 1;
            (min.abs().max(max.abs()) / half as f32, half + 1)
        } else {
            let (lo, hi) = (min.min(0.0), max.max(0.0));
            let scale = (hi - lo) / self.top() as f32;
            let zero = if scale > 0.0 {
                (-lo / scale)
                    .round_ties_even()
                    .clamp(0.0, self.top() as f32) as u32
            } else {
                0
            };
            (scale, zero)
        };
        (if scale > 0.0 { scale } else { 1.0 }, zero)
    }
}

/// A matrix in integer form.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantized {
    /// How it was made.
    pub scheme: Scheme,
    /// Output channels.
    pub rows: usize,
    /// Values per channel.
    pub cols: usize,
    /// Values per group along a row (`cols * rows` for one scale).
    pub group: Option<usize>,
    /// The level of every value, row-major.
    pub levels: Vec<u8>,
    /// One scale per group, groups in row-major order.
    pub scales: Vec<f32>,
    /// One zero point per group.
    pub zeros: Vec<u32>,
}

/// The groups of a `rows × cols` matrix: `(start, len)` ranges of the
/// row-major values, in order (the last group of a row may be shorter).
fn groups(rows: usize, cols: usize, group: Option<usize>) -> Vec<(usize, usize)> {
    match group {
        None => vec![(0, rows * cols)],
        Some(size) => (0..rows)
            .flat_map(|r| {
                (0..cols)
                    .step_by(size)
                    .map(move |c| (r * cols + c, size.min(cols - c)))
            })
            .collect(),
    }
}

/// Quantize `values` (`rows × cols`, row-major, one output channel a row).
pub fn quantize(values: &[f32], rows: usize, cols: usize, scheme: Scheme) -> Quantized {
    assert_eq!(values.len(), rows * cols, "a {rows}×{cols} matrix");
    let group = scheme.granularity.group(cols);
    let top = scheme.top() as f32;
    let mut levels = vec![0u8; values.len()];
    let (mut scales, mut zeros) = (Vec::new(), Vec::new());
    for (start, len) in groups(rows, cols, group) {
        let part = &values[start..start + len];
        let (min, max) = part
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        let (scale, zero) = scheme.scale(min, max);
        for (level, &v) in levels[start..start + len].iter_mut().zip(part) {
            *level = ((v / scale).round_ties_even() + zero as f32).clamp(0.0, top) as u8;
        }
        scales.push(scale);
        zeros.push(zero);
    }
    Quantized {
        scheme,
        rows,
        cols,
        group,
        levels,
        scales,
        zeros,
    }
}

impl Quantized {
    /// The values the levels stand for, row-major.
    pub fn dequantize(&self) -> Vec<f32> {
        let mut out = vec![0.0; self.levels.len()];
        for (g, (start, len)) in groups(self.rows, self.cols, self.group)
            .into_iter()
            .enumerate()
        {
            let (scale, zero) = (self.scales[g], self.zeros[g] as f32);
            for (o, &q) in out[start..start + len]
                .iter_mut()
                .zip(&self.levels[start..start + len])
            {
                *o = scale * (f32::from(q) - zero);
            }
        }
        out
    }

    /// The scale of the group holding value `index`.
    pub fn scale_at(&self, index: usize) -> f32 {
        match self.group {
            None => self.scales[0],
            Some(size) => {
                let (row, col) = (index / self.cols, index % self.cols);
                self.scales[row * self.cols.div_ceil(size) + col / size]
            }
        }
    }

    /// Bytes as stored (see [`bytes`]).
    pub fn bytes(&self) -> usize {
        bytes(self.rows, self.cols, self.scheme)
    }
}

/// Bytes of a `rows × cols` matrix stored with `scheme`: the levels
/// packed at `bits` each, an f32 scale per group, and (asymmetric) a zero
/// point of `bits` per group.
pub fn bytes(rows: usize, cols: usize, scheme: Scheme) -> usize {
    let bits = scheme.bits as usize;
    let groups = match scheme.granularity.group(cols) {
        None => 1,
        Some(size) => rows * cols.div_ceil(size),
    };
    let zeros = if scheme.symmetric {
        0
    } else {
        (groups * bits).div_ceil(8)
    };
    (rows * cols * bits).div_ceil(8) + 4 * groups + zeros
}

/// Two 4-bit levels to a byte, the first in the low half.
pub fn pack_int4(levels: &[u8]) -> Vec<u8> {
    levels
        .chunks(2)
        .map(|pair| (pair[0] & 0x0f) | (pair.get(1).copied().unwrap_or(0) << 4))
        .collect()
}

/// `count` 4-bit levels back out of `packed`.
pub fn unpack_int4(packed: &[u8], count: usize) -> Vec<u8> {
    packed
        .iter()
        .flat_map(|b| [b & 0x0f, b >> 4])
        .take(count)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Granularity; 5] = [
        Granularity::Tensor,
        Granularity::Channel,
        Granularity::Group32,
        Granularity::Group64,
        Granularity::Group128,
    ];

    /// A 16 × 96 matrix of small values; `outlier` makes channel 3 fifty times larger.
    fn matrix(outlier: bool) -> Vec<f32> {
        let mut rng = crate::rng::Rng::new(11);
        (0..16 * 96)
            .map(|i| {
                let v = (rng.unit() - 0.5) * 0.2;
                if outlier && i / 96 == 3 { v * 50.0 } else { v }
            })
            .collect()
    }

    fn schemes() -> impl Iterator<Item = Scheme> {
        [8, 4].into_iter().flat_map(|bits| {
            [true, false].into_iter().flat_map(move |symmetric| {
                ALL.into_iter().map(move |granularity| Scheme {
                    bits,
                    symmetric,
                    granularity,
                })
            })
        })
    }

    #[test]
    fn round_trips_land_within_half_a_step_of_the_grid() {
        let values = matrix(false);
        for scheme in schemes() {
            let q = quantize(&values, 16, 96, scheme);
            for (i, (v, d)) in values.iter().zip(q.dequantize()).enumerate() {
                let step = q.scale_at(i);
                assert!(
                    (v - d).abs() <= step / 2.0 * (1.0 + 1e-5),
                    "{scheme:?}: {v} came back {d}, step {step}"
                );
            }
        }
    }

    #[test]
    fn zero_is_exact_on_every_grid() {
        let mut values = matrix(false);
        values[5] = 0.0;
        for scheme in schemes() {
            assert_eq!(
                quantize(&values, 16, 96, scheme).dequantize()[5],
                0.0,
                "{scheme:?}"
            );
        }
    }

    /// Root-mean-square error of a round trip over the channels but `skip`.
    fn rms_error(values: &[f32], scheme: Scheme, skip: usize) -> f64 {
        let back = quantize(values, 16, 96, scheme).dequantize();
        let (mut sum, mut n) = (0.0, 0);
        for (i, (v, d)) in values.iter().zip(back).enumerate() {
            if i / 96 != skip {
                sum += f64::from(v - d).powi(2);
                n += 1;
            }
        }
        (sum / n as f64).sqrt()
    }

    #[test]
    fn per_channel_scales_beat_one_scale_when_a_channel_is_an_outlier() {
        let values = matrix(true);
        for bits in [8, 4] {
            let scheme = |granularity| Scheme {
                bits,
                symmetric: true,
                granularity,
            };
            let tensor = rms_error(&values, scheme(Granularity::Tensor), usize::MAX);
            let channel = rms_error(&values, scheme(Granularity::Channel), usize::MAX);
            assert!(
                channel <= tensor,
                "int{bits}: per channel {channel} > per tensor {tensor}"
            );
            // The other channels are where one scale hurts: far coarser.
            let tensor = rms_error(&values, scheme(Granularity::Tensor), 3);
            let channel = rms_error(&values, scheme(Granularity::Channel), 3);
            assert!(
                channel * 10.0 < tensor,
                "int{bits}: {channel} against {tensor}"
            );
        }
    }

    #[test]
    fn int4_packs_two_levels_a_byte_and_unpacks_exactly() {
        let values = matrix(true);
        for granularity in ALL {
            let q = quantize(
                &values,
                16,
                96,
                Scheme {
                    bits: 4,
                    symmetric: false,
                    granularity,
                },
            );
            assert!(q.levels.iter().all(|&l| l < 16));
            let packed = pack_int4(&q.levels);
            assert_eq!(packed.len(), q.levels.len() / 2);
            assert_eq!(unpack_int4(&packed, q.levels.len()), q.levels);
        }
        assert_eq!(unpack_int4(&pack_int4(&[1, 2, 3]), 3), vec![1, 2, 3]);
    }

    #[test]
    fn bytes_count_levels_scales_and_zero_points() {
        let values = matrix(false);
        let q = |bits, symmetric, granularity| {
            quantize(
                &values,
                16,
                96,
                Scheme {
                    bits,
                    symmetric,
                    granularity,
                },
            )
            .bytes()
        };
        assert_eq!(q(8, true, Granularity::Tensor), 1536 + 4);
        assert_eq!(q(8, true, Granularity::Channel), 1536 + 16 * 4);
        assert_eq!(q(4, true, Granularity::Group32), 768 + 48 * 4);
        assert_eq!(q(4, false, Granularity::Group32), 768 + 48 * 4 + 24);
        // 96 is not a multiple of 64: each row has a group of 64 and one of 32.
        assert_eq!(q(4, true, Granularity::Group64), 768 + 32 * 4);
    }
}
