//! Causal multi-head self-attention: each position attends to itself and
//! the positions before it, never after, which is what lets a decoder be
//! trained on every next token of a text at once.
//!
//! Two decoder-era variants live here too. Grouped-query attention gives
//! the heads fewer key/value heads than query heads (one: multi-query; as
//! many: plain multi-head), each shared by a group of query heads, which
//! shrinks what a KV cache must hold. And the positions that act inside
//! attention: RoPE rotates queries and keys, ALiBi biases the scores.

use burn::config::Config;
use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, Linear, LinearConfig, RotaryEncoding};
use burn::tensor::activation::softmax;
use burn::tensor::{Bool, Device, Tensor};

use super::cache::LayerCache;
use super::positions::{self, Positions};

/// Sizes of the attention.
#[derive(Config, Debug)]
pub struct CausalSelfAttentionConfig {
    /// Model width; a multiple of `n_heads`.
    pub d_model: usize,
    /// Query heads, each `d_model / n_heads` wide.
    pub n_heads: usize,
    /// Key/value heads, dividing `n_heads` (0: as many as `n_heads`).
    #[config(default = 0)]
    pub kv_heads: usize,
    /// Dropout on the attention weights while training.
    #[config(default = 0.0)]
    pub dropout: f64,
    /// Where order comes from; RoPE and ALiBi act here.
    #[config(default = "Positions::Learned")]
    pub positions: Positions,
}

impl CausalSelfAttentionConfig {
    /// Build the attention with fresh weights.
    ///
    /// # Panics
    /// When `d_model` is not a multiple of `n_heads`, or `kv_heads` does
    /// not divide `n_heads` (the lab refuses such shapes before here).
    pub fn init(&self, device: &Device) -> CausalSelfAttention {
        assert!(
            self.n_heads > 0 && self.d_model.is_multiple_of(self.n_heads),
            "d_model {} is not a multiple of {} heads",
            self.d_model,
            self.n_heads
        );
        let kv_heads = if self.kv_heads == 0 {
            self.n_heads
        } else {
            self.kv_heads
        };
        assert!(
            self.n_heads.is_multiple_of(kv_heads),
            "{kv_heads} key/value heads do not divide {} heads",
            self.n_heads
        );
        let d_k = self.d_model / self.n_heads;
        let linear = |out: usize| LinearConfig::new(self.d_model, out).init(device);
        CausalSelfAttention {
            query: linear(self.d_model),
            key: linear(kv_heads * d_k),
            value: linear(kv_heads * d_k),
            output: linear(self.d_model),
            dropout: DropoutConfig::new(self.dropout).init(),
            rope: (self.positions == Positions::Rope).then(|| positions::rotary(d_k, device)),
            n_heads: self.n_heads,
            kv_heads,
            alibi: self.positions == Positions::Alibi,
        }
    }
}

/// Causal multi-head (or grouped-query) self-attention.
#[derive(Module, Debug)]
pub struct CausalSelfAttention {
    /// Input to queries, every head.
    pub query: Linear,
    /// Input to keys, one per key/value head.
    pub key: Linear,
    /// Input to values, one per key/value head.
    pub value: Linear,
    /// Concatenated heads back to the model width.
    pub output: Linear,
    /// Dropout on the attention weights.
    pub dropout: Dropout,
    /// RoPE's rotation of queries and keys, when the model uses it.
    pub rope: Option<RotaryEncoding>,
    /// Number of query heads.
    pub n_heads: usize,
    /// Number of key/value heads (divides `n_heads`).
    pub kv_heads: usize,
    /// Whether ALiBi's distance penalty is added to the scores.
    pub alibi: bool,
}

/// What the attention computed.
pub struct AttentionOutput {
    /// The attended values, projected back to the model width.
    pub context: Tensor<3>,
    /// Attention weights; each row sums to 1 and is 0 after its position.
    pub weights: Tensor<4>,
}

impl CausalSelfAttention {
    /// Width of one head.
    pub fn d_k(&self) -> usize {
        self.query.weight.dims()[1] / self.n_heads
    }

    /// Queries, keys and values of `input` at positions `offset..`, RoPE
    /// applied, keys and values per key/value head.
    ///
    /// # Shapes
    /// - input: [batch, seq, d_model]
    /// - returns: q [batch, heads, seq, d_k], k and v [batch, kv_heads, seq, d_k]
    pub fn projections(&self, input: Tensor<3>, offset: usize) -> [Tensor<4>; 3] {
        let [batch, seq, _] = input.dims();
        let d_k = self.d_k();
        let split =
            |x: Tensor<3>, heads: usize| x.reshape([batch, seq, heads, d_k]).swap_dims(1, 2);
        let mut q = split(self.query.forward(input.clone()), self.n_heads);
        let mut k = split(self.key.forward(input.clone()), self.kv_heads);
        let v = split(self.value.forward(input), self.kv_heads);
        if let Some(rope) = &self.rope {
            q = rope.apply(q, offset);
            k = rope.apply(k, offset);
        }
        [q, k, v]
    }

    /// `softmax(q·kᵀ / √d_k + bias + mask)·v` for every head, the mask
    /// putting −∞ on every key after its query; `bias` is ALiBi's, or 0.
    /// With a cache, `input` holds the positions after the cached ones, the
    /// new keys and values are appended, and the queries attend over all.
    ///
    /// # Shapes
    /// - input: [batch, seq, d_model]
    /// - returns: context [batch, seq, d_model], weights
    ///   [batch, heads, seq, cached + seq]
    pub fn forward(&self, input: Tensor<3>, cache: Option<&mut LayerCache>) -> AttentionOutput {
        self.forward_tapped(input, cache, &mut |x| x)
    }

    /// [`CausalSelfAttention::forward`], the heads' joined outputs passed
    /// through `context` before the output projection reads them.
    ///
    /// # Shapes
    /// - as [`CausalSelfAttention::forward`]
    pub fn forward_tapped(
        &self,
        input: Tensor<3>,
        cache: Option<&mut LayerCache>,
        context: &mut dyn FnMut(Tensor<3>) -> Tensor<3>,
    ) -> AttentionOutput {
        let tap = context;
        let [batch, seq, d_model] = input.dims();
        let offset = cache.as_ref().map_or(0, |c| c.len());
        let [q, k, v] = self.projections(input, offset);
        let (k, v) = match cache {
            Some(cache) => cache.append(k, v),
            None => (k, v),
        };
        let keys = k.dims()[2];
        let d_k = self.d_k();
        // Each key/value head serves `group` query heads in a row:
        // [batch, kv, keys, d_k] -> [batch, heads, keys, d_k].
        let group = self.n_heads / self.kv_heads;
        let share = |x: Tensor<4>| {
            if group == 1 {
                return x;
            }
            x.reshape([batch, self.kv_heads, 1, keys, d_k])
                .expand([batch, self.kv_heads, group, keys, d_k])
                .reshape([batch, self.n_heads, keys, d_k])
        };
        let (k, v) = (share(k), share(v));
        let mut scores = q.matmul(k.swap_dims(2, 3)) / (d_k as f64).sqrt();
        let device = scores.device();
        if self.alibi {
            scores = scores + positions::alibi_bias(self.n_heads, offset, seq, keys, &device);
        }
        // true where key j > query offset + i: the future.
        let future = Tensor::<2, Bool>::tril_mask([seq, keys], offset as i64, &device)
            .reshape([1, 1, seq, keys])
            .expand([batch, self.n_heads, seq, keys]);
        let weights = softmax(scores.mask_fill(future, f32::NEG_INFINITY), 3);
        let context = self
            .dropout
            .forward(weights.clone())
            .matmul(v)
            .swap_dims(1, 2)
            .reshape([batch, seq, d_model]);
        AttentionOutput {
            context: self.output.forward(tap(context)),
            weights,
        }
    }
}
