//! The KV cache: generation writes one token at a time, and each new token
//! needs the keys and values of every token before it. They do not change
//! (a causal model never looks ahead), so a decoder keeps them instead of
//! recomputing the whole prefix at every step: each step then projects one
//! new position, appends its key and value, and lets its one query attend
//! over all. The price is memory that grows with every token:
//! 2 × layers × K/V heads × head width × tokens × bytes per value.

use burn::tensor::Tensor;

/// One layer's keys and values so far.
#[derive(Default)]
pub struct LayerCache {
    kv: Option<(Tensor<4>, Tensor<4>)>,
}

impl LayerCache {
    /// Positions held.
    pub fn len(&self) -> usize {
        self.kv.as_ref().map_or(0, |(k, _)| k.dims()[2])
    }

    /// Whether nothing is held yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Append the new positions' keys and values; returns all of them.
    ///
    /// # Shapes
    /// - k, v: [batch, kv_heads, new, d_k]
    /// - returns: [batch, kv_heads, held + new, d_k] each
    pub fn append(&mut self, k: Tensor<4>, v: Tensor<4>) -> (Tensor<4>, Tensor<4>) {
        let kv = match self.kv.take() {
            Some((keys, values)) => (
                Tensor::cat(vec![keys, k], 2),
                Tensor::cat(vec![values, v], 2),
            ),
            None => (k, v),
        };
        self.kv = Some(kv.clone());
        kv
    }

    /// The keys and values held.
    ///
    /// # Shapes
    /// - returns: [batch, kv_heads, held, d_k] each
    pub fn tensors(&self) -> Option<&(Tensor<4>, Tensor<4>)> {
        self.kv.as_ref()
    }

    /// Values held (keys and values together).
    pub fn values(&self) -> usize {
        self.kv.as_ref().map_or(0, |(k, v)| {
            k.shape().num_elements() + v.shape().num_elements()
        })
    }
}

/// Every layer's cache.
pub struct KvCache {
    /// One per block, in order.
    pub layers: Vec<LayerCache>,
}

impl KvCache {
    /// An empty cache for `layers` blocks.
    pub fn new(layers: usize) -> Self {
        Self {
            layers: (0..layers).map(|_| LayerCache::default()).collect(),
        }
    }

    /// Positions held.
    pub fn len(&self) -> usize {
        self.layers.first().map_or(0, LayerCache::len)
    }

    /// Whether nothing is held yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes the tensors held take, at `bytes_per_value` each (4 for f32).
    pub fn bytes(&self, bytes_per_value: usize) -> usize {
        self.layers.iter().map(LayerCache::values).sum::<usize>() * bytes_per_value
    }
}

/// What the cache must hold for `tokens` tokens: keys and values (2) for
/// every layer, K/V head and dimension of a head.
pub fn cache_bytes(
    layers: usize,
    kv_heads: usize,
    d_head: usize,
    tokens: usize,
    bytes_per_value: usize,
) -> usize {
    2 * layers * kv_heads * d_head * tokens * bytes_per_value
}
