//! A look at (and a hand on) the activations entering each matrix of the
//! model: every input of a `Linear` passes through a tap on its way in, so
//! a caller can record it (calibrating activation ranges) or replace it
//! (quantizing it). The plain forward pass taps nothing.

use burn::tensor::Tensor;
use serde::{Deserialize, Serialize};

/// Where in a block an activation enters a matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum SiteKind {
    /// The input of the query, key and value projections.
    Attention,
    /// The heads' concatenated outputs, entering the output projection.
    Context,
    /// The input of the MLP's first layer (or gate).
    Mlp,
    /// The MLP's hidden activation, entering its last layer.
    Hidden,
    /// The final norm's output, entering the output layer.
    Head,
}

/// A tap's place: a block (the head's is the block count) and a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Site {
    /// The block, from 0.
    pub layer: u32,
    /// Which input.
    pub kind: SiteKind,
}

/// What a forward pass calls at each site: takes the activation, returns
/// what the matrix reads.
///
/// # Shapes
/// - the activation: [batch, seq, width]; what is returned must keep it
pub type Tap<'a> = dyn FnMut(Site, Tensor<3>) -> Tensor<3> + 'a;
