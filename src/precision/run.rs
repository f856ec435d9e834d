//! What every training run of this lab shares: a GPT on the autodiff
//! device, AdamW, and batches of one text drawn with the run's own seed
//! (the same batches for every run of an experiment). The QAT and
//! mixed-precision runs differ only in what they do between the loss and
//! the update.

use std::rc::Rc;

use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::models::gpt::Gpt;
use crate::optimizer::{self, OptimizerKind};
use crate::rng::Rng;
use crate::wire::Message;
use crate::{message, windows};

/// Gradient clipping threshold (global norm).
const CLIP: f32 = 1.0;

/// A run's training knobs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RunSettings {
    /// AdamW's learning rate.
    pub lr: f64,
    /// Windows per batch.
    pub batch: u32,
    /// Seed of the batches (and of fresh weights).
    pub seed: u32,
    /// Held-out characters each measurement reads.
    pub held_out: u32,
}

impl RunSettings {
    /// Whether the knobs are in range.
    pub fn check(&self) -> Result<(), Message> {
        if !(self.lr > 0.0 && self.lr <= 0.1) {
            return Err(message!(
                "precision.msg.lr",
                "the learning rate must be above 0 and at most 0.1"
            ));
        }
        if !(1..=64).contains(&self.batch) {
            return Err(message!(
                "precision.msg.batch",
                "the batch must hold 1 to 64 windows"
            ));
        }
        check_held(self.held_out)
    }
}

/// Most and fewest held-out characters a measurement reads.
pub const HELD_RANGE: std::ops::RangeInclusive<u32> = 128..=65_536;

/// Whether `held` held-out characters is in range.
pub fn check_held(held: u32) -> Result<(), Message> {
    if HELD_RANGE.contains(&held) {
        Ok(())
    } else {
        Err(message!(
            "precision.msg.held",
            "measure on 128 to 65,536 held-out characters"
        ))
    }
}

/// A GPT training on a text.
pub struct TextRun {
    model: Option<Gpt>,
    optim: ModuleOptimizer,
    rng: Rng,
    device: Device,
    corpus: Rc<Corpus>,
    context: usize,
    batch: usize,
    lr: f64,
    /// Steps taken.
    pub steps: u64,
    /// Training stopped on a blown-up loss.
    pub diverged: bool,
}

impl TextRun {
    /// `model` (on the autodiff `device`, trainable) trained on `corpus`.
    pub fn new(model: Gpt, corpus: Rc<Corpus>, settings: &RunSettings, device: &Device) -> Self {
        Self {
            context: model.context(),
            model: Some(model),
            optim: optimizer::build(OptimizerKind::AdamW, 0.0, Some(CLIP)),
            rng: Rng::new(u64::from(settings.seed)),
            device: device.clone(),
            corpus,
            batch: settings.batch as usize,
            lr: settings.lr,
            steps: 0,
            diverged: false,
        }
    }

    /// The model as trained so far.
    pub fn model(&self) -> &Gpt {
        self.model.as_ref().expect("model present between steps")
    }

    /// The next batch's mean cross-entropy (nats per character), and the
    /// model that computed it (taken out until [`Self::update`] or [`Self::keep`]).
    ///
    /// # Shapes
    /// - the loss is `[1]`
    pub fn loss(&mut self) -> Result<(Gpt, Tensor<1>), Message> {
        let (inputs, targets) = windows::random_batch(
            self.corpus.train_ids(),
            self.batch,
            self.context,
            &mut self.rng,
            &self.device,
        );
        let model = self.model.take().ok_or("the model is missing")?;
        let vocab = model.token.weight.dims()[0];
        let logits = model
            .forward(inputs)
            .logits
            .reshape([self.batch * self.context, vocab]);
        let loss = CrossEntropyLossConfig::new()
            .init(&self.device)
            .forward(logits, targets);
        Ok((model, loss))
    }

    /// One AdamW step of `model` with `grads`.
    pub fn update(&mut self, model: Gpt, grads: GradientsParams) {
        self.model = Some(self.optim.step(self.lr, model, grads));
        self.steps += 1;
    }

    /// A step skipped: `model` back unchanged.
    pub fn keep(&mut self, model: Gpt) {
        self.model = Some(model);
        self.steps += 1;
    }

    /// The loss above which training has blown up (10× a uniform guess).
    pub fn limit(&self) -> f32 {
        10.0 * (self.model().token.weight.dims()[0] as f32).ln()
    }
}
