//! The block's feed-forward half, applied to each position alone: GPT-2's
//! two matrices with a GELU between, or LLaMA's SwiGLU, whose gate
//! silu(x·W)·(x·V) multiplies two projections before the third brings the
//! result back. SwiGLU has three matrices, so LLaMA shrinks its hidden
//! width to two thirds to keep the parameter count.

use burn::module::Module;
use burn::nn::{Gelu, Linear, LinearConfig, SwiGlu, SwiGluConfig};
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

/// Which feed-forward network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum MlpKind {
    /// Linear, GELU, linear (GPT-2).
    #[default]
    Gelu,
    /// A SiLU-gated pair of projections, then a linear (LLaMA).
    SwiGlu,
}

impl MlpKind {
    /// The hidden width for a model `d_model` wide with `ratio` × as many
    /// hidden units in the GELU MLP: the same for GELU, two thirds of it
    /// (at least 1) for SwiGLU, which has three matrices instead of two.
    pub fn hidden(self, d_model: usize, ratio: usize) -> usize {
        match self {
            MlpKind::Gelu => d_model * ratio,
            MlpKind::SwiGlu => (2 * d_model * ratio / 3).max(1),
        }
    }

    /// Build one for `d_model` and `ratio`.
    pub fn init(self, d_model: usize, ratio: usize, device: &Device) -> Mlp {
        let hidden = self.hidden(d_model, ratio);
        Mlp {
            input: (self == MlpKind::Gelu).then(|| LinearConfig::new(d_model, hidden).init(device)),
            gate: (self == MlpKind::SwiGlu)
                .then(|| SwiGluConfig::new(d_model, hidden).init(device)),
            gelu: Gelu::new(),
            out: LinearConfig::new(hidden, d_model).init(device),
        }
    }
}

/// The feed-forward network of a block: out(gelu(input(x))), or
/// out(silu(x·W) ⊙ (x·V)) with the gate's W and V.
#[derive(Module, Debug)]
pub struct Mlp {
    /// GELU's expansion to the hidden width.
    pub input: Option<Linear>,
    /// SwiGLU's gated pair of projections to the hidden width.
    pub gate: Option<SwiGlu>,
    /// The GELU.
    pub gelu: Gelu,
    /// Back to the model width.
    pub out: Linear,
}

impl Mlp {
    /// # Shapes
    /// - input, returns: [batch, seq, d_model]
    pub fn forward(&self, input: Tensor<3>) -> Tensor<3> {
        self.forward_tapped(input, &mut |x| x)
    }

    /// [`Mlp::forward`], the hidden activation passed through `hidden`
    /// before the last layer reads it.
    ///
    /// # Shapes
    /// - input, returns: [batch, seq, d_model]
    pub fn forward_tapped(
        &self,
        input: Tensor<3>,
        hidden: &mut dyn FnMut(Tensor<3>) -> Tensor<3>,
    ) -> Tensor<3> {
        let inner = match (&self.input, &self.gate) {
            (_, Some(gate)) => gate.forward(input),
            (Some(w), None) => self.gelu.forward(w.forward(input)),
            (None, None) => unreachable!("an MLP has an input or a gate"),
        };
        self.out.forward(hidden(inner))
    }
}
