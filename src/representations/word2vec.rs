//! word2vec itself: two tables of vectors, one for a token as the thing
//! that predicts (its "input" vector, the one kept as its embedding) and
//! one for a token as the thing predicted (its "output" vector), trained
//! with negative sampling. For a predicting vector `v`, the true target's
//! output vector `u₊` and K noise tokens' `u₋`, the loss is
//!
//! `−log σ(u₊·v) − Σₖ log σ(−u₋ₖ·v)`:
//!
//! a logistic regression telling the real neighbour from K random tokens,
//! instead of a softmax over the whole vocabulary. Skip-gram's `v` is the
//! centre token's vector; CBOW's is the mean of its context's.

use burn::module::{Module, Param};
use burn::tensor::activation::log_sigmoid;
use burn::tensor::{Device, Distribution, Int, Tensor, TensorData};

use super::pairs::Batch;

/// The two tables.
#[derive(Module, Debug)]
pub struct Word2Vec {
    /// Each token's vector as a predictor, `[V, D]`: its embedding.
    pub input: Param<Tensor<2>>,
    /// Each token's vector as a target, `[V, D]`.
    pub output: Param<Tensor<2>>,
}

impl Word2Vec {
    /// `vocab` tokens of `dim` values: input vectors uniform in
    /// ±0.5/dim and output vectors zero, as the original tool starts.
    pub fn new(vocab: usize, dim: usize, device: &Device) -> Self {
        let half = 0.5 / dim as f64;
        Self {
            input: Param::from_tensor(Tensor::random(
                [vocab, dim],
                Distribution::Uniform(-half, half),
                device,
            )),
            output: Param::from_tensor(Tensor::zeros([vocab, dim], device)),
        }
    }

    /// The negative-sampling loss of `batch`, averaged over its examples.
    ///
    /// # Shapes
    /// - returns `[1]`
    pub fn loss(&self, batch: &Batch) -> Tensor<1> {
        let device = self.input.device();
        let b = batch.targets.len();
        let k = batch.negatives.len() / b.max(1);
        let ids = |values: &[u32]| -> Tensor<1, Int> {
            let values: Vec<i64> = values.iter().map(|&v| i64::from(v)).collect();
            let n = values.len();
            Tensor::from_data(TensorData::new(values, [n]), &device)
        };
        let dim = self.input.dims()[1];
        // The predicting vector, [B, D]: the mean of the input vectors of
        // the example's tokens (skip-gram: just the centre).
        let inputs = self
            .input
            .val()
            .select(0, ids(&batch.inputs))
            .reshape([b, batch.width, dim]);
        let mask = Tensor::<3>::from_data(
            TensorData::new(batch.mask.clone(), [b, batch.width, 1]),
            &device,
        );
        let count = mask.clone().sum_dim(1).clamp_min(1.0);
        let v = ((inputs * mask).sum_dim(1) / count).reshape([b, dim]);
        // The target's score, [B], and the negatives' scores, [B, K].
        let target = self.output.val().select(0, ids(&batch.targets));
        let positive = (v.clone() * target).sum_dim(1).reshape([b]);
        let noise = self
            .output
            .val()
            .select(0, ids(&batch.negatives))
            .reshape([b, k, dim]);
        let negative = noise.matmul(v.reshape([b, dim, 1])).reshape([b, k]);
        let loss = -log_sigmoid(positive) - log_sigmoid(-negative).sum_dim(1).reshape([b]);
        loss.mean()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::optim::GradientsParams;

    use crate::host::testing::block_on;
    use crate::readback;
    use crate::reference::worst_of;

    fn sigmoid(x: f64) -> f64 {
        1.0 / (1.0 + (-x).exp())
    }

    fn dot(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    fn rows(values: &[f32], dim: usize) -> Vec<Vec<f64>> {
        values
            .chunks(dim)
            .map(|r| r.iter().map(|&x| f64::from(x)).collect())
            .collect()
    }

    /// The loss and both tables' gradients for one skip-gram batch, written
    /// out: for each pair, `−log σ(u₊·v) − Σ log σ(−u₋·v)`, whose gradient
    /// is `(σ(u₊·v) − 1)·u₊ + Σ σ(u₋·v)·u₋` for `v`, `(σ(u₊·v) − 1)·v`
    /// for `u₊` and `σ(u₋·v)·v` for each `u₋`, all divided by B.
    fn reference(
        input: &[Vec<f64>],
        output: &[Vec<f64>],
        batch: &Batch,
    ) -> (f64, Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let dim = input[0].len();
        let b = batch.targets.len();
        let k = batch.negatives.len() / b;
        let mut loss = 0.0;
        let mut grad_in = vec![vec![0.0; dim]; input.len()];
        let mut grad_out = vec![vec![0.0; dim]; output.len()];
        for row in 0..b {
            let c = batch.inputs[row] as usize;
            let v = &input[c];
            let t = batch.targets[row] as usize;
            let s = dot(&output[t], v);
            loss -= sigmoid(s).ln();
            let g = (sigmoid(s) - 1.0) / b as f64;
            for d in 0..dim {
                grad_in[c][d] += g * output[t][d];
                grad_out[t][d] += g * v[d];
            }
            for &n in &batch.negatives[row * k..(row + 1) * k] {
                let n = n as usize;
                let s = dot(&output[n], v);
                loss -= sigmoid(-s).ln();
                let g = sigmoid(s) / b as f64;
                for d in 0..dim {
                    grad_in[c][d] += g * output[n][d];
                    grad_out[n][d] += g * v[d];
                }
            }
        }
        (loss / b as f64, grad_in, grad_out)
    }

    #[test]
    fn negative_sampling_loss_and_gradients_match_the_written_out_formula() {
        let device = Device::flex().autodiff();
        let (vocab, dim) = (7, 5);
        let mut model = Word2Vec::new(vocab, dim, &device);
        // Non-zero output vectors, so every term of the gradient counts.
        model.output = Param::from_tensor(Tensor::random(
            [vocab, dim],
            Distribution::Uniform(-0.8, 0.8),
            &device,
        ));
        model.input = Param::from_tensor(Tensor::random(
            [vocab, dim],
            Distribution::Uniform(-0.8, 0.8),
            &device,
        ));
        let batch = Batch {
            targets: vec![1, 2, 3, 1],
            inputs: vec![0, 0, 4, 5],
            mask: vec![1.0; 4],
            negatives: vec![2, 6, 3, 5, 0, 1, 6, 6],
            width: 1,
        };
        let loss = model.loss(&batch);
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        let read = |t: Tensor<2>| -> Vec<f32> {
            block_on(readback::read_f32(
                burn::tensor::Transaction::default().register(t),
                "test",
            ))
            .unwrap()
            .pop()
            .unwrap()
        };
        let input = rows(&read(model.input.val()), dim);
        let output = rows(&read(model.output.val()), dim);
        let (want, want_in, want_out) = reference(&input, &output, &batch);
        let got = f64::from(
            block_on(readback::read_f32(
                burn::tensor::Transaction::default().register(loss),
                "test",
            ))
            .unwrap()[0][0],
        );
        assert!((got - want).abs() < 1e-5, "loss {got} against {want}");
        let grad_in: Tensor<2> = grads.get(model.input.id).unwrap();
        let grad_out: Tensor<2> = grads.get(model.output.id).unwrap();
        for (got, want) in [(read(grad_in), want_in), (read(grad_out), want_out)] {
            let want: Vec<f64> = want.concat();
            let worst = worst_of(
                got.iter()
                    .zip(&want)
                    .map(|(&g, w)| (f64::from(g) - w).abs()),
            );
            assert!(worst < 1e-5, "gradient off by {worst}");
        }
    }
}
