//! The Text lab: real tokenizers side by side on the learner's text, and a
//! byte-level BPE trained on it, merge by merge. The tokenizers themselves
//! live in [`crate::tokenize`], shared with the Transformer lab; this folder
//! is only the lab's front door.

pub mod lab;

pub use lab::{TextLab, TextReply, TextRequest};

#[cfg(test)]
mod engine_tests;
