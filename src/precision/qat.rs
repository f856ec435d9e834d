//! PTQ against QAT from one trained model (a GPT or the CNN): one run
//! keeps training in f32 and is quantized after each round
//! (post-training), the others train with their weights fake-quantized on
//! every read (the straight-through estimator carries the gradient to the
//! f32 weights), for the same steps on the same batches. Each QAT run is
//! measured as it reads its weights: on the grid, the model an integer
//! kernel would run.

use std::rc::Rc;

use burn::module::Module;
use burn::optim::GradientsParams;
use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::fake_quant::{QuantizeAware, quantized};
use super::grid::Scheme;
use super::run::{RunSettings, TextRun};
use super::subject::gpt_bits;
use crate::corpus::Corpus;
use crate::models::cnn::arch::NetConfig;
use crate::models::cnn::dataset::Digits;
use crate::models::cnn::net::Cnn;
use crate::models::cnn::train::{TrainConfig, Trainer, evaluate};
use crate::models::gpt::Gpt;
use crate::slice::{self, Slice, read_losses};
use crate::wire::Message;

/// What a run's score is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Metric {
    /// A GPT's held-out bits per character (lower is better).
    BitsPerChar,
    /// The CNN's test accuracy (higher is better).
    Accuracy,
}

/// The model a run trains, and its data.
enum Learner {
    Gpt {
        run: TextRun,
        corpus: Rc<Corpus>,
        held: usize,
    },
    Cnn {
        trainer: Trainer,
        digits: Rc<Digits>,
    },
}

/// One run of the experiment.
pub struct QatRun {
    /// The scheme it trains with (none: f32).
    pub scheme: Option<Scheme>,
    learner: Learner,
}

/// `model` (trainable) with `scheme`'s fake quantization on every read.
fn aware<M: Module>(model: M, scheme: Option<Scheme>) -> M {
    match scheme {
        Some(s) => model
            .clone()
            .apply_reparameterization(QuantizeAware::new(&model, s)),
        None => model,
    }
}

impl QatRun {
    /// `base` (a frozen GPT, on the autodiff `device`) set to train on
    /// `corpus`, with `scheme`'s fake quantization or (none) in f32.
    pub fn gpt(
        base: &Gpt,
        scheme: Option<Scheme>,
        corpus: Rc<Corpus>,
        settings: &RunSettings,
        device: &Device,
    ) -> Self {
        let model = aware(base.clone().set_require_grad(true), scheme);
        Self {
            scheme,
            learner: Learner::Gpt {
                run: TextRun::new(model, corpus.clone(), settings, device),
                corpus,
                held: settings.held_out as usize,
            },
        }
    }

    /// `base` (a frozen CNN of the default shape, on the autodiff
    /// `device`) set to train on `digits`.
    pub fn cnn(
        base: &Cnn,
        scheme: Option<Scheme>,
        digits: Rc<Digits>,
        settings: &RunSettings,
        device: &Device,
    ) -> Result<Self, Message> {
        let config = TrainConfig {
            lr: settings.lr,
            batch: settings.batch,
            seed: settings.seed,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&NetConfig::default(), config, digits.clone(), device)?;
        trainer.adopt(aware(base.clone().set_require_grad(true), scheme));
        Ok(Self {
            scheme,
            learner: Learner::Cnn { trainer, digits },
        })
    }

    /// What its scores are.
    pub fn metric(&self) -> Metric {
        match self.learner {
            Learner::Gpt { .. } => Metric::BitsPerChar,
            Learner::Cnn { .. } => Metric::Accuracy,
        }
    }

    /// Steps taken.
    pub fn taken(&self) -> u64 {
        match &self.learner {
            Learner::Gpt { run, .. } => run.steps,
            Learner::Cnn { trainer, .. } => trainer.steps,
        }
    }

    /// The run's score as a kernel would run it (the f32 run's weights, or
    /// a QAT run's on its grid), and (the f32 run) after quantizing it with
    /// each of `schemes`.
    pub async fn measure(&self, schemes: &[Scheme]) -> Result<(f64, Vec<f64>), Message> {
        let ptq = if self.scheme.is_none() { schemes } else { &[] };
        let mut scores = Vec::with_capacity(ptq.len());
        match &self.learner {
            Learner::Gpt { run, corpus, held } => {
                let model = run.model().valid().materialize();
                let score = gpt_bits(&model, corpus, *held).await?;
                for &s in ptq {
                    scores
                        .push(gpt_bits(&quantized(model.clone(), s, None)?, corpus, *held).await?);
                }
                Ok((score, scores))
            }
            Learner::Cnn { trainer, digits } => {
                let model = trainer.model().valid().materialize();
                let accuracy = |e: crate::models::cnn::train::Evaluation| f64::from(e.accuracy);
                let score = accuracy(evaluate(&model, digits).await?);
                for &s in ptq {
                    scores.push(accuracy(
                        evaluate(&quantized(model.clone(), s, None)?, digits).await?,
                    ));
                }
                Ok((score, scores))
            }
        }
    }
}

impl slice::Trainer for QatRun {
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        match &mut self.learner {
            Learner::Gpt { run, .. } => {
                let mut losses = Vec::with_capacity(steps);
                for _ in 0..steps {
                    let (model, loss) = run.loss()?;
                    let grads = GradientsParams::from_grads(loss.backward(), &model);
                    run.update(model, grads);
                    losses.push(loss.detach());
                }
                read_losses(losses, run.limit()).await
            }
            Learner::Cnn { trainer, .. } => slice::Trainer::steps(trainer, steps).await,
        }
    }

    fn diverged(&self) -> bool {
        match &self.learner {
            Learner::Gpt { run, .. } => run.diverged,
            Learner::Cnn { trainer, .. } => trainer.diverged,
        }
    }

    fn mark_diverged(&mut self) {
        match &mut self.learner {
            Learner::Gpt { run, .. } => run.diverged = true,
            Learner::Cnn { trainer, .. } => trainer.diverged = true,
        }
    }
}
