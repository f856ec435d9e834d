//! The training examples word2vec learns from, drawn as the original tool
//! draws them: sentences in a shuffled order each epoch, frequent tokens
//! subsampled, and for each centre token a window of random size from 1 to
//! `window` on either side. Skip-gram turns each (centre, context) pair
//! into one example; CBOW turns each centre and its whole window into one.
//! Each example gets `negatives` tokens drawn from the noise distribution.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::vocab::{Noise, Sentences, Vocab};
use crate::rng::Rng;

/// Which way round the prediction goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum W2vMethod {
    /// Predict each context token from the centre token.
    SkipGram,
    /// Predict the centre token from the mean of its context.
    Cbow,
}

/// One batch, in flat vectors ready to become tensors.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// The token predicted (skip-gram: a context token; CBOW: the centre), `[B]`.
    pub targets: Vec<u32>,
    /// What predicts it: `[B, width]` token ids (skip-gram: width 1, the
    /// centre; CBOW: width 2·window, the context, padded with 0).
    pub inputs: Vec<u32>,
    /// 1 where `inputs` holds a token, 0 where it is padding, `[B, width]`.
    pub mask: Vec<f32>,
    /// Negatives for each example, `[B, K]`.
    pub negatives: Vec<u32>,
    /// Columns of `inputs`.
    pub width: usize,
}

/// An example before batching: a target and what predicts it.
type Example = (u32, Vec<u32>);

/// Draws batches, epoch after epoch.
pub struct Sampler {
    corpus: Sentences,
    keep: Vec<f32>,
    noise: Noise,
    method: W2vMethod,
    window: usize,
    negatives: usize,
    rng: Rng,
    order: Vec<usize>,
    cursor: usize,
    pending: VecDeque<Example>,
    epochs: u32,
}

impl Sampler {
    /// A sampler over `corpus` (ids of `vocab`), subsampling with
    /// threshold `subsample` (0: none), seeded by `seed`.
    pub fn new(
        vocab: &Vocab,
        corpus: Sentences,
        method: W2vMethod,
        window: usize,
        negatives: usize,
        subsample: f64,
        seed: u64,
    ) -> Self {
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..corpus.len()).collect();
        rng.shuffle(&mut order);
        Self {
            keep: vocab.keep_probabilities(subsample),
            noise: Noise::new(vocab),
            corpus,
            method,
            window: window.max(1),
            negatives,
            rng,
            order,
            cursor: 0,
            pending: VecDeque::new(),
            epochs: 0,
        }
    }

    /// Epochs done, with the current one's fraction (by sentences read).
    pub fn progress(&self) -> f64 {
        f64::from(self.epochs) + self.cursor as f64 / self.order.len().max(1) as f64
    }

    /// Columns of a batch's `inputs`.
    pub fn width(&self) -> usize {
        match self.method {
            W2vMethod::SkipGram => 1,
            W2vMethod::Cbow => 2 * self.window,
        }
    }

    /// The next sentence's examples, queued.
    fn read_sentence(&mut self) {
        if self.cursor == self.order.len() {
            self.rng.shuffle(&mut self.order);
            self.cursor = 0;
            self.epochs += 1;
        }
        let sentence = &self.corpus[self.order[self.cursor]];
        self.cursor += 1;
        let kept: Vec<u32> = sentence
            .iter()
            .copied()
            .filter(|&id| self.rng.unit() < self.keep[id as usize])
            .collect();
        for (i, &centre) in kept.iter().enumerate() {
            let reach = 1 + (self.rng.next_u64() % self.window as u64) as usize;
            let context: Vec<u32> = (i.saturating_sub(reach)..(i + reach + 1).min(kept.len()))
                .filter(|&j| j != i)
                .map(|j| kept[j])
                .collect();
            match self.method {
                W2vMethod::SkipGram => {
                    for c in context {
                        self.pending.push_back((c, vec![centre]));
                    }
                }
                W2vMethod::Cbow if !context.is_empty() => self.pending.push_back((centre, context)),
                W2vMethod::Cbow => {}
            }
        }
    }

    /// A negative for `target`: a draw from the noise distribution that is
    /// not the target itself (retried a few times; a one-token-dominated
    /// vocabulary may still return it).
    fn negative(&mut self, target: u32) -> u32 {
        let mut draw = self.noise.sample(&mut self.rng);
        for _ in 0..8 {
            if draw != target {
                break;
            }
            draw = self.noise.sample(&mut self.rng);
        }
        draw
    }

    /// The next `size` examples.
    pub fn batch(&mut self, size: usize) -> Batch {
        let width = self.width();
        let mut batch = Batch {
            targets: Vec::with_capacity(size),
            inputs: Vec::with_capacity(size * width),
            mask: Vec::with_capacity(size * width),
            negatives: Vec::with_capacity(size * self.negatives),
            width,
        };
        // A corpus of sentences with no pairs at all cannot be read forever.
        let mut empty_reads = 0;
        while batch.targets.len() < size {
            let Some((target, inputs)) = self.pending.pop_front() else {
                self.read_sentence();
                empty_reads += 1;
                assert!(
                    empty_reads < 10 * self.order.len() + 10,
                    "the corpus yields no examples"
                );
                continue;
            };
            empty_reads = 0;
            batch.targets.push(target);
            for k in 0..width {
                batch.inputs.push(inputs.get(k).copied().unwrap_or(0));
                batch.mask.push(if k < inputs.len() { 1.0 } else { 0.0 });
            }
            for _ in 0..self.negatives {
                let negative = self.negative(target);
                batch.negatives.push(negative);
            }
        }
        batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab_and_corpus(text: &str) -> (Vocab, Sentences) {
        let sentences: Vec<Vec<String>> = text
            .lines()
            .map(|l| l.split(' ').map(str::to_owned).collect())
            .collect();
        Vocab::build(&sentences, 100, 1).unwrap()
    }

    #[test]
    fn skip_gram_pairs_stay_inside_the_window_and_the_sentence() {
        let (vocab, corpus) = vocab_and_corpus("a b c d e\nf g");
        let mut sampler = Sampler::new(&vocab, corpus.clone(), W2vMethod::SkipGram, 2, 3, 0.0, 7);
        let batch = sampler.batch(500);
        assert_eq!(
            (batch.width, batch.inputs.len(), batch.negatives.len()),
            (1, 500, 1500)
        );
        let position = |id: u32| -> (usize, usize) {
            corpus
                .iter()
                .enumerate()
                .find_map(|(s, sentence)| sentence.iter().position(|&t| t == id).map(|i| (s, i)))
                .unwrap()
        };
        for (&target, &centre) in batch.targets.iter().zip(&batch.inputs) {
            let ((s1, i1), (s2, i2)) = (position(target), position(centre));
            assert_eq!(s1, s2, "a pair never crosses sentences");
            assert!(i1 != i2 && i1.abs_diff(i2) <= 2, "within the window");
        }
        for (k, &negative) in batch.negatives.iter().enumerate() {
            assert_ne!(
                negative,
                batch.targets[k / 3],
                "a negative is not the target"
            );
        }
        assert!(
            sampler.progress() > 1.0,
            "500 pairs from 7 tokens take several epochs"
        );
    }

    #[test]
    fn cbow_examples_hold_the_window_with_a_mask() {
        let (vocab, corpus) = vocab_and_corpus("a b c d e");
        let mut sampler = Sampler::new(&vocab, corpus, W2vMethod::Cbow, 2, 1, 0.0, 3);
        let batch = sampler.batch(20);
        assert_eq!(batch.width, 4);
        for row in 0..20 {
            let mask = &batch.mask[row * 4..row * 4 + 4];
            let n = mask.iter().filter(|&&m| m == 1.0).count();
            assert!((1..=4).contains(&n));
            assert!(
                mask[..n].iter().all(|&m| m == 1.0),
                "tokens first, padding after"
            );
            let inputs = &batch.inputs[row * 4..row * 4 + n];
            assert!(
                !inputs.contains(&batch.targets[row]),
                "the centre is not its own context"
            );
        }
    }

    #[test]
    fn the_same_seed_draws_the_same_batches() {
        let (vocab, corpus) = vocab_and_corpus("a b c d e f\ng h a b\nc c d");
        let mut one = Sampler::new(&vocab, corpus.clone(), W2vMethod::SkipGram, 3, 5, 0.1, 11);
        let mut two = Sampler::new(&vocab, corpus, W2vMethod::SkipGram, 3, 5, 0.1, 11);
        for _ in 0..5 {
            assert_eq!(one.batch(64), two.batch(64));
        }
    }
}
