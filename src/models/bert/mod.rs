//! A BERT encoder (all-MiniLM-L6-v2) that shows its work.
//!
//! Structured like burn-nn's transformer encoder, but every forward returns
//! what the Transformer lab draws: each layer's hidden states and attention
//! probabilities, not only the final output (burn's `TransformerEncoder`
//! keeps its attention weights to itself).

mod embeddings;
mod encoder;
mod input;
mod layer;
pub mod minilm;
mod weights;

pub use embeddings::{BertEmbeddings, BertEmbeddingsConfig};
pub use encoder::{Bert, BertConfig, BertOutput};
pub use input::{Encoded, MAX_TOKENS};
pub use layer::{BertLayer, BertLayerConfig, BertLayerOutput};
pub use minilm::{MODEL_ASSET, MiniLm, MiniLmCache};
pub use weights::load_safetensors;
