//! Kindling's engine: everything that computes, in plain Rust on burn.
//!
//! The crate is shaped like tiktoken's: the whole core compiles and is tested
//! natively on burn's CPU backend, and one module, [`web`] (wasm32 only), is the
//! single place that knows about wasm-bindgen. The browser talks to the core
//! through the messages in [`protocol`]; [`engine::Engine`] answers them.

pub mod backend;
pub mod concepts;
pub mod diagnostics;
pub mod engine;
pub mod host;
pub mod matmul_bench;
pub mod models;
pub mod optimizer;
pub mod protocol;
pub mod readback;
pub mod reference;
pub mod rng;
pub mod sequence;
pub mod slice;
pub mod slot;
pub mod text;
pub mod transformer;
pub mod vision;

#[cfg(target_arch = "wasm32")]
pub mod web;
