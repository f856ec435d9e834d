//! The character model: embedding → 1 or 2 recurrent layers → a linear map
//! to a score for every character of the vocabulary.
//!
//! Dropout sits on the connections between layers, never on the recurrence
//! itself (Zaremba et al., 2014). One forward pass serves training,
//! sampling, the gate views and the gradient-through-time probe: the last
//! two ask it to keep each step's gates, or to add a zero "probe" tensor to
//! each top-layer hidden state, whose gradient is then exactly dLoss/dh_t.

use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, Embedding, EmbeddingConfig, Linear, LinearConfig};
use burn::tensor::{Device, Int, Tensor};

use super::cell::{Cell, CellKind, State};

/// The shape of a network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Recurrence.
    pub cell: CellKind,
    /// Stacked layers.
    pub layers: usize,
    /// Hidden size per layer.
    pub hidden: usize,
    /// Embedding size.
    pub embed: usize,
    /// Vocabulary size.
    pub vocab: usize,
}

/// The network.
#[derive(Module, Debug)]
pub struct CharNet {
    /// One vector per character.
    pub embedding: Embedding,
    /// Recurrent layers, bottom first.
    pub cells: Vec<Cell>,
    /// Between layers and before the output.
    pub dropout: Dropout,
    /// Hidden state to next-character scores.
    pub output: Linear,
}

/// What one layer did at every step, when asked to record.
#[derive(Debug, Clone)]
pub struct LayerTrace {
    /// Per step, the gate activations (see [`CellKind::gate_names`]).
    pub gates: Vec<Vec<Tensor<2>>>,
    /// Per step, the hidden state `[batch, H]`.
    pub hidden: Vec<Tensor<2>>,
    /// Per step, the LSTM's cell state `[batch, H]`.
    pub cell: Vec<Tensor<2>>,
}

/// The result of [`CharNet::forward`].
#[derive(Debug)]
pub struct Forward {
    /// Scores `[batch·T, vocab]`, step-major within each sequence.
    pub logits: Tensor<2>,
    /// The state after the last step, one per layer.
    pub states: Vec<State>,
    /// Per layer, when recording.
    pub trace: Option<Vec<LayerTrace>>,
}

impl CharNet {
    /// A fresh network (seed the device first for reproducible weights).
    pub fn new(shape: Shape, dropout: f64, device: &Device) -> Self {
        let cells = (0..shape.layers)
            .map(|l| {
                let input = if l == 0 { shape.embed } else { shape.hidden };
                Cell::new(shape.cell, input, shape.hidden, device)
            })
            .collect();
        Self {
            embedding: EmbeddingConfig::new(shape.vocab, shape.embed).init(device),
            cells,
            dropout: DropoutConfig::new(dropout).init(),
            output: LinearConfig::new(shape.hidden, shape.vocab).init(device),
        }
    }

    /// Recurrence of the layers.
    pub fn kind(&self) -> CellKind {
        self.cells[0].kind
    }

    /// Hidden size.
    pub fn hidden(&self) -> usize {
        self.cells[0].size
    }

    /// Zero states for `batch` sequences.
    pub fn zero_states(&self, batch: usize, device: &Device) -> Vec<State> {
        self.cells
            .iter()
            .map(|c| State::zeros(c.kind, batch, c.size, device))
            .collect()
    }

    /// Run `ids` from `states`.
    ///
    /// `probes`, when given, are added to the top layer's hidden state at
    /// each step (zeros that require a gradient). `record` keeps every
    /// step's gates and states.
    ///
    /// # Shapes
    /// - `ids`: `[batch, T]`
    /// - `states`: one per layer, `[batch, H]` each
    /// - `probes`: `T` tensors `[batch, H]`
    pub fn forward(
        &self,
        ids: Tensor<2, Int>,
        states: Vec<State>,
        probes: Option<&[Tensor<2>]>,
        record: bool,
    ) -> Forward {
        let [batch, steps] = ids.dims();
        let mut x = self.embedding.forward(ids);
        let top = self.cells.len() - 1;
        let mut finals = Vec::with_capacity(self.cells.len());
        let mut traces = Vec::new();
        for ((layer, cell), mut state) in self.cells.iter().enumerate().zip(states) {
            let projected = cell.input.forward(self.dropout.forward(x));
            let width = cell.kind.blocks() * cell.size;
            let mut outputs = Vec::with_capacity(steps);
            let mut trace = LayerTrace {
                gates: Vec::new(),
                hidden: Vec::new(),
                cell: Vec::new(),
            };
            for t in 0..steps {
                let x_t = projected.clone().narrow(1, t, 1).reshape([batch, width]);
                let (mut next, gates) = cell.step(x_t, &state);
                if let Some(probes) = probes.filter(|_| layer == top) {
                    next.h = next.h + probes[t].clone();
                }
                if record {
                    trace.gates.push(gates);
                    trace.hidden.push(next.h.clone());
                    trace.cell.extend(next.c.clone());
                }
                outputs.push(next.h.clone());
                state = next;
            }
            x = Tensor::stack(outputs, 1);
            finals.push(state);
            if record {
                traces.push(trace);
            }
        }
        let logits = self
            .output
            .forward(self.dropout.forward(x))
            .reshape([batch * steps, self.output.weight.dims()[1]]);
        Forward {
            logits,
            states: finals,
            trace: record.then_some(traces),
        }
    }
}
