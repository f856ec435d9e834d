//! The Sequence lab: character-level RNN, LSTM and GRU networks that train
//! in the worker on Tang poems or the learner's own text, and the views
//! into them (sampling, gradient through time, gates).

pub mod cell;
pub mod file;
pub mod inspect;
pub mod lab;
pub mod net;
pub mod sample;
pub mod train;

pub use lab::{SequenceLab, SequenceReply, SequenceRequest};

#[cfg(test)]
mod engine_tests;
