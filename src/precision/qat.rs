//! PTQ against QAT on the same GPT: one run keeps training in f32 (and is
//! quantized after each round, post-training), the others train with their
//! weights fake-quantized on every read (the straight-through estimator
//! carries the gradient to the f32 weights), for the same steps on the
//! same batches. Each QAT run is measured as it reads its weights: on the
//! grid, the model an integer kernel would run.

use std::rc::Rc;

use burn::module::Module;
use burn::optim::GradientsParams;
use burn::tensor::Device;

use super::fake_quant::{QuantizeAware, quantized};
use super::grid::Scheme;
use super::run::{RunSettings, TextRun};
use super::subject::gpt_bits;
use crate::corpus::Corpus;
use crate::models::gpt::Gpt;
use crate::slice::{self, Slice, read_losses};
use crate::wire::Message;

/// One run of the experiment.
pub struct QatRun {
    /// The scheme it trains with (none: f32).
    pub scheme: Option<Scheme>,
    run: TextRun,
    corpus: Rc<Corpus>,
    held: usize,
}

impl QatRun {
    /// `base` (frozen, on the autodiff `device`) set to train on `corpus`,
    /// with `scheme`'s fake quantization or (none) in f32.
    pub fn new(
        base: &Gpt,
        scheme: Option<Scheme>,
        corpus: Rc<Corpus>,
        settings: &RunSettings,
        device: &Device,
    ) -> Self {
        let model = base.clone().set_require_grad(true);
        let model = match scheme {
            Some(s) => model
                .clone()
                .apply_reparameterization(QuantizeAware::new(&model, s)),
            None => model,
        };
        Self {
            scheme,
            run: TextRun::new(model, corpus.clone(), settings, device),
            corpus,
            held: settings.held_out as usize,
        }
    }

    /// Steps taken.
    pub fn taken(&self) -> u64 {
        self.run.steps
    }

    /// The model as a kernel would run it: the f32 run's weights, or a QAT
    /// run's on its grid.
    pub fn snapshot(&self) -> Gpt {
        self.run.model().valid().materialize()
    }

    /// Held-out bits per character as the run reads its weights, and (the
    /// f32 run) after quantizing it with each of `schemes`.
    pub async fn measure(&self, schemes: &[Scheme]) -> Result<(f64, Vec<f64>), Message> {
        let model = self.snapshot();
        let bits = gpt_bits(&model, &self.corpus, self.held).await?;
        let mut ptq = Vec::new();
        if self.scheme.is_none() {
            for &s in schemes {
                ptq.push(
                    gpt_bits(&quantized(model.clone(), s, None)?, &self.corpus, self.held).await?,
                );
            }
        }
        Ok((bits, ptq))
    }
}

impl slice::Trainer for QatRun {
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        let mut losses = Vec::with_capacity(steps);
        for _ in 0..steps {
            let (model, loss) = self.run.loss()?;
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            self.run.update(model, grads);
            losses.push(loss.detach());
        }
        read_losses(losses, self.run.limit()).await
    }

    fn diverged(&self) -> bool {
        self.run.diverged
    }

    fn mark_diverged(&mut self) {
        self.run.diverged = true;
    }
}
