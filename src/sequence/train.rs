//! Training a character model with truncated back-propagation through
//! time: the training text is cut into `batch` parallel streams, each step
//! reads the next `bptt` characters of every stream, and the hidden state
//! is carried from one step to the next but detached, so gradients flow
//! back at most `bptt` steps. The loss is the mean cross-entropy per
//! character in nats (÷ ln 2 for bits per character).
//!
//! As in the Vision lab, per-step losses stay on the device and are read
//! back once per [`Trainer::run`].

use std::rc::Rc;

use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};

use super::cell::{CellKind, State};
use super::net::{CharNet, Shape};
use crate::corpus::Corpus;
use crate::message;
use crate::optimizer::{self, OptimizerKind};
use crate::readback;
use crate::slice::{self, Slice, read_losses};
use crate::wire::Message;

/// Every knob of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SequenceConfig {
    /// Recurrence.
    pub cell: CellKind,
    /// 1 or 2 stacked layers.
    pub layers: u32,
    /// Hidden size.
    pub hidden: u32,
    /// Embedding size.
    pub embed: u32,
    /// Truncated back-propagation length (characters per step and stream).
    pub bptt: u32,
    /// Dropout between layers.
    pub dropout: f64,
    /// Clip each weight's gradient to norm `clip_at`.
    pub clip: bool,
    /// The clipping threshold.
    pub clip_at: f64,
    /// Optimizer.
    pub optimizer: OptimizerKind,
    /// Learning rate.
    pub lr: f64,
    /// Parallel streams per step.
    pub batch: u32,
    /// Seed of the weights, dropout and sampling.
    pub seed: u32,
}

impl Default for SequenceConfig {
    fn default() -> Self {
        Self {
            cell: CellKind::Lstm,
            layers: 1,
            hidden: 128,
            embed: 64,
            bptt: 32,
            dropout: 0.0,
            clip: true,
            clip_at: 5.0,
            optimizer: OptimizerKind::Adam,
            lr: 3e-3,
            batch: 32,
            seed: 1,
        }
    }
}

impl SequenceConfig {
    /// Refuse what the lab does not offer, naming the limit.
    pub fn check(&self) -> Result<(), Message> {
        let within = |knob: &str, name: &str, v: u32, lo: u32, hi: u32| {
            crate::wire::within("sequence.msg.range", knob, name, v, lo, hi)
        };
        within("sequence.msg.knob.layers", "layers", self.layers, 1, 2)?;
        within(
            "sequence.msg.knob.hidden",
            "the hidden size",
            self.hidden,
            4,
            512,
        )?;
        within(
            "sequence.msg.knob.embed",
            "the embedding size",
            self.embed,
            2,
            256,
        )?;
        within(
            "sequence.msg.knob.bptt",
            "the back-propagation length",
            self.bptt,
            2,
            256,
        )?;
        within("sequence.msg.knob.batch", "the batch", self.batch, 1, 256)?;
        crate::limits::dropout(self.dropout)?;
        crate::limits::learning_rate(self.lr)?;
        if self.clip && !(self.clip_at > 0.0 && self.clip_at.is_finite()) {
            return Err(message!(
                "sequence.msg.clip",
                "the clipping threshold must be above 0"
            ));
        }
        Ok(())
    }

    /// The network's shape over `vocab` characters.
    pub fn shape(&self, vocab: usize) -> Shape {
        Shape {
            cell: self.cell,
            layers: self.layers as usize,
            hidden: self.hidden as usize,
            embed: self.embed as usize,
            vocab,
        }
    }
}

/// A loss this many times what a uniform guess costs (ln of the
/// vocabulary size, in nats per character) has blown up: a model that
/// bad is confidently wrong, and its weights have left any useful range.
pub const DIVERGED_FACTOR: f32 = 10.0;

/// A network being trained on a corpus.
pub struct Trainer {
    model: Option<CharNet>,
    optim: ModuleOptimizer,
    config: SequenceConfig,
    corpus: Rc<Corpus>,
    streams: usize,
    stream_len: usize,
    cursor: usize,
    states: Option<Vec<State>>,
    device: Device,
    /// Steps taken.
    pub steps: u64,
    /// Training stopped on a blown-up loss.
    pub diverged: bool,
}

impl Trainer {
    /// A fresh network on `device` (an autodiff device).
    pub fn new(
        config: SequenceConfig,
        corpus: Rc<Corpus>,
        device: &Device,
    ) -> Result<Self, Message> {
        config.check()?;
        let (bptt, train) = (config.bptt as usize, corpus.train);
        if train < bptt + 1 {
            return Err(message!(
                "sequence.msg.textTooShort",
                "the text has {train} characters to train on; the back-propagation length {bptt} needs at least {need}",
                train = train,
                bptt = bptt,
                need = bptt + 1
            ));
        }
        // Fewer streams than asked when the text is too short for them all.
        let streams = (config.batch as usize).min(train / (bptt + 1)).max(1);
        device.seed(u64::from(config.seed));
        let model = CharNet::new(config.shape(corpus.vocab_size()), config.dropout, device);
        Ok(Self {
            model: Some(model),
            optim: optimizer::build(
                config.optimizer,
                0.0,
                config.clip.then_some(config.clip_at as f32),
            ),
            stream_len: train / streams,
            streams,
            config,
            corpus,
            cursor: 0,
            states: None,
            device: device.clone(),
            steps: 0,
            diverged: false,
        })
    }

    /// Parallel streams actually used (fewer than asked for short texts).
    pub fn streams(&self) -> usize {
        self.streams
    }

    /// Characters each step learns from.
    pub fn chars_per_step(&self) -> usize {
        self.streams * self.config.bptt as usize
    }

    /// The run's knobs.
    pub fn config(&self) -> &SequenceConfig {
        &self.config
    }

    /// The corpus.
    pub fn corpus(&self) -> &Rc<Corpus> {
        &self.corpus
    }

    /// The network.
    pub fn model(&self) -> &CharNet {
        self.model.as_ref().expect("model present between steps")
    }

    /// The training device.
    pub fn device(&self) -> Device {
        self.device.clone()
    }

    /// Trainable values.
    pub fn params(&self) -> usize {
        self.model().num_params()
    }

    /// This fresh run with the weights of model file `bytes` (refused
    /// unless they fit its network exactly), `steps` steps trained.
    pub fn with_weights(mut self, bytes: Vec<u8>, steps: u64) -> Result<Self, Message> {
        let model = self.model.take().ok_or("the model is missing")?;
        self.model = Some(crate::model_file::load(model, bytes)?);
        self.steps = steps;
        Ok(self)
    }

    /// The next window of every stream: inputs `[streams, bptt]` and the
    /// characters that follow each, `[streams·bptt]`.
    fn next_batch(&mut self) -> (Tensor<2, Int>, Tensor<1, Int>) {
        let t = self.config.bptt as usize;
        if self.cursor + t + 1 > self.stream_len {
            // A new pass over the text starts from empty memories.
            self.cursor = 0;
            self.states = None;
        }
        let ids = self.corpus.train_ids();
        let (mut inputs, mut targets) = (Vec::new(), Vec::new());
        for s in 0..self.streams {
            let start = s * self.stream_len + self.cursor;
            inputs.extend(ids[start..start + t].iter().map(|&i| i64::from(i)));
            targets.extend(ids[start + 1..start + t + 1].iter().map(|&i| i64::from(i)));
        }
        self.cursor += t;
        let n = self.streams;
        (
            Tensor::from_data(TensorData::new(inputs, [n, t]), &self.device),
            Tensor::from_data(TensorData::new(targets, [n * t]), &self.device),
        )
    }

    /// Mean loss (nats per character) on the held-out text, at most
    /// `max_chars` of it, without dropout; `None` without held-out text.
    pub async fn evaluate(&self, max_chars: usize) -> Result<Option<f32>, Message> {
        let valid = self.corpus.valid_ids();
        let t = self.config.bptt as usize;
        let used = valid.len().min(max_chars);
        if used < t + 1 {
            return Ok(None);
        }
        let model = self.model().valid();
        let device = self.device.clone().inner();
        let streams = (used / (t + 1)).clamp(1, 32);
        let len = used / streams;
        let windows = (len - 1) / t;
        let mut states = model.zero_states(streams, &device);
        let loss_fn = CrossEntropyLossConfig::new().init(&device);
        let mut total = Vec::with_capacity(windows);
        for w in 0..windows {
            let (mut inputs, mut targets) = (Vec::new(), Vec::new());
            for s in 0..streams {
                let start = s * len + w * t;
                inputs.extend(valid[start..start + t].iter().map(|&i| i64::from(i)));
                targets.extend(
                    valid[start + 1..start + t + 1]
                        .iter()
                        .map(|&i| i64::from(i)),
                );
            }
            let inputs = Tensor::from_data(TensorData::new(inputs, [streams, t]), &device);
            let targets = Tensor::from_data(TensorData::new(targets, [streams * t]), &device);
            let out = model.forward(inputs, states, None, false);
            total.push(loss_fn.forward(out.logits, targets));
            states = out.states;
        }
        let mean = Tensor::cat(total, 0).mean();
        Ok(Some(
            readback::read_scalar(mean, "the held-out loss").await?,
        ))
    }
}

impl slice::Trainer for Trainer {
    /// Train for `steps` steps and read their losses back once.
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        let loss_fn = CrossEntropyLossConfig::new().init(&self.device);
        let mut losses = Vec::with_capacity(steps);
        for _ in 0..steps {
            let (inputs, targets) = self.next_batch();
            let model = self.model.take().ok_or("the model is missing")?;
            let states = self
                .states
                .take()
                .unwrap_or_else(|| model.zero_states(self.streams, &self.device));
            let out = model.forward(inputs, states, None, false);
            let loss = loss_fn.forward(out.logits, targets);
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            self.model = Some(self.optim.step(self.config.lr, model, grads));
            self.states = Some(out.states.into_iter().map(State::detach).collect());
            losses.push(loss.detach());
            self.steps += 1;
        }
        let limit = DIVERGED_FACTOR * (self.corpus.vocab_size() as f32).ln();
        let slice = read_losses(losses, limit).await?;
        Ok(slice)
    }

    fn diverged(&self) -> bool {
        self.diverged
    }

    fn mark_diverged(&mut self) {
        self.diverged = true;
    }

    fn cost(&self) -> usize {
        self.config.cell.blocks()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::block_on;
    use crate::slice::Trainer as _;

    fn device() -> Device {
        Device::flex().autodiff()
    }

    #[test]
    fn every_recurrence_overfits_a_short_string() {
        let corpus = Rc::new(Corpus::new(&"the cat sat on the mat. ".repeat(8)).unwrap());
        for cell in CellKind::ALL {
            let config = SequenceConfig {
                cell,
                hidden: 48,
                embed: 16,
                bptt: 16,
                batch: 4,
                lr: 1e-2,
                ..SequenceConfig::default()
            };
            let mut trainer = Trainer::new(config, corpus.clone(), &device()).unwrap();
            let first = block_on(trainer.run(1)).unwrap().losses[0];
            let slice = block_on(trainer.run(150)).unwrap();
            let last: f32 = slice.losses[slice.losses.len() - 5..].iter().sum::<f32>() / 5.0;
            assert!(first > 1.5, "{cell:?} starts near ln 11: {first}");
            assert!(last < 0.15, "{cell:?} memorises the string: {last}");
        }
    }

    #[test]
    fn refuses_a_text_shorter_than_the_back_propagation_length() {
        let corpus = Rc::new(Corpus::new("short text").unwrap());
        let err = Trainer::new(SequenceConfig::default(), corpus, &device())
            .err()
            .unwrap();
        assert!(err.contains("at least 33"), "{err}");
    }

    #[test]
    fn a_huge_learning_rate_is_caught() {
        let corpus = Rc::new(Corpus::new(&"abcdefgh ".repeat(40)).unwrap());
        let config = SequenceConfig {
            cell: CellKind::Rnn,
            clip: false,
            lr: 10.0,
            optimizer: OptimizerKind::Adam,
            hidden: 32,
            bptt: 8,
            batch: 4,
            ..SequenceConfig::default()
        };
        let mut t = Trainer::new(config, corpus, &device()).unwrap();
        let diverged = (0..40).any(|_| block_on(t.run(2)).is_ok_and(|s| s.diverged));
        assert!(diverged);
        assert!(block_on(t.run(1)).unwrap_err().contains("diverged"));
    }
}
