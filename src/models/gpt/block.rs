//! One decoder block: causal self-attention and a feed-forward network,
//! each wrapped in a residual connection, with a normalisation before each
//! (pre-norm, GPT-2's and LLaMA's choice, which keeps deep stacks
//! trainable) or after each residual sum (post-norm, the original
//! Transformer's). GPT-2's block uses LayerNorm and a GELU MLP; LLaMA's,
//! RMSNorm and SwiGLU.

use burn::config::Config;
use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig};
use burn::tensor::{Device, Tensor};

use super::attention::{AttentionOutput, CausalSelfAttention, CausalSelfAttentionConfig};
use super::cache::LayerCache;
use super::mlp::{Mlp, MlpKind};
use super::norm::{Norm, NormKind};
use super::positions::Positions;
use super::tap::{Site, SiteKind, Tap};

/// Sizes and placement of one block.
#[derive(Config, Debug)]
pub struct BlockConfig {
    /// Model width.
    pub d_model: usize,
    /// Attention heads.
    pub n_heads: usize,
    /// Key/value heads (0: as many as `n_heads`).
    #[config(default = 0)]
    pub kv_heads: usize,
    /// MLP width as a multiple of the model width (SwiGLU takes two
    /// thirds of it).
    #[config(default = 4)]
    pub mlp_ratio: usize,
    /// Dropout on the attention weights and on each branch's output.
    #[config(default = 0.0)]
    pub dropout: f64,
    /// Normalisation before each branch (true) or after each residual sum.
    #[config(default = true)]
    pub pre_norm: bool,
    /// LayerNorm or RMSNorm.
    #[config(default = "NormKind::LayerNorm")]
    pub norm: NormKind,
    /// GELU MLP or SwiGLU.
    #[config(default = "MlpKind::Gelu")]
    pub mlp: MlpKind,
    /// Where order comes from (RoPE and ALiBi act in the attention).
    #[config(default = "Positions::Learned")]
    pub positions: Positions,
}

impl BlockConfig {
    /// Build the block with fresh weights.
    pub fn init(&self, device: &Device) -> Block {
        Block {
            attention: CausalSelfAttentionConfig::new(self.d_model, self.n_heads)
                .with_kv_heads(self.kv_heads)
                .with_dropout(self.dropout)
                .with_positions(self.positions)
                .init(device),
            attention_norm: self.norm.init(self.d_model, device),
            mlp: self.mlp.init(self.d_model, self.mlp_ratio, device),
            mlp_norm: self.norm.init(self.d_model, device),
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
    /// The attention branch's normalisation.
    pub attention_norm: Norm,
    /// The feed-forward network.
    pub mlp: Mlp,
    /// The MLP branch's normalisation.
    pub mlp_norm: Norm,
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

    /// The block on `input`, the positions after those in `cache` if any.
    ///
    /// # Shapes
    /// - input: [batch, seq, d_model]
    /// - returns: context = the block's output [batch, seq, d_model],
    ///   weights [batch, heads, seq, cached + seq]
    pub fn forward(&self, input: Tensor<3>, cache: Option<&mut LayerCache>) -> AttentionOutput {
        self.forward_tapped(input, cache, 0, &mut |_, x| x)
    }

    /// [`Block::forward`] as block `layer`, every input of a matrix passed
    /// through `tap` on its way in.
    ///
    /// # Shapes
    /// - as [`Block::forward`]
    pub fn forward_tapped(
        &self,
        input: Tensor<3>,
        cache: Option<&mut LayerCache>,
        layer: usize,
        tap: &mut Tap<'_>,
    ) -> AttentionOutput {
        let site = |kind| Site {
            layer: layer as u32,
            kind,
        };
        let mlp = |x: Tensor<3>, tap: &mut Tap<'_>| {
            let x = tap(site(SiteKind::Mlp), x);
            let out = self
                .mlp
                .forward_tapped(x, &mut |h| tap(site(SiteKind::Hidden), h));
            self.dropout.forward(out)
        };
        if self.pre_norm {
            let normed = tap(
                site(SiteKind::Attention),
                self.attention_norm.forward(input.clone()),
            );
            let attended = self
                .attention
                .forward_tapped(normed, cache, &mut |c| tap(site(SiteKind::Context), c));
            let x = input + self.dropout.forward(attended.context);
            let out = x.clone() + mlp(self.mlp_norm.forward(x), tap);
            AttentionOutput {
                context: out,
                weights: attended.weights,
            }
        } else {
            let tapped = tap(site(SiteKind::Attention), input.clone());
            let attended = self
                .attention
                .forward_tapped(tapped, cache, &mut |c| tap(site(SiteKind::Context), c));
            let x = self
                .attention_norm
                .forward(input + self.dropout.forward(attended.context));
            let out = self.mlp_norm.forward(x.clone() + mlp(x, tap));
            AttentionOutput {
                context: out,
                weights: attended.weights,
            }
        }
    }
}
