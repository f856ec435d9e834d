//! The device check: a matrix product and an autodiff backward pass run on
//! the active device and compared with answers computed independently in
//! plain Rust, and matrix-product throughput. It tells a learner that the
//! engine computes correctly here, and how fast.

pub mod diagnostics;
pub mod lab;
pub mod matmul_bench;

pub use lab::{CheckLab, CheckReply, CheckRequest};
