//! Floating-point formats the way mixed-precision training meets them:
//! fp32, fp16 (IEEE half: 5 exponent bits, 10 mantissa bits) and bf16
//! (fp32's 8 exponent bits, 7 mantissa bits). One value is rounded with the
//! `half` crate; a tensor is rounded with tensor operations (no backend
//! here has f16 kernels on every device), the same rule written out:
//! round to nearest even on the format's grid at that value's exponent,
//! subnormals below the smallest normal, infinity past the largest value.

use burn::tensor::Tensor;
use serde::{Deserialize, Serialize};

/// A floating-point format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Format {
    /// IEEE single precision.
    Fp32,
    /// IEEE half precision.
    Fp16,
    /// bfloat16.
    Bf16,
}

/// What a format can hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FormatInfo {
    /// Which format.
    pub format: Format,
    /// Bits in all.
    pub bits: u32,
    /// Exponent bits.
    pub exponent_bits: u32,
    /// Mantissa (fraction) bits stored.
    pub mantissa_bits: u32,
    /// Largest finite value.
    pub largest: f64,
    /// Smallest positive normal value.
    pub smallest_normal: f64,
    /// Smallest positive (subnormal) value.
    pub smallest_subnormal: f64,
    /// Distance from 1 to the next value up.
    pub spacing_at_one: f64,
}

impl Format {
    /// Every format, widest first.
    pub const ALL: [Format; 3] = [Format::Fp32, Format::Fp16, Format::Bf16];

    /// Exponent and stored mantissa bits.
    fn bits(self) -> (u32, u32) {
        match self {
            Format::Fp32 => (8, 23),
            Format::Fp16 => (5, 10),
            Format::Bf16 => (8, 7),
        }
    }

    /// The exponent of the smallest normal value.
    fn min_exponent(self) -> i32 {
        let (e, _) = self.bits();
        2 - (1 << (e - 1))
    }

    /// What the format holds, from its bit counts.
    pub fn info(self) -> FormatInfo {
        let (e, m) = self.bits();
        let max_exponent = (1i32 << (e - 1)) - 1;
        let min_exponent = self.min_exponent();
        FormatInfo {
            format: self,
            bits: 1 + e + m,
            exponent_bits: e,
            mantissa_bits: m,
            largest: (2.0 - 2f64.powi(-(m as i32))) * 2f64.powi(max_exponent),
            smallest_normal: 2f64.powi(min_exponent),
            smallest_subnormal: 2f64.powi(min_exponent - m as i32),
            spacing_at_one: 2f64.powi(-(m as i32)),
        }
    }

    /// `value` rounded to this format (nearest, ties to even), as f32.
    pub fn round(self, value: f32) -> f32 {
        match self {
            Format::Fp32 => value,
            Format::Fp16 => half::f16::from_f32(value).to_f32(),
            Format::Bf16 => half::bf16::from_f32(value).to_f32(),
        }
    }

    /// Every value of `x` rounded to this format: nearest on the grid of
    /// its binade (ties to even), the subnormal grid below the smallest
    /// normal, infinity past the largest value; NaN stays NaN.
    ///
    /// # Shapes
    /// - `x`: any; the result has its shape
    pub fn round_tensor<const D: usize>(self, x: Tensor<D>) -> Tensor<D> {
        if self == Format::Fp32 {
            return x;
        }
        let (_, m) = self.bits();
        let info = self.info();
        let magnitude = x.clone().abs();
        // The binade: floor(log2 |x|), corrected once where log2 rounded
        // across a power of two, and no lower than the smallest normal's.
        // log of a value kept off 0 (0's exponent is the smallest anyway).
        let mut exponent = magnitude
            .clone()
            .clamp_min(f64::from(f32::MIN_POSITIVE))
            .log()
            .div_scalar(std::f64::consts::LN_2)
            .floor();
        let low = magnitude.clone().lower(pow2(exponent.clone()));
        exponent = exponent.clone().mask_where(low, exponent.sub_scalar(1.0));
        let high = magnitude
            .clone()
            .greater_equal(pow2(exponent.clone().add_scalar(1.0)));
        exponent = exponent.clone().mask_where(high, exponent.add_scalar(1.0));
        let exponent = exponent.clamp_min(f64::from(self.min_exponent()));
        // Steps below f32's smallest normal (bf16's subnormals, under
        // 1e-36) are kept at it: a GPU may flush an f32 subnormal to 0,
        // and 0 / 0 would be NaN.
        let step = pow2(
            exponent
                .sub_scalar(f64::from(m))
                .clamp_min(f64::from(f32::MIN_EXP - 1)),
        );
        let rounded = (magnitude / step.clone()).round() * step;
        let overflow = rounded.clone().greater_elem(info.largest);
        let rounded = rounded.mask_fill(overflow, f32::INFINITY);
        // Restore the sign (x.sign() is 0 at 0, which keeps 0 at 0).
        let sign = x.clone().sign();
        let out = rounded * sign;
        let nan = x.clone().is_nan();
        out.mask_where(nan, x)
    }
}

/// 2 to the power of each (whole) value of `e`.
///
/// # Shapes
/// - `e`: any; the result has its shape
fn pow2<const D: usize>(e: Tensor<D>) -> Tensor<D> {
    e.ones_like().mul_scalar(2.0).powf(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Device, TensorData};

    fn device() -> Device {
        Device::default()
    }

    /// A value of random sign and size: `unit` times a power of two from
    /// `2^low` to `2^(low + span - 1)`.
    fn spread(rng: &mut crate::rng::Rng, low: i32, span: u64) -> f32 {
        let power = (rng.next_u64() % span) as i32 + low;
        (rng.unit() * 2.0 - 1.0) * 2f32.powi(power)
    }

    #[test]
    fn the_formats_ranges_are_ieee_and_bfloat16s() {
        let h = Format::Fp16.info();
        assert_eq!(h.largest, 65504.0);
        assert_eq!(h.smallest_normal, 2f64.powi(-14)); // 6.1035e-5
        assert_eq!(h.smallest_subnormal, 2f64.powi(-24)); // 5.96e-8
        assert_eq!(h.spacing_at_one, 2f64.powi(-10));
        let b = Format::Bf16.info();
        assert_eq!(b.largest, f64::from(half::bf16::MAX.to_f32()));
        assert_eq!(b.smallest_normal, f64::from(f32::MIN_POSITIVE));
        assert_eq!(b.spacing_at_one, 2f64.powi(-7));
        let s = Format::Fp32.info();
        assert_eq!(s.largest, f64::from(f32::MAX));
        assert_eq!(s.spacing_at_one, f64::from(f32::EPSILON));
    }

    #[test]
    fn fp16_rounds_known_values() {
        let r = |v: f32| Format::Fp16.round(v);
        assert_eq!(r(65504.0), 65504.0);
        assert_eq!(r(65519.0), 65504.0);
        assert_eq!(r(65520.0), f32::INFINITY);
        assert_eq!(r(6.1035156e-5), 6.1035156e-5); // the smallest normal
        assert_eq!(r(6.1e-5), 6.097555e-5); // just under it: a subnormal, 2^-24 apart
        assert_eq!(r(5.96e-8), 5.9604645e-8); // the smallest subnormal
        assert_eq!(r(2.9e-8), 0.0); // under half of it: gone
        assert_eq!(r(1.0 + 1.0 / 4096.0), 1.0); // under half the spacing at 1
    }

    /// bf16 by its definition: the top 16 bits of the f32, rounded to
    /// nearest even on the 16 bits dropped.
    fn bf16_by_bits(v: f32) -> f32 {
        let bits = v.to_bits();
        let lsb = (bits >> 16) & 1;
        let rounded = bits.wrapping_add(0x7fff + lsb) & 0xffff_0000;
        f32::from_bits(rounded)
    }

    #[test]
    fn bf16_is_fp32_with_the_low_16_bits_rounded_away() {
        let mut rng = crate::rng::Rng::new(7);
        for _ in 0..10_000 {
            let v = spread(&mut rng, -40, 60);
            assert_eq!(Format::Bf16.round(v), bf16_by_bits(v), "{v}");
        }
        assert_eq!(Format::Bf16.round(1.0 + 1.0 / 256.0), 1.0); // a tie, to even
        assert_eq!(Format::Bf16.round(1.0 + 3.0 / 256.0), 1.0 + 4.0 / 256.0);
    }

    #[test]
    fn tensor_rounding_agrees_with_the_reference_value_by_value() {
        let mut rng = crate::rng::Rng::new(3);
        let mut values: Vec<f32> = (0..20_000).map(|_| spread(&mut rng, -40, 60)).collect();
        values.extend([
            0.0,
            -0.0,
            1.0,
            -1.0,
            65504.0,
            65519.0,
            65520.0,
            1e6,
            -1e6,
            6.1e-5,
            5.96e-8,
            2.9e-8,
            3.0e-8,
            1.0 + 1.0 / 2048.0,
            1.0 + 3.0 / 2048.0,
            0.5,
            0.25,
            2048.0,
            3.0e38,
        ]);
        for power in -30..20 {
            let p = 2f32.powi(power);
            values.extend([p, p * (1.0 - f32::EPSILON / 2.0), p * (1.0 + f32::EPSILON)]);
        }
        for format in Format::ALL {
            let x =
                Tensor::<1>::from_data(TensorData::new(values.clone(), [values.len()]), &device());
            let got = format
                .round_tensor(x)
                .into_data()
                .try_to_vec::<f32>()
                .unwrap();
            for (v, g) in values.iter().zip(got) {
                let want = format.round(*v);
                assert!(
                    g == want || (g.is_nan() && want.is_nan()),
                    "{format:?} {v:e}: tensor {g:e}, reference {want:e}"
                );
            }
        }
    }
}
