//! Causal multi-head self-attention: each position attends to itself and
//! the positions before it, never after, which is what lets a decoder be
//! trained on every next token of a text at once.

use burn::config::Config;
use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, Linear, LinearConfig};
use burn::tensor::activation::softmax;
use burn::tensor::{Bool, Device, Tensor};

/// Sizes of the attention.
#[derive(Config, Debug)]
pub struct CausalSelfAttentionConfig {
    /// Model width; a multiple of `n_heads`.
    pub d_model: usize,
    /// Heads, each `d_model / n_heads` wide.
    pub n_heads: usize,
    /// Dropout on the attention weights while training.
    #[config(default = 0.0)]
    pub dropout: f64,
}

impl CausalSelfAttentionConfig {
    /// Build the attention with fresh weights.
    ///
    /// # Panics
    /// When `d_model` is not a multiple of `n_heads` (the lab refuses such
    /// a shape before it gets here).
    pub fn init(&self, device: &Device) -> CausalSelfAttention {
        assert!(
            self.n_heads > 0 && self.d_model.is_multiple_of(self.n_heads),
            "d_model {} is not a multiple of {} heads",
            self.d_model,
            self.n_heads
        );
        let linear = || LinearConfig::new(self.d_model, self.d_model).init(device);
        CausalSelfAttention {
            query: linear(),
            key: linear(),
            value: linear(),
            output: linear(),
            dropout: DropoutConfig::new(self.dropout).init(),
            n_heads: self.n_heads,
        }
    }
}

/// Causal multi-head self-attention.
#[derive(Module, Debug)]
pub struct CausalSelfAttention {
    /// Input to queries.
    pub query: Linear,
    /// Input to keys.
    pub key: Linear,
    /// Input to values.
    pub value: Linear,
    /// Concatenated heads back to the model width.
    pub output: Linear,
    /// Dropout on the attention weights.
    pub dropout: Dropout,
    /// Number of heads.
    pub n_heads: usize,
}

/// What the attention computed.
pub struct AttentionOutput {
    /// The attended values, projected back to the model width.
    pub context: Tensor<3>,
    /// Attention weights; each row sums to 1 and is 0 after its position.
    pub weights: Tensor<4>,
}

impl CausalSelfAttention {
    /// `softmax(q·kᵀ / √d_k + mask)·v` for every head, the mask putting −∞
    /// on every key after its query.
    ///
    /// # Shapes
    /// - input: [batch, seq, d_model]
    /// - returns: context [batch, seq, d_model], weights [batch, heads, seq, seq]
    pub fn forward(&self, input: Tensor<3>) -> AttentionOutput {
        let [batch, seq, d_model] = input.dims();
        let d_k = d_model / self.n_heads;
        // [batch, seq, d_model] -> [batch, heads, seq, d_k]
        let heads = |x: Tensor<3>| x.reshape([batch, seq, self.n_heads, d_k]).swap_dims(1, 2);
        let q = heads(self.query.forward(input.clone()));
        let k = heads(self.key.forward(input.clone()));
        let v = heads(self.value.forward(input));
        let scores = q.matmul(k.swap_dims(2, 3)) / (d_k as f64).sqrt();
        // true strictly above the diagonal: key j > query i is the future.
        let future = Tensor::<2, Bool>::tril_mask([seq, seq], 0, &scores.device())
            .reshape([1, 1, seq, seq])
            .expand([batch, self.n_heads, seq, seq]);
        let weights = softmax(scores.mask_fill(future, f32::NEG_INFINITY), 3);
        let context = self
            .dropout
            .forward(weights.clone())
            .matmul(v)
            .swap_dims(1, 2)
            .reshape([batch, seq, d_model]);
        AttentionOutput {
            context: self.output.forward(context),
            weights,
        }
    }
}
