//! The Precision lab (front door: [`lab`]): real Transformers (the Tang
//! GPT the build trained, the learner's own GPT, MiniLM) quantized to int8
//! and int4 with one scale per tensor, per output channel or per group;
//! post-training quantization against quantization-aware training with the
//! straight-through estimator; and fp16 and bf16 mixed-precision training
//! with and without loss scaling.

pub mod fake_quant;
pub mod formats;
pub mod grid;
pub mod lab;
pub mod mixed;
pub mod qat;
pub mod run;
pub mod scaler;
pub mod subject;
pub mod views;

pub use lab::{PrecisionLab, PrecisionReply, PrecisionRequest};

pub mod activations;
#[cfg(test)]
mod engine_tests;
pub mod half;
pub mod speed;
