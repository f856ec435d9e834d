//! An autoencoder and a variational autoencoder on the 28 × 28 digits,
//! both dense: 784 pixels → a hidden layer → a latent code of a few numbers
//! → a hidden layer → 784 pixel logits.
//!
//! The plain autoencoder encodes each digit to one point and learns only to
//! reconstruct: nothing asks the points between the digits to decode to
//! anything. The VAE encodes each digit to a Gaussian (a mean μ and a log
//! variance log σ²), decodes a sample `z = μ + σ·ε` (the reparameterisation
//! trick: the randomness is an input ε ~ N(0, 1), so gradients flow to μ
//! and σ), and adds β times the KL divergence of that Gaussian from N(0, I),
//! which packs the codes into one smooth region that decodes everywhere.

use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

use crate::message;
use crate::models::cnn::dataset::PIXELS;
use crate::wire::Message;

/// Which autoencoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum AeKind {
    /// Encode to a point; reconstruction loss only.
    Plain,
    /// Encode to a Gaussian; reconstruction loss + β · KL.
    Variational,
}

/// The autoencoder's shape.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AeShape {
    /// Plain or variational.
    pub kind: AeKind,
    /// Numbers in the code.
    pub latent: u32,
    /// Width of the encoder's and the decoder's hidden layer.
    pub hidden: u32,
}

impl AeShape {
    /// `Ok` when the sizes are in range.
    pub fn check(&self) -> Result<(), Message> {
        if !(1..=32).contains(&self.latent) || !(16..=1024).contains(&self.hidden) {
            return Err(message!(
                "representations.msg.aeShape",
                "the code has 1 to 32 numbers and the hidden layer 16 to 1024 units"
            ));
        }
        Ok(())
    }
}

/// The network.
#[derive(Module, Debug)]
pub struct AutoEncoder {
    encode: Linear,
    mean: Linear,
    /// The VAE's log-variance head (none for the plain autoencoder).
    log_var: Option<Linear>,
    expand: Linear,
    decode: Linear,
}

/// What one forward pass gives.
pub struct Pass {
    /// Pixel logits, `[B, 784]`.
    pub logits: Tensor<2>,
    /// The code's mean (the plain autoencoder's code), `[B, Z]`.
    pub mean: Tensor<2>,
    /// The VAE's log variance, `[B, Z]`.
    pub log_var: Option<Tensor<2>>,
}

impl AutoEncoder {
    /// A fresh network of `shape` on `device` (burn's default initialisation).
    pub fn new(shape: &AeShape, device: &Device) -> Self {
        let (h, z) = (shape.hidden as usize, shape.latent as usize);
        Self {
            encode: LinearConfig::new(PIXELS, h).init(device),
            mean: LinearConfig::new(h, z).init(device),
            log_var: (shape.kind == AeKind::Variational)
                .then(|| LinearConfig::new(h, z).init(device)),
            expand: LinearConfig::new(z, h).init(device),
            decode: LinearConfig::new(h, PIXELS).init(device),
        }
    }

    /// The code of `pixels`: its mean and (VAE) log variance.
    ///
    /// # Shapes
    /// - `pixels`: `[B, 784]` in [0, 1]
    /// - returns `[B, Z]` and `[B, Z]`
    pub fn encode(&self, pixels: Tensor<2>) -> (Tensor<2>, Option<Tensor<2>>) {
        let hidden = relu(self.encode.forward(pixels));
        let log_var = self.log_var.as_ref().map(|l| l.forward(hidden.clone()));
        (self.mean.forward(hidden), log_var)
    }

    /// Pixel logits of codes `z`.
    ///
    /// # Shapes
    /// - `z`: `[B, Z]`
    /// - returns `[B, 784]` (sigmoid gives the pixels)
    pub fn decode(&self, z: Tensor<2>) -> Tensor<2> {
        self.decode.forward(relu(self.expand.forward(z)))
    }

    /// Encode, draw a code (a VAE given `noise`; else the mean) and decode.
    ///
    /// # Shapes
    /// - `pixels`: `[B, 784]` in [0, 1]
    /// - `noise`: `[B, Z]` draws of N(0, 1)
    pub fn forward(&self, pixels: Tensor<2>, noise: Option<Tensor<2>>) -> Pass {
        let (mean, log_var) = self.encode(pixels);
        let z = match (&log_var, noise) {
            (Some(log_var), Some(noise)) => reparameterise(mean.clone(), log_var.clone(), noise),
            _ => mean.clone(),
        };
        Pass {
            logits: self.decode(z),
            mean,
            log_var,
        }
    }
}

/// `μ + σ·ε` with ε = `noise` ~ N(0, I): a sample of N(μ, σ²) through
/// which gradients reach μ and log σ². The run draws ε from its own seeded
/// generator, so a seed repeats its run whatever else uses the device.
///
/// # Shapes
/// - `mean`, `log_var`, `noise`: `[B, Z]`
pub fn reparameterise(mean: Tensor<2>, log_var: Tensor<2>, noise: Tensor<2>) -> Tensor<2> {
    mean + (log_var * 0.5).exp() * noise
}

/// Reconstruction loss: binary cross-entropy of the pixels against the
/// logits, summed over the 784 pixels, one value per image. Written in the
/// stable form `max(l, 0) − l·x + log(1 + e^−|l|)`.
///
/// # Shapes
/// - `logits`, `pixels`: `[B, 784]`
/// - returns `[B]`
pub fn reconstruction(logits: Tensor<2>, pixels: Tensor<2>) -> Tensor<1> {
    let b = logits.dims()[0];
    let loss =
        logits.clone().clamp_min(0.0) - logits.clone() * pixels + logits.abs().neg().exp().log1p();
    loss.sum_dim(1).reshape([b])
}

/// KL(N(μ, σ²) ‖ N(0, I)) in closed form, `−½ Σ (1 + log σ² − μ² − σ²)`,
/// one value per image.
///
/// # Shapes
/// - `mean`, `log_var`: `[B, Z]`
/// - returns `[B]`
pub fn kl(mean: Tensor<2>, log_var: Tensor<2>) -> Tensor<1> {
    let b = mean.dims()[0];
    let terms = log_var.clone().add_scalar(1.0) - mean.powi_scalar(2) - log_var.exp();
    (terms.sum_dim(1) * -0.5).reshape([b])
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{TensorData, Transaction};

    use crate::host::testing::block_on;
    use crate::readback;

    fn read(t: Tensor<1>) -> Vec<f32> {
        block_on(readback::read_f32(
            Transaction::default().register(t),
            "test",
        ))
        .unwrap()
        .pop()
        .unwrap()
    }

    #[test]
    fn kl_matches_the_closed_form_and_is_zero_at_the_prior() {
        let device = Device::flex();
        let mean = Tensor::<2>::from_data(
            TensorData::new(vec![0.0f32, 0.0, 1.0, -2.0], [2, 2]),
            &device,
        );
        let log_var = Tensor::<2>::from_data(
            TensorData::new(vec![0.0f32, 0.0, 0.5f32.ln(), 2.0f32.ln()], [2, 2]),
            &device,
        );
        let got = read(kl(mean, log_var));
        // Per dimension: ½(σ² + μ² − 1 − ln σ²).
        let half = |m: f64, v: f64| 0.5 * (v + m * m - 1.0 - v.ln());
        let want = half(1.0, 0.5) + half(-2.0, 2.0);
        assert_eq!(got[0], 0.0);
        assert!(
            (f64::from(got[1]) - want).abs() < 1e-5,
            "{} against {want}",
            got[1]
        );
    }

    #[test]
    fn reparameterised_samples_have_the_asked_mean_and_variance() {
        let device = Device::flex();
        device.seed(9);
        let n = 40_000;
        let mean = Tensor::<2>::ones([n, 2], &device)
            * Tensor::from_data(TensorData::new(vec![3.0f32, -1.0], [1, 2]), &device);
        let log_var = Tensor::<2>::ones([n, 2], &device)
            * Tensor::from_data(
                TensorData::new(vec![4.0f32.ln(), 0.25f32.ln()], [1, 2]),
                &device,
            );
        let mut rng = crate::rng::Rng::new(9);
        let noise: Vec<f32> = (0..2 * n).map(|_| rng.normal()).collect();
        let z = reparameterise(
            mean,
            log_var,
            Tensor::from_data(TensorData::new(noise, [n, 2]), &device),
        );
        for (column, (mu, var)) in [(3.0, 4.0), (-1.0, 0.25)].into_iter().enumerate() {
            let values = read(z.clone().slice([0..n, column..column + 1]).reshape([n]));
            let m = values.iter().map(|&v| f64::from(v)).sum::<f64>() / n as f64;
            let v = values
                .iter()
                .map(|&x| (f64::from(x) - m).powi(2))
                .sum::<f64>()
                / n as f64;
            // Standard errors: σ/√n for the mean, about σ²·√(2/n) for the variance.
            assert!(
                (m - mu).abs() < 4.0 * (var / n as f64).sqrt(),
                "mean {m} against {mu}"
            );
            assert!(
                (v - var).abs() < 4.0 * var * (2.0 / n as f64).sqrt(),
                "variance {v} against {var}"
            );
        }
    }

    #[test]
    fn reconstruction_is_binary_cross_entropy_summed_over_pixels() {
        let device = Device::flex();
        let logits = Tensor::<2>::from_data(
            TensorData::new(vec![0.0f32, 2.0, -40.0, 40.0], [1, 4]),
            &device,
        );
        let pixels = Tensor::<2>::from_data(
            TensorData::new(vec![0.5f32, 1.0, 0.0, 1.0], [1, 4]),
            &device,
        );
        let got = f64::from(read(reconstruction(logits, pixels))[0]);
        let bce = |l: f64, x: f64| {
            let p = 1.0 / (1.0 + (-l).exp());
            -(x * p.ln() + (1.0 - x) * (1.0 - p).ln())
        };
        // The ±40 terms are about e^−40: the stable form must not give inf or NaN there.
        let want = bce(0.0, 0.5) + bce(2.0, 1.0);
        assert!((got - want).abs() < 1e-5, "{got} against {want}");
    }
}
