//! Training a GPT on next-token prediction: each step draws `batch` windows
//! of `context + 1` tokens at random places in the training text, and the
//! model predicts every window's tokens 2.. from the ones before them, all
//! positions at once (the causal mask is what makes that honest). The loss
//! is the mean cross-entropy per token in nats.
//!
//! As in the other labs, per-step losses stay on the device and are read
//! back once per slice ([`crate::slice`]).

use std::rc::Rc;

use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor, TensorData};

use super::config::GptSettings;
use super::vocabulary::Vocabulary;
use crate::corpus::TextSource;
use crate::message;
use crate::models::gpt::Gpt;
use crate::optimizer;
use crate::readback;
use crate::rng::Rng;
use crate::slice::{self, Slice, read_losses};
use crate::windows;
use crate::wire::Message;

/// A loss this many times a uniform guess (ln of the vocabulary size) has
/// blown up.
pub const DIVERGED_FACTOR: f32 = 10.0;
/// Held-out windows measured together.
const EVAL_BATCH: usize = 16;

/// A GPT being trained on a text.
pub struct Trainer {
    model: Option<Gpt>,
    optim: ModuleOptimizer,
    settings: GptSettings,
    text: Rc<Vocabulary>,
    rng: Rng,
    device: Device,
    /// Steps taken.
    pub steps: u64,
    /// Training stopped on a blown-up loss.
    pub diverged: bool,
    /// Where its text came from, when the lab set it (what a model file names).
    pub source: Option<TextSource>,
}

impl Trainer {
    /// A fresh model on `device` (an autodiff device).
    pub fn new(
        settings: GptSettings,
        text: Rc<Vocabulary>,
        device: &Device,
    ) -> Result<Self, Message> {
        Self::reaching(settings, text, device, 0)
    }

    /// A fresh model whose learned position table (if it has one) reaches
    /// `reach` positions though it trains on the context: the rows past it
    /// stay as initialised, as an untrained table would.
    pub fn reaching(
        settings: GptSettings,
        text: Rc<Vocabulary>,
        device: &Device,
        reach: usize,
    ) -> Result<Self, Message> {
        settings.check()?;
        let (context, train) = (settings.context as usize, text.train_ids().len());
        if train < context + 1 {
            return Err(message!(
                "gpt.msg.textTooShort",
                "the text has {train} tokens to train on; a context of {context} needs at least {need}",
                train = train,
                context = context,
                need = context + 1
            ));
        }
        device.seed(u64::from(settings.seed));
        let model = settings.model(text.size()).with_reach(reach).init(device);
        Ok(Self {
            model: Some(model),
            optim: optimizer::build(
                settings.optimizer,
                settings.weight_decay,
                settings.clip.then_some(settings.clip_at as f32),
            ),
            rng: Rng::new(u64::from(settings.seed)),
            settings,
            text,
            device: device.clone(),
            steps: 0,
            diverged: false,
            source: None,
        })
    }

    /// This fresh run with the weights of model file `bytes` (refused
    /// unless they fit its model exactly), `steps` steps trained.
    pub fn with_weights(mut self, bytes: Vec<u8>, steps: u64) -> Result<Self, Message> {
        let model = self.model.take().ok_or("the model is missing")?;
        self.model = Some(crate::model_file::load(model, bytes)?);
        self.steps = steps;
        Ok(self)
    }

    /// The run's knobs.
    pub fn settings(&self) -> &GptSettings {
        &self.settings
    }

    /// The text as tokens.
    pub fn text(&self) -> &Rc<Vocabulary> {
        &self.text
    }

    /// The model.
    pub fn model(&self) -> &Gpt {
        self.model.as_ref().expect("model present between steps")
    }

    /// The model without autodiff or dropout, for the views.
    pub fn snapshot(&self) -> Gpt {
        self.model().valid()
    }

    /// The training device.
    pub fn device(&self) -> Device {
        self.device.clone()
    }

    /// Tokens each step predicts.
    pub fn tokens_per_step(&self) -> usize {
        (self.settings.batch * self.settings.context) as usize
    }

    /// `batch` random windows: inputs `[batch, context]` and the token after
    /// each position, `[batch·context]`.
    fn next_batch(&mut self) -> (Tensor<2, Int>, Tensor<1, Int>) {
        let (b, t) = (self.settings.batch as usize, self.settings.context as usize);
        windows::random_batch(self.text.train_ids(), b, t, &mut self.rng, &self.device)
    }

    /// Mean loss (nats per token) over at most `max_tokens` of the held-out
    /// text, in whole windows of the context; `None` without held-out text.
    pub async fn evaluate(&self, max_tokens: usize) -> Result<Option<f32>, Message> {
        let device = self.device.clone().inner();
        let t = self.settings.context as usize;
        windows::held_out_loss(
            &self.snapshot(),
            self.text.valid_ids(),
            t,
            max_tokens,
            &device,
        )
        .await
    }
}

impl Trainer {
    /// The held-out loss (nats) at each position of windows `length` tokens
    /// long, averaged over at most `windows` of them: how well the model
    /// predicts the token after position i, for i up to and past the
    /// context it trained on.
    pub async fn position_losses(
        &self,
        length: usize,
        windows: usize,
    ) -> Result<Vec<f32>, Message> {
        let valid = self.text.valid_ids();
        let available = valid.len().saturating_sub(1) / length;
        let windows = windows.min(available);
        if windows == 0 {
            return Err(message!(
                "gpt.msg.heldOutTooShort",
                "the held-out text has {have} tokens; measuring {length} positions needs at least {need}",
                have = valid.len(),
                length = length,
                need = length + 1
            ));
        }
        let model = self.snapshot();
        if length > model.reach() {
            return Err(message!(
                "gpt.msg.pastReach",
                "this model reads at most {reach} positions",
                reach = model.reach()
            ));
        }
        let device = self.device.clone().inner();
        let mut sums: Option<Tensor<1>> = None;
        for first in (0..windows).step_by(EVAL_BATCH) {
            let n = EVAL_BATCH.min(windows - first);
            let (mut inputs, mut targets) = (Vec::new(), Vec::new());
            for w in first..first + n {
                let start = w * length;
                inputs.extend(valid[start..start + length].iter().map(|&i| i64::from(i)));
                targets.extend(
                    valid[start + 1..start + length + 1]
                        .iter()
                        .map(|&i| i64::from(i)),
                );
            }
            let inputs = Tensor::from_data(TensorData::new(inputs, [n, length]), &device);
            let targets: Tensor<3, Int> =
                Tensor::from_data(TensorData::new(targets, [n, length, 1]), &device);
            let logits = model.forward(inputs).logits;
            let log_p = burn::tensor::activation::log_softmax(logits, 2);
            // −log p(target) at each position, summed over the windows: [length].
            let nll = -log_p.gather(2, targets).sum_dim(0).reshape([length]);
            sums = Some(match sums {
                Some(s) => s + nll,
                None => nll,
            });
        }
        let mean = sums.expect("at least one window") / windows as f32;
        readback::read_f32(
            burn::tensor::Transaction::default().register(mean),
            "the losses by position",
        )
        .await?
        .pop()
        .ok_or_else(|| "missing losses".into())
    }
}

impl slice::Trainer for Trainer {
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        let loss_fn = CrossEntropyLossConfig::new().init(&self.device);
        let vocab = self.text.size();
        let rows = self.tokens_per_step();
        let mut losses = Vec::with_capacity(steps);
        for _ in 0..steps {
            let (inputs, targets) = self.next_batch();
            let model = self.model.take().ok_or("the model is missing")?;
            let logits = model.forward(inputs).logits.reshape([rows, vocab]);
            let loss = loss_fn.forward(logits, targets);
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            let rate = self.settings.rate(self.steps);
            self.model = Some(self.optim.step(rate, model, grads));
            losses.push(loss.detach());
            self.steps += 1;
        }
        let limit = DIVERGED_FACTOR * (vocab as f32).ln().max(1.0);
        read_losses(losses, limit).await
    }

    fn diverged(&self) -> bool {
        self.diverged
    }

    fn mark_diverged(&mut self) {
        self.diverged = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::host::testing::block_on;
    use crate::slice::Trainer as _;

    fn chars(text: &str) -> Rc<Vocabulary> {
        Rc::new(Vocabulary::new(Rc::new(Corpus::new(text).unwrap()), 0).unwrap())
    }

    fn device() -> Device {
        Device::flex().autodiff()
    }

    fn small() -> GptSettings {
        GptSettings {
            layers: 1,
            width: 32,
            heads: 2,
            context: 16,
            batch: 8,
            warmup: 10,
            decay: 0,
            ..GptSettings::default()
        }
    }

    #[test]
    fn overfits_a_short_string() {
        let corpus = chars(&"the cat sat on the mat. ".repeat(8));
        let mut trainer = Trainer::new(small(), corpus, &device()).unwrap();
        let first = block_on(trainer.run(1)).unwrap().losses[0];
        let slice = block_on(trainer.run(200)).unwrap();
        let last: f32 = slice.losses[slice.losses.len() - 5..].iter().sum::<f32>() / 5.0;
        assert!(first > 1.5, "starts near ln 11: {first}");
        assert!(last < 0.15, "memorises the string: {last}");
    }

    #[test]
    fn the_same_seed_gives_the_same_losses() {
        let corpus = chars(&"abcdefghij klmnop. ".repeat(20));
        let losses = |seed| {
            let settings = GptSettings {
                seed,
                dropout: 0.1,
                ..small()
            };
            let mut t = Trainer::new(settings, corpus.clone(), &device()).unwrap();
            block_on(t.run(6)).unwrap().losses
        };
        assert_eq!(losses(4), losses(4));
        assert_ne!(losses(4), losses(5));
    }

    #[test]
    fn refuses_a_text_shorter_than_the_context() {
        let corpus = chars("short text");
        let err = Trainer::new(small(), corpus, &device()).err().unwrap();
        assert!(err.contains("at least 17"), "{err}");
    }

    #[test]
    fn a_huge_learning_rate_is_caught() {
        let corpus = chars(&"abcdefgh ".repeat(40));
        let settings = GptSettings {
            clip: false,
            lr: 10.0,
            warmup: 0,
            ..small()
        };
        let mut t = Trainer::new(settings, corpus, &device()).unwrap();
        let diverged = (0..40).any(|_| block_on(t.run(2)).is_ok_and(|s| s.diverged));
        assert!(diverged);
        assert!(block_on(t.run(1)).unwrap_err().contains("diverged"));
    }

    #[test]
    fn losses_by_position_average_to_the_held_out_loss_and_read_past_the_context() {
        let text: String = "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。\n".repeat(100);
        let corpus = chars(&text);
        let t = Trainer::new(small(), corpus.clone(), &device()).unwrap();
        let by_position = block_on(t.position_losses(16, 8)).unwrap();
        assert_eq!(by_position.len(), 16);
        let mean = by_position.iter().sum::<f32>() / 16.0;
        let held = block_on(t.evaluate(8 * 16 + 1)).unwrap().unwrap();
        assert!((mean - held).abs() < 1e-4, "{mean} against {held}");
        // learned positions end at the context unless the table reaches on.
        assert!(
            block_on(t.position_losses(64, 4))
                .unwrap_err()
                .contains("at most 16")
        );
        let far = Trainer::reaching(small(), corpus.clone(), &device(), 64).unwrap();
        let losses = block_on(far.position_losses(64, 4)).unwrap();
        assert!(losses.len() == 64 && losses.iter().all(|l| l.is_finite()));
        let rope = GptSettings {
            positions: crate::models::gpt::Positions::Rope,
            ..small()
        };
        let rope = Trainer::new(rope, corpus, &device()).unwrap();
        assert_eq!(block_on(rope.position_losses(64, 4)).unwrap().len(), 64);
    }

    #[test]
    fn the_held_out_loss_is_measured_without_dropout() {
        let text: String = "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。\n".repeat(100);
        let corpus = chars(&text);
        let settings = GptSettings {
            dropout: 0.5,
            ..small()
        };
        let t = Trainer::new(settings, corpus.clone(), &device()).unwrap();
        let a = block_on(t.evaluate(1000)).unwrap().unwrap();
        let b = block_on(t.evaluate(1000)).unwrap().unwrap();
        assert_eq!(a, b, "no dropout, same windows");
        let uniform = (corpus.size() as f32).ln();
        assert!(
            (a - uniform).abs() < 1.0,
            "an untrained model is near uniform: {a} vs {uniform}"
        );
    }
}
