//! The Representations lab (front door: [`lab`]): word2vec trained in the
//! page on the Tang poems or the learner's text, skip-gram or CBOW with
//! negative sampling, and what its vectors say: nearest neighbours,
//! analogies and a map of the most frequent tokens; the count baselines it
//! replaced (PPMI + SVD, the bigram model); static against contextual
//! vectors (one word in two sentences through MiniLM); and an autoencoder
//! against a VAE on the digits, with a code space to walk and β compared.

pub mod ae_run;
pub mod autoencoder;
pub mod baselines;
pub mod beta;
pub mod bigram;
pub mod contextual;
pub mod counts;
pub mod lab;
pub mod neighbours;
pub mod pairs;
pub mod tokens;
pub mod train;
pub mod vocab;
pub mod w2v_file;
pub mod word2vec;

pub use lab::{RepresentationsLab, RepresentationsReply, RepresentationsRequest};

#[cfg(test)]
mod engine_tests;
