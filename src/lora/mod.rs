//! The LoRA lab (front door: [`lab`]): a GPT pretrained on the Tang poems
//! by the build, adapted live to the Song ci (or the learner's text) with
//! LoRA at several ranks and with full fine-tuning side by side: what each
//! trains and costs in memory, how fast each learns the new style and how
//! much of the old it forgets, how low the rank of the full update really
//! is, and the adapters merged into the weights.

pub mod adapter_file;
pub mod config;
pub mod lab;
pub mod run;
pub mod spectrum;

pub use lab::{LoraLab, LoraReply, LoraRequest};

#[cfg(test)]
mod engine_tests;
