//! The three recurrent cells, written out gate by gate because the gates
//! are the lesson: a plain (Elman) RNN, an LSTM and a GRU, with PyTorch's
//! equations and gate order so that a learner can check them against any
//! textbook.
//!
//! Each cell keeps two affine maps, one from the input and one from the
//! previous hidden state, each producing every gate at once (`G·H` outputs):
//! the input side of a whole sequence is then one matrix product before the
//! time loop, and each step needs one more product for the hidden side.
//! Weights start uniform in ±1/√H (PyTorch's default); the LSTM's forget
//! gate starts biased by +1 so that it begins by remembering (Jozefowicz et
//! al., 2015).

use burn::module::{Module, Param};
use burn::nn::{Initializer, Linear, LinearConfig};
#[cfg(test)]
use burn::tensor::TensorData;
use burn::tensor::activation::sigmoid;
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

/// Which recurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CellKind {
    /// h' = tanh(W x + U h + b).
    Rnn,
    /// Input, forget, cell and output gates with a separate cell state.
    Lstm,
    /// Reset and update gates over one state.
    Gru,
}

impl CellKind {
    /// All three, in the order the page lists them.
    pub const ALL: [CellKind; 3] = [CellKind::Rnn, CellKind::Lstm, CellKind::Gru];

    /// Blocks of `H` outputs each affine map produces.
    pub fn blocks(self) -> usize {
        match self {
            CellKind::Rnn => 1,
            CellKind::Lstm => 4,
            CellKind::Gru => 3,
        }
    }

    /// Names of the activations [`Cell::step`] returns, in order.
    pub fn gate_names(self) -> &'static [&'static str] {
        match self {
            CellKind::Rnn => &[],
            CellKind::Lstm => &["input", "forget", "candidate", "output"],
            CellKind::Gru => &["reset", "update", "candidate"],
        }
    }
}

/// The recurrent state between steps.
#[derive(Debug, Clone)]
pub struct State {
    /// Hidden state `[batch, hidden]`.
    pub h: Tensor<2>,
    /// The LSTM's cell state `[batch, hidden]`.
    pub c: Option<Tensor<2>>,
}

impl State {
    /// All zeros, the start of every sequence.
    pub fn zeros(kind: CellKind, batch: usize, hidden: usize, device: &Device) -> Self {
        let zeros = || Tensor::zeros([batch, hidden], device);
        Self {
            h: zeros(),
            c: (kind == CellKind::Lstm).then(zeros),
        }
    }

    /// The same values, cut from the graph that made them (the "truncated"
    /// in truncated back-propagation through time).
    pub fn detach(self) -> Self {
        Self {
            h: self.h.detach(),
            c: self.c.map(Tensor::detach),
        }
    }
}

/// One recurrent layer.
#[derive(Module, Debug)]
pub struct Cell {
    /// Input to every gate, `[in, G·H]`, with bias.
    pub input: Linear,
    /// Previous hidden state to every gate, `[H, G·H]`, with bias.
    pub hidden: Linear,
    /// Which recurrence.
    #[module(skip)]
    pub kind: CellKind,
    /// Hidden size `H`.
    #[module(skip)]
    pub size: usize,
}

impl Cell {
    /// A fresh cell (seed the device first for reproducible weights).
    pub fn new(kind: CellKind, input: usize, size: usize, device: &Device) -> Self {
        let bound = 1.0 / (size as f64).sqrt();
        let init = Initializer::Uniform {
            min: -bound,
            max: bound,
        };
        let width = kind.blocks() * size;
        let linear = |from| {
            LinearConfig::new(from, width)
                .with_initializer(init.clone())
                .init(device)
        };
        let mut input_map = linear(input);
        if kind == CellKind::Lstm
            && let Some(bias) = input_map.bias.take()
        {
            let shift: Vec<f32> = (0..width)
                .map(|i| {
                    if (size..2 * size).contains(&i) {
                        1.0
                    } else {
                        0.0
                    }
                })
                .collect();
            let shift = Tensor::<1>::from_floats(shift.as_slice(), device);
            input_map.bias = Some(Param::from_tensor((bias.val() + shift).detach()));
        }
        Self {
            input: input_map,
            hidden: linear(size),
            kind,
            size,
        }
    }

    /// One time step from the input's share of the gates.
    ///
    /// Returns the new state and the gate activations named by
    /// [`CellKind::gate_names`] (handles to tensors the step computes
    /// anyway, so keeping them costs nothing).
    ///
    /// # Shapes
    /// - `x`: `[batch, G·H]`, the input already through [`Cell::input`]
    /// - state tensors: `[batch, H]`
    pub fn step(&self, x: Tensor<2>, state: &State) -> (State, Vec<Tensor<2>>) {
        let size = self.size;
        let from_h = self.hidden.forward(state.h.clone());
        let block = |t: &Tensor<2>, k: usize| t.clone().narrow(1, k * size, size);
        match self.kind {
            CellKind::Rnn => {
                let h = (x + from_h).tanh();
                (State { h, c: None }, Vec::new())
            }
            CellKind::Lstm => {
                let z = x + from_h;
                let i = sigmoid(block(&z, 0));
                let f = sigmoid(block(&z, 1));
                let g = block(&z, 2).tanh();
                let o = sigmoid(block(&z, 3));
                let c_prev = state.c.clone().expect("an LSTM state has a cell");
                let c = f.clone() * c_prev + i.clone() * g.clone();
                let h = o.clone() * c.clone().tanh();
                (State { h, c: Some(c) }, vec![i, f, g, o])
            }
            CellKind::Gru => {
                let r = sigmoid(block(&x, 0) + block(&from_h, 0));
                let z = sigmoid(block(&x, 1) + block(&from_h, 1));
                let n = (block(&x, 2) + r.clone() * block(&from_h, 2)).tanh();
                // h' = (1 - z)·n + z·h, written with one product fewer.
                let h = n.clone() + z.clone() * (state.h.clone() - n.clone());
                (State { h, c: None }, vec![r, z, n])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(t: Tensor<2>) -> (Vec<f32>, [usize; 2]) {
        let dims = t.dims();
        (t.into_data().try_to_vec::<f32>().unwrap(), dims)
    }

    /// `x W + b` for row-major `x [n, k]` and burn's `W [k, m]`.
    fn affine(x: &[f32], n: usize, linear: &Linear) -> Vec<f32> {
        let (w, [k, m]) = values(linear.weight.val());
        let b = linear
            .bias
            .as_ref()
            .unwrap()
            .val()
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        let mut out = vec![0.0; n * m];
        for r in 0..n {
            for j in 0..m {
                out[r * m + j] = b[j] + (0..k).map(|i| x[r * k + i] * w[i * m + j]).sum::<f32>();
            }
        }
        out
    }

    fn sig(v: f32) -> f32 {
        1.0 / (1.0 + (-v).exp())
    }

    /// Each cell's step against the textbook equations written out in
    /// plain Rust, one number at a time.
    #[test]
    fn every_cell_step_matches_the_hand_computed_equations() {
        let device = Device::flex();
        let (n, input, size) = (2, 3, 4);
        let rand = |len: usize, seed: f32| -> Vec<f32> {
            (0..len)
                .map(|i| (i as f32 * 1.7 + seed).sin() * 0.9)
                .collect()
        };
        let (x, h, c) = (
            rand(n * input, 0.3),
            rand(n * size, 1.1),
            rand(n * size, 2.3),
        );
        let tensor = |v: &Vec<f32>, cols| {
            Tensor::<2>::from_data(TensorData::new(v.clone(), [n, cols]), &device)
        };
        for kind in CellKind::ALL {
            device.seed(7);
            let cell = Cell::new(kind, input, size, &device);
            let state = State {
                h: tensor(&h, size),
                c: (kind == CellKind::Lstm).then(|| tensor(&c, size)),
            };
            let projected = cell.input.forward(tensor(&x, input));
            let (next, _) = cell.step(projected, &state);
            let (got_h, _) = values(next.h);

            let xi = affine(&x, n, &cell.input);
            let hh = affine(&h, n, &cell.hidden);
            let g = |v: &[f32], r: usize, block: usize, j: usize| {
                v[r * kind.blocks() * size + block * size + j]
            };
            let mut want_h = vec![0.0; n * size];
            let mut want_c = vec![0.0; n * size];
            for r in 0..n {
                for j in 0..size {
                    let k = r * size + j;
                    match kind {
                        CellKind::Rnn => want_h[k] = (g(&xi, r, 0, j) + g(&hh, r, 0, j)).tanh(),
                        CellKind::Lstm => {
                            let i = sig(g(&xi, r, 0, j) + g(&hh, r, 0, j));
                            let f = sig(g(&xi, r, 1, j) + g(&hh, r, 1, j));
                            let cand = (g(&xi, r, 2, j) + g(&hh, r, 2, j)).tanh();
                            let o = sig(g(&xi, r, 3, j) + g(&hh, r, 3, j));
                            want_c[k] = f * c[k] + i * cand;
                            want_h[k] = o * want_c[k].tanh();
                        }
                        CellKind::Gru => {
                            let reset = sig(g(&xi, r, 0, j) + g(&hh, r, 0, j));
                            let update = sig(g(&xi, r, 1, j) + g(&hh, r, 1, j));
                            let cand = (g(&xi, r, 2, j) + reset * g(&hh, r, 2, j)).tanh();
                            want_h[k] = (1.0 - update) * cand + update * h[k];
                        }
                    }
                }
            }
            for (a, b) in got_h.iter().zip(&want_h) {
                assert!((a - b).abs() < 1e-5, "{kind:?}: {got_h:?} vs {want_h:?}");
            }
            if let Some(got_c) = next.c {
                let (got_c, _) = values(got_c);
                for (a, b) in got_c.iter().zip(&want_c) {
                    assert!(
                        (a - b).abs() < 1e-5,
                        "{kind:?} cell: {got_c:?} vs {want_c:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn lstm_forget_gate_starts_biased_to_remember() {
        let device = Device::flex();
        let cell = Cell::new(CellKind::Lstm, 3, 8, &device);
        let b = cell
            .input
            .bias
            .unwrap()
            .val()
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        let mean = |r: std::ops::Range<usize>| b[r.clone()].iter().sum::<f32>() / r.len() as f32;
        assert!(mean(8..16) > 0.6, "forget block: {}", mean(8..16));
        assert!(mean(0..8).abs() < 0.4);
    }
}
