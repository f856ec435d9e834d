//! A decoder-only Transformer (GPT), written out layer by layer because the
//! code is the lesson: token and learned position embeddings, blocks of
//! causal multi-head self-attention and a GELU MLP with residuals and
//! LayerNorm before or after each (GPT-2 puts it before), a final norm, and
//! an output layer tied to the token embedding or not.
//!
//! The attention is hand-written rather than burn's `MultiHeadAttention`
//! so that the causal mask is visible where it is applied, every head's
//! weights come back for the views, and later variants (RoPE, ALiBi,
//! grouped-query attention) change one file. The GPT lab (issue 13) trains
//! it; nothing below the labs uses it yet.

pub mod attention;
pub mod block;
pub mod model;

pub use attention::{AttentionOutput, CausalSelfAttention, CausalSelfAttentionConfig};
pub use block::{Block, BlockConfig};
pub use model::{Gpt, GptConfig, GptOutput};
