//! One run of a LoRA experiment: the base adapted with LoRA at a rank, or
//! fully fine-tuned (rank 0), on the target text; AdamW on what trains, the
//! same batches for every run (one seed), and the held-out loss on both the
//! target text and the base's own corpus (how much of it the run forgets).

use std::rc::Rc;

use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::Device;

use super::config::{LoraRunSpec, LoraSettings};
use crate::corpus::Corpus;
use crate::models::gpt::Gpt;
use crate::optimizer::{self, OptimizerKind};
use crate::rng::Rng;
use crate::slice::{self, Slice, read_losses};
use crate::windows;
use crate::wire::Message;

/// A loss this many times a uniform guess has blown up.
const DIVERGED_FACTOR: f32 = 10.0;
/// Gradient clipping threshold (per weight).
const CLIP: f32 = 1.0;

/// One run being trained.
pub struct Adaptation {
    model: Option<Gpt>,
    optim: ModuleOptimizer,
    rng: Rng,
    device: Device,
    target: Rc<Corpus>,
    context: usize,
    batch: usize,
    lr: f64,
    seed: u64,
    /// What the run adapts.
    pub spec: LoraRunSpec,
    /// Values that train.
    pub trainable: usize,
    /// Steps taken.
    pub steps: u64,
    /// Training stopped on a blown-up loss.
    pub diverged: bool,
}

impl Adaptation {
    /// `base` (on the autodiff `device`, frozen) set up for `spec`.
    pub fn new(
        base: &Gpt,
        spec: LoraRunSpec,
        settings: &LoraSettings,
        target: Rc<Corpus>,
        device: &Device,
    ) -> Self {
        device.seed(u64::from(settings.seed));
        let (model, trainable) = if spec.rank == 0 {
            let model = base.clone().set_require_grad(true);
            let n = model.num_params();
            (model, n)
        } else {
            let model = base
                .clone()
                .with_lora(spec.rank as usize, spec.alpha, &spec.targets);
            let n = model.adapter_params();
            (model, n)
        };
        Self {
            model: Some(model),
            optim: optimizer::build(OptimizerKind::AdamW, 0.0, Some(CLIP)),
            rng: Rng::new(u64::from(settings.seed)),
            device: device.clone(),
            target,
            context: base.context(),
            batch: settings.batch as usize,
            lr: settings.lr,
            seed: u64::from(settings.seed),
            spec,
            trainable,
            steps: 0,
            diverged: false,
        }
    }

    /// A run of the adapters read from a file (`model`, on the training
    /// device), trained like `like` from here on.
    pub fn adopt(
        model: Gpt,
        spec: super::adapter_file::AdapterSpec,
        target: Rc<Corpus>,
        like: Option<&Adaptation>,
        device: &Device,
    ) -> Self {
        let trainable = model.adapter_params();
        let context = model.context();
        Self {
            model: Some(model),
            optim: optimizer::build(OptimizerKind::AdamW, 0.0, Some(CLIP)),
            rng: Rng::new(like.map_or(1, |l| l.seed)),
            device: device.clone(),
            target,
            context,
            batch: like.map_or(16, |l| l.batch),
            lr: like.map_or(2e-3, |l| l.lr),
            spec: LoraRunSpec {
                rank: spec.rank as u32,
                alpha: spec.alpha,
                targets: spec.targets,
            },
            trainable,
            seed: like.map_or(1, |l| l.seed),
            steps: 0,
            diverged: false,
        }
    }

    /// The model as trained so far.
    pub fn model(&self) -> &Gpt {
        self.model.as_ref().expect("model present between steps")
    }

    /// The model without autodiff, for writing and the views.
    pub fn snapshot(&self) -> Gpt {
        self.model().valid()
    }

    /// Mean held-out loss (nats per token) over at most `max_tokens` of `ids`.
    pub async fn evaluate(&self, ids: &[u32], max_tokens: usize) -> Result<Option<f32>, Message> {
        let device = self.device.clone().inner();
        windows::held_out_loss(&self.snapshot(), ids, self.context, max_tokens, &device).await
    }

    /// Tokens each step predicts.
    pub fn tokens_per_step(&self) -> usize {
        self.batch * self.context
    }
}

impl slice::Trainer for Adaptation {
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        let loss_fn = CrossEntropyLossConfig::new().init(&self.device);
        let vocab = self.model().token.weight.dims()[0];
        let rows = self.tokens_per_step();
        let mut losses = Vec::with_capacity(steps);
        for _ in 0..steps {
            let (inputs, targets) = windows::random_batch(
                self.target.train_ids(),
                self.batch,
                self.context,
                &mut self.rng,
                &self.device,
            );
            let model = self.model.take().ok_or("the model is missing")?;
            let logits = model.forward(inputs).logits.reshape([rows, vocab]);
            let loss = loss_fn.forward(logits, targets);
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            self.model = Some(self.optim.step(self.lr, model, grads));
            losses.push(loss.detach());
            self.steps += 1;
        }
        read_losses(losses, DIVERGED_FACTOR * (vocab as f32).ln()).await
    }

    fn diverged(&self) -> bool {
        self.diverged
    }

    fn mark_diverged(&mut self) {
        self.diverged = true;
    }
}
