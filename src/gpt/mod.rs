//! The GPT lab (front door: [`lab`]): the learner's own decoder-only
//! Transformer ([`crate::models::gpt`]), trained in the worker on next-token
//! prediction over the Tang poems or their text; writing with every step's
//! distribution shown through temperature, top-k and top-p; the parameter
//! and operation table; and the trained model opened in the attention views
//! the Transformer lab draws for BERT. Beside it, the decoder questions as
//! experiments: five positional encodings trained side by side and read
//! past their training length, GPT-2's block against LLaMA's, and the KV
//! cache timed against writing without it. The learner's model can be kept as a
//! model file and read back ([`file`]).

pub mod cache_run;
pub mod config;
pub mod cost;
pub mod file;
pub mod lab;
pub mod lineup;
pub mod positions_view;
pub mod sample;
pub mod train;
pub mod vocabulary;

pub use lab::{GptLab, GptReply, GptRequest};

#[cfg(test)]
mod engine_tests;
