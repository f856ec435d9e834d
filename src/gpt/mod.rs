//! The GPT lab (front door: [`lab`]): the learner's own decoder-only
//! Transformer ([`crate::models::gpt`]), trained in the worker on next-token
//! prediction over the Tang poems or their text; writing with every step's
//! distribution shown through temperature, top-k and top-p; the parameter
//! and operation table; and the trained model opened in the attention views
//! the Transformer lab draws for BERT.

pub mod config;
pub mod cost;
pub mod lab;
pub mod sample;
pub mod train;
pub mod vocabulary;

pub use lab::{GptLab, GptReply, GptRequest};

#[cfg(test)]
mod engine_tests;
