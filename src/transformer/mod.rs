//! The Transformer lab (front door: [`lab`]): the pretrained MiniLM encoder, loaded
//! once from the int8 web asset, and what the lab asks of it: every layer's
//! attention and hidden states for a text, one head's q, k and v, the nearest
//! vocabulary tokens to an input embedding, and sentence similarity.
//!
//! Inference runs on the active device without autodiff. The page can ask
//! for one head's arithmetic after an inspection; the last forward pass is
//! kept, keyed by its token ids, so that costs one matrix product, and a
//! request about a text the engine has not seen (after a restart) recomputes
//! it instead of failing.

mod head;
mod inspect;
pub mod lab;
mod model;
mod nearest;
mod similarity;

pub use crate::inspection::{HeadDetail, Inspection};
pub use crate::models::bert::{Encoded, MAX_TOKENS};
pub use head::head_detail;
pub use inspect::inspect;
pub use lab::{TransformerLab, TransformerReply, TransformerRequest};
pub use model::{MiniLm, Session};
pub use nearest::{Neighbour, nearest};
pub use similarity::{MAX_SENTENCES, Similarity, similarity};

#[cfg(test)]
mod engine_tests;
