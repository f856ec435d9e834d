//! The two normalisations a decoder block uses: LayerNorm (GPT-2: subtract
//! the mean, divide by the standard deviation, then scale and shift) and
//! RMSNorm (LLaMA: divide by the root mean square only, scale, no shift),
//! which drops the mean and the bias for a little less work and the same
//! stability.

use burn::module::Module;
use burn::nn::{LayerNorm, LayerNormConfig, RmsNorm, RmsNormConfig};
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

/// Which normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum NormKind {
    /// Mean and variance, scale and shift (2 · d values).
    #[default]
    LayerNorm,
    /// Root mean square, scale only (d values).
    RmsNorm,
}

impl NormKind {
    /// Build one over `d_model` values.
    pub fn init(self, d_model: usize, device: &Device) -> Norm {
        match self {
            NormKind::LayerNorm => Norm::Layer(LayerNormConfig::new(d_model).init(device)),
            NormKind::RmsNorm => Norm::Rms(RmsNormConfig::new(d_model).init(device)),
        }
    }
}

/// A normalisation layer of either kind.
#[derive(Module, Debug)]
pub enum Norm {
    /// LayerNorm.
    Layer(LayerNorm),
    /// RMSNorm.
    Rms(RmsNorm),
}

impl Norm {
    /// # Shapes
    /// - input, returns: [batch, seq, d_model]
    pub fn forward(&self, input: Tensor<3>) -> Tensor<3> {
        match self {
            Norm::Layer(norm) => norm.forward(input),
            Norm::Rms(norm) => norm.forward(input),
        }
    }
}
