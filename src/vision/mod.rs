//! The Vision lab's engine side: a small convolutional network trained on
//! real handwritten digits in the worker.
//!
//! The network, its digits and its training loop are the kernel's
//! ([`crate::models::cnn`]); here are the lab's front door and what it does
//! after training ([`compress`]: int8 and BatchNorm folding), and the
//! network kept as a model file ([`file`]).

pub mod compress;
pub mod file;
pub mod lab;

#[cfg(test)]
mod engine_tests;

pub use lab::{VisionLab, VisionReply, VisionRequest};
