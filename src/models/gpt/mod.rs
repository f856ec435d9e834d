//! A decoder-only Transformer (GPT), written out layer by layer because the
//! code is the lesson: token embeddings and one of five ways to give them
//! order, blocks of causal self-attention (multi-head or grouped-query) and
//! a GELU or SwiGLU MLP with residuals and LayerNorm or RMSNorm before or
//! after each (GPT-2's block and LLaMA's are both a choice of knobs), a
//! final norm, an output layer tied to the token embedding or not, and a
//! KV cache for generation, and LoRA adapters on its matrices (burn's own).
//!
//! The attention is hand-written rather than burn's `MultiHeadAttention`
//! so that the causal mask is visible where it is applied, every head's
//! weights come back for the views, and the decoder-era variants (RoPE,
//! ALiBi, grouped-query attention, the cache) each change one place.

pub mod adapters;
pub mod attention;
pub mod block;
pub mod built;
pub mod cache;
pub mod mlp;
pub mod model;
pub mod norm;
pub mod positions;
pub mod shelf;
pub mod tap;

pub use adapters::LoraTarget;
pub use attention::{AttentionOutput, CausalSelfAttention, CausalSelfAttentionConfig};
pub use block::{Block, BlockConfig};
pub use cache::{KvCache, LayerCache, cache_bytes};
pub use mlp::{Mlp, MlpKind};
pub use model::{Gpt, GptConfig, GptOutput};
pub use norm::{Norm, NormKind};
pub use positions::Positions;
pub use shelf::{DecoderShelf, SharedDecoder};
pub use tap::{Site, SiteKind, Tap};
