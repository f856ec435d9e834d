//! The Concepts lab: the classic questions about training deep nets, each
//! an experiment that trains live (gradient flow, normalisation, dropout,
//! optimizers, L1 versus L2); the gradient-flow network kept as a model
//! file ([`file`]).

pub mod data;
pub mod dropout;
pub mod file;
pub mod lab;
pub mod mlp;
pub mod norm;
pub mod race;
pub mod train;

pub use lab::{ConceptsLab, ConceptsReply, ConceptsRequest};

#[cfg(test)]
mod engine_tests;
