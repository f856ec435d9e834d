//! One post-LN BERT layer: self-attention, add & norm, GELU feed-forward,
//! add & norm.

use burn::config::Config;
use burn::module::Module;
use burn::nn::attention::{MhaInput, MultiHeadAttention, MultiHeadAttentionConfig};
use burn::nn::{Gelu, LayerNorm, LayerNormConfig, Linear, LinearConfig};
use burn::tensor::{Device, Tensor};

/// Sizes of one layer.
#[derive(Config, Debug)]
pub struct BertLayerConfig {
    /// Hidden size (384 for MiniLM).
    pub d_model: usize,
    /// Attention heads (12, so 32 dimensions each).
    pub n_heads: usize,
    /// Feed-forward width (1536).
    pub d_ff: usize,
    /// LayerNorm epsilon.
    #[config(default = 1e-12)]
    pub layer_norm_eps: f64,
}

impl BertLayerConfig {
    /// Build the layer (weights loaded after).
    pub fn init(&self, device: &Device) -> BertLayer {
        let norm = LayerNormConfig::new(self.d_model).with_epsilon(self.layer_norm_eps);
        BertLayer {
            // Inference only: no dropout on the attention weights.
            attention: MultiHeadAttentionConfig::new(self.d_model, self.n_heads)
                .with_dropout(0.0)
                .init(device),
            attention_norm: norm.init(device),
            ffn_inner: LinearConfig::new(self.d_model, self.d_ff).init(device),
            ffn_outer: LinearConfig::new(self.d_ff, self.d_model).init(device),
            ffn_norm: norm.init(device),
            activation: Gelu::new(),
        }
    }
}

/// A BERT encoder layer.
#[derive(Module, Debug)]
pub struct BertLayer {
    /// Multi-head self-attention (query, key, value, output projections).
    pub attention: MultiHeadAttention,
    /// LayerNorm after attention + residual.
    pub attention_norm: LayerNorm,
    /// Feed-forward expansion (d_model -> d_ff).
    pub ffn_inner: Linear,
    /// Feed-forward projection back (d_ff -> d_model).
    pub ffn_outer: Linear,
    /// LayerNorm after feed-forward + residual.
    pub ffn_norm: LayerNorm,
    /// BERT's exact (erf) GELU.
    pub activation: Gelu,
}

/// A layer's results.
pub struct BertLayerOutput {
    /// Hidden states after the layer.
    pub hidden: Tensor<3>,
    /// Attention probabilities, rows sum to 1.
    pub attention: Tensor<4>,
}

impl BertLayer {
    /// # Shapes
    /// - input: [batch, seq, d_model]
    /// - returns: hidden [batch, seq, d_model], attention [batch, heads, seq, seq]
    pub fn forward(&self, input: Tensor<3>) -> BertLayerOutput {
        let attended = self.attention.forward(MhaInput::self_attn(input.clone()));
        let x = self.attention_norm.forward(input + attended.context);
        let ff = self
            .ffn_outer
            .forward(self.activation.forward(self.ffn_inner.forward(x.clone())));
        let hidden = self.ffn_norm.forward(x + ff);
        BertLayerOutput {
            hidden,
            attention: attended.weights,
        }
    }
}
