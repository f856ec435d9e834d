//! One decoder block: causal self-attention and a GELU MLP, each wrapped in
//! a residual connection, with LayerNorm before each (pre-norm, GPT-2's
//! choice, which keeps deep stacks trainable) or after each residual sum
//! (post-norm, the original Transformer's).

use burn::config::Config;
use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, Gelu, LayerNorm, LayerNormConfig, Linear, LinearConfig};
use burn::tensor::{Device, Tensor};

use super::attention::{AttentionOutput, CausalSelfAttention, CausalSelfAttentionConfig};

/// Sizes and placement of one block.
#[derive(Config, Debug)]
pub struct BlockConfig {
    /// Model width.
    pub d_model: usize,
    /// Attention heads.
    pub n_heads: usize,
    /// MLP width as a multiple of the model width.
    #[config(default = 4)]
    pub mlp_ratio: usize,
    /// Dropout on the attention weights and on each branch's output.
    #[config(default = 0.0)]
    pub dropout: f64,
    /// LayerNorm before each branch (true) or after each residual sum.
    #[config(default = true)]
    pub pre_norm: bool,
}

impl BlockConfig {
    /// Build the block with fresh weights.
    pub fn init(&self, device: &Device) -> Block {
        let d_ff = self.d_model * self.mlp_ratio;
        Block {
            attention: CausalSelfAttentionConfig::new(self.d_model, self.n_heads)
                .with_dropout(self.dropout)
                .init(device),
            attention_norm: LayerNormConfig::new(self.d_model).init(device),
            mlp_in: LinearConfig::new(self.d_model, d_ff).init(device),
            mlp_out: LinearConfig::new(d_ff, self.d_model).init(device),
            mlp_norm: LayerNormConfig::new(self.d_model).init(device),
            gelu: Gelu::new(),
            dropout: DropoutConfig::new(self.dropout).init(),
            pre_norm: self.pre_norm,
        }
    }
}

/// A decoder block.
#[derive(Module, Debug)]
pub struct Block {
    /// Causal self-attention.
    pub attention: CausalSelfAttention,
    /// The attention branch's LayerNorm.
    pub attention_norm: LayerNorm,
    /// MLP expansion (d_model -> mlp_ratio · d_model).
    pub mlp_in: Linear,
    /// MLP projection back.
    pub mlp_out: Linear,
    /// The MLP branch's LayerNorm.
    pub mlp_norm: LayerNorm,
    /// The MLP's activation.
    pub gelu: Gelu,
    /// Dropout on each branch's output.
    pub dropout: Dropout,
    /// Where the norms sit.
    pub pre_norm: bool,
}

impl Block {
    /// What the attention reads: the block's input, normalised first in a
    /// pre-norm block.
    ///
    /// # Shapes
    /// - input, returns: [batch, seq, d_model]
    pub fn attention_input(&self, input: Tensor<3>) -> Tensor<3> {
        if self.pre_norm {
            self.attention_norm.forward(input)
        } else {
            input
        }
    }

    /// # Shapes
    /// - input: [batch, seq, d_model]
    /// - returns: context = the block's output [batch, seq, d_model],
    ///   weights [batch, heads, seq, seq]
    pub fn forward(&self, input: Tensor<3>) -> AttentionOutput {
        let mlp = |x: Tensor<3>| {
            let inner = self.gelu.forward(self.mlp_in.forward(x));
            self.dropout.forward(self.mlp_out.forward(inner))
        };
        if self.pre_norm {
            let attended = self
                .attention
                .forward(self.attention_norm.forward(input.clone()));
            let x = input + self.dropout.forward(attended.context);
            let out = x.clone() + mlp(self.mlp_norm.forward(x));
            AttentionOutput {
                context: out,
                weights: attended.weights,
            }
        } else {
            let attended = self.attention.forward(input.clone());
            let x = self
                .attention_norm
                .forward(input + self.dropout.forward(attended.context));
            let out = self.mlp_norm.forward(x.clone() + mlp(x));
            AttentionOutput {
                context: out,
                weights: attended.weights,
            }
        }
    }
}
