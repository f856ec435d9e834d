//! Kindling's engine: everything that computes, in plain Rust on burn.
//!
//! The crate is one strict stack, each layer naming only those below it:
//!
//! - the wasm edge, [`web`] (wasm32 only): the single place that knows
//!   about wasm-bindgen; it provides the [`host::Host`];
//! - the router, [`engine`], and the union of messages, [`protocol`];
//! - one front door per lab (`<lab>/lab.rs`): [`check`], [`text`],
//!   [`transformer`], [`vision`], [`sequence`], [`concepts`], [`gpt`];
//! - the shared runtime: [`lab`] (the front-door trait), [`call`], [`slot`],
//!   [`slice`];
//! - the kernel: [`backend`], [`readback`], [`models`], [`tokenize`],
//!   [`corpus`], [`inspection`], [`optimizer`], [`limits`], [`rng`],
//!   [`reference`];
//! - at the bottom, what every layer may use: the [`host::Host`] interface
//!   and the small words of the wire, [`wire`].
//!
//! `tests/layers.rs` fails when a module names one above it or the module
//! graph gets a circle.

pub mod backend;
pub mod call;
pub mod check;
pub mod concepts;
pub mod corpus;
pub mod engine;
pub mod gpt;
pub mod host;
pub mod inspection;
pub mod lab;
pub mod limits;
pub mod lora;
pub mod model_file;
pub mod models;
pub mod optimizer;
pub mod precision;
pub mod protocol;
pub mod readback;
pub mod reference;
pub mod representations;
pub mod rng;
pub mod sampling;
pub mod sequence;
pub mod slice;
pub mod slot;
pub mod text;
pub mod tokenize;
pub mod transformer;
pub mod vision;
pub mod windows;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod web;
