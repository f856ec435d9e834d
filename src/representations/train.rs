//! Training word2vec: batches from the [`Sampler`], the negative-sampling
//! loss, and plain SGD whose rate falls linearly to almost nothing over the
//! epochs asked, as the original tool's does. The loss is summed over the
//! batch for the step (each example moves the vectors as much as one
//! example of the original tool, whatever the batch size) and reported as
//! the mean per example. A copy of the embeddings is kept at the end of the
//! first epoch, so the page can set a token's early neighbours beside its
//! final ones.

use std::rc::Rc;

use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Transaction};
use serde::{Deserialize, Serialize};

use super::neighbours::Embeddings;
use super::pairs::{Sampler, W2vMethod};
use super::vocab::{Sentences, Vocab};
use super::word2vec::Word2Vec;
use crate::message;
use crate::optimizer::{self, OptimizerKind};
use crate::readback;
use crate::slice::{self, Slice, read_losses};
use crate::wire::Message;

/// The knobs of a word2vec run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vSettings {
    /// Skip-gram or CBOW.
    pub method: W2vMethod,
    /// Values per vector.
    pub dim: u32,
    /// Tokens on each side of the centre, at most.
    pub window: u32,
    /// Noise tokens per example.
    pub negatives: u32,
    /// Subsampling threshold (0: keep every occurrence; the tool's default is 1e-3).
    pub subsample: f64,
    /// Starting learning rate (falls linearly to 1/10,000 of it).
    pub lr: f64,
    /// Passes over the corpus.
    pub epochs: u32,
    /// Examples per step.
    pub batch: u32,
    /// Seed of the starting vectors and of every draw.
    pub seed: u32,
}

impl W2vSettings {
    /// `Ok` when every knob is in range.
    pub fn check(&self) -> Result<(), Message> {
        crate::limits::learning_rate(self.lr)?;
        let ranges: [(&str, u32, u32, u32); 5] = [
            ("dim", self.dim, 2, 300),
            ("window", self.window, 1, 10),
            ("negatives", self.negatives, 1, 20),
            ("epochs", self.epochs, 1, 50),
            ("batch", self.batch, 1, 4096),
        ];
        for (name, value, min, max) in ranges {
            if !(min..=max).contains(&value) {
                return Err(message!(
                    "representations.msg.range",
                    "{name} must be from {min} to {max}; {value} asked",
                    name = name,
                    min = min,
                    max = max,
                    value = value
                ));
            }
        }
        if !(0.0..=0.1).contains(&self.subsample) {
            return Err(message!(
                "representations.msg.subsample",
                "the subsampling threshold must be from 0 to 0.1"
            ));
        }
        Ok(())
    }
}

/// A loss this far above log 2 · (K + 1) (where every run starts) means the
/// vectors blew up.
const DIVERGED_LOSS: f32 = 1e3;

/// The smallest share of the starting rate the schedule falls to.
const LR_FLOOR: f64 = 1e-4;

/// A word2vec run.
pub struct Training {
    model: Option<Word2Vec>,
    optim: ModuleOptimizer,
    sampler: Sampler,
    settings: W2vSettings,
    /// The vocabulary it learns.
    pub vocab: Rc<Vocab>,
    /// Steps taken.
    pub steps: u64,
    diverged: bool,
    /// The embeddings as the first epoch ended.
    pub first_epoch: Option<Embeddings>,
}

impl Training {
    /// A fresh run over `corpus` (ids of `vocab`) on `device`.
    pub fn new(
        vocab: Rc<Vocab>,
        corpus: Sentences,
        settings: W2vSettings,
        device: &Device,
    ) -> Result<Self, Message> {
        settings.check()?;
        device.seed(u64::from(settings.seed));
        let model = Word2Vec::new(vocab.len(), settings.dim as usize, device);
        let sampler = Sampler::new(
            &vocab,
            corpus,
            settings.method,
            settings.window as usize,
            settings.negatives as usize,
            settings.subsample,
            u64::from(settings.seed),
        );
        Ok(Self {
            model: Some(model),
            optim: optimizer::build(OptimizerKind::Sgd, 0.0, None),
            sampler,
            settings,
            vocab,
            steps: 0,
            diverged: false,
            first_epoch: None,
        })
    }

    /// Epochs done, with the current one's fraction.
    pub fn epochs(&self) -> f64 {
        self.sampler.progress()
    }

    /// Whether the epochs asked are done.
    pub fn finished(&self) -> bool {
        self.epochs() >= f64::from(self.settings.epochs)
    }

    /// The learning rate of the next step.
    pub fn lr(&self) -> f64 {
        let left = 1.0 - self.epochs() / f64::from(self.settings.epochs);
        self.settings.lr * left.max(LR_FLOOR)
    }

    /// Examples per step.
    pub fn batch(&self) -> usize {
        self.settings.batch as usize
    }

    /// The network as it is.
    pub fn model(&self) -> Result<&Word2Vec, Message> {
        Ok(self.model.as_ref().ok_or("the model is missing")?)
    }

    /// Go on from `model` trained `steps` steps (a model file's). The
    /// sampler and the learning-rate schedule start their epochs again.
    pub fn adopt(&mut self, model: Word2Vec, steps: u64) {
        self.model = Some(model);
        self.steps = steps;
    }

    /// The embeddings (the input table) now.
    pub async fn embeddings(&self) -> Result<Embeddings, Message> {
        let model = self.model.as_ref().ok_or("the model is missing")?;
        let values = readback::read_f32(
            Transaction::default().register(model.input.val()),
            "the embeddings",
        )
        .await?
        .pop()
        .ok_or("missing embeddings")?;
        Ok(Embeddings::new(&values, self.settings.dim as usize))
    }
}

impl slice::Trainer for Training {
    /// Up to `steps` steps, fewer when the last epoch ends first.
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        let mut losses = Vec::with_capacity(steps);
        let b = self.batch();
        for _ in 0..steps {
            if self.finished() {
                break;
            }
            let before = self.epochs();
            let lr = self.lr();
            let batch = self.sampler.batch(b);
            let model = self.model.take().ok_or("the model is missing")?;
            let loss = model.loss(&batch);
            let grads =
                GradientsParams::from_grads(loss.clone().mul_scalar(b as f64).backward(), &model);
            self.model = Some(self.optim.step(lr, model, grads));
            losses.push(loss.detach());
            self.steps += 1;
            if before < 1.0 && self.epochs() >= 1.0 && self.first_epoch.is_none() {
                self.first_epoch = Some(self.embeddings().await?);
            }
        }
        read_losses(losses, DIVERGED_LOSS).await
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
    use crate::host::testing::block_on;
    use crate::slice::Trainer as _;

    /// Two groups of tokens that never meet but share their contexts by
    /// construction: `a*` always sit between `x*`, `b*` between `y*`.
    fn planted() -> (Rc<Vocab>, Sentences) {
        let mut rng = crate::rng::Rng::new(5);
        let mut pick = |prefix: &str, n: u64| format!("{prefix}{}", rng.next_u64() % n);
        let sentences: Vec<Vec<String>> = (0..600)
            .map(|i| {
                let (word, context) = if i % 2 == 0 { ("a", "x") } else { ("b", "y") };
                vec![pick(context, 3), pick(word, 4), pick(context, 3)]
            })
            .collect();
        let (vocab, corpus) = Vocab::build(&sentences, 100, 1).unwrap();
        (Rc::new(vocab), corpus)
    }

    fn settings(method: W2vMethod) -> W2vSettings {
        W2vSettings {
            method,
            dim: 16,
            window: 1,
            negatives: 5,
            subsample: 0.0,
            lr: 0.05,
            epochs: 20,
            batch: 64,
            seed: 3,
        }
    }

    fn train(method: W2vMethod) -> (Training, Vec<f32>) {
        let (vocab, corpus) = planted();
        let device = Device::flex().autodiff();
        let mut run = Training::new(vocab, corpus, settings(method), &device).unwrap();
        let slice = block_on(run.run(100_000)).unwrap();
        (run, slice.losses)
    }

    #[test]
    fn trained_neighbours_recover_the_planted_groups() {
        for method in [W2vMethod::SkipGram, W2vMethod::Cbow] {
            let (run, losses) = train(method);
            assert!(run.finished(), "the run stops when its epochs are done");
            let start = losses[..5].iter().sum::<f32>() / 5.0;
            let end = losses[losses.len() - 5..].iter().sum::<f32>() / 5.0;
            assert!(end < 0.7 * start, "{method:?}: loss {start} → {end}");
            let embeddings = block_on(run.embeddings()).unwrap();
            for token in ["a0", "a1", "b2", "b3"] {
                let id = run.vocab.id(token).unwrap();
                let nearest = embeddings.neighbours(id, 3);
                for n in &nearest {
                    let other = &run.vocab.tokens[n.id as usize];
                    assert_eq!(
                        other.chars().next(),
                        token.chars().next(),
                        "{method:?}: {token}'s neighbours {nearest:?} leave its group ({other})"
                    );
                }
            }
            assert!(
                run.first_epoch.is_some(),
                "the first epoch's vectors are kept"
            );
        }
    }

    #[test]
    fn the_same_seed_trains_the_same_vectors() {
        let (one, a) = train(W2vMethod::SkipGram);
        let (two, b) = train(W2vMethod::SkipGram);
        assert_eq!(a, b);
        assert_eq!(
            block_on(one.embeddings()).unwrap(),
            block_on(two.embeddings()).unwrap()
        );
    }

    #[test]
    fn the_rate_falls_linearly_to_its_floor() {
        let (vocab, corpus) = planted();
        let run = Training::new(
            vocab,
            corpus,
            settings(W2vMethod::SkipGram),
            &Device::flex().autodiff(),
        )
        .unwrap();
        assert_eq!(run.lr(), 0.05);
        assert!(
            Training::new(
                planted().0,
                planted().1,
                W2vSettings {
                    window: 0,
                    ..settings(W2vMethod::Cbow)
                },
                &Device::flex().autodiff()
            )
            .is_err()
        );
    }
}
