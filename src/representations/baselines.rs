//! The count baselines of one word2vec run, as the lab keeps and answers
//! them: the run's own vocabulary and text, counted and factorised on the
//! first ask ([`super::counts`] for PPMI + SVD, [`super::bigram`] for the
//! bigram model) and kept for the next.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::bigram::Bigram;
use super::counts::{cooccurrence, ppmi, top_vectors};
use super::lab::{W2vNeighbour, name, normalise};
use super::neighbours::Embeddings;
use super::train::W2vSettings;
use super::vocab::{Sentences, Vocab};
use crate::host::Host;

/// Answer to `w2vCounts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vCounts {
    /// One row per token asked.
    pub rows: Vec<W2vCountRow>,
    /// Non-zero entries of the V × V PPMI matrix (of V² in all).
    pub entries: u32,
    /// Tokens in the vocabulary (V).
    pub vocab: u32,
    /// Values per SVD vector (word2vec's vector size, at most V).
    pub dim: u32,
    /// Milliseconds the counting and factorising took (on the first ask for a run).
    pub ms: f64,
    /// Whether this ask counted and factorised (false: kept from an earlier ask).
    pub fresh: bool,
}

/// A token under the count baselines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vCountRow {
    /// The token asked.
    pub token: String,
    /// Whether it is in the vocabulary.
    pub known: bool,
    /// Its nearest tokens by PPMI + SVD vectors.
    pub svd: Vec<W2vNeighbour>,
    /// Its likeliest next tokens under the bigram model, with P(next | token).
    pub next: Vec<W2vFollower>,
}

/// A token that follows another, and how likely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vFollower {
    /// The token.
    pub token: String,
    /// P(it | the token asked).
    pub p: f32,
}

/// The text a word2vec run learns from, kept for the count baselines.
pub struct CountSource {
    vocab: Rc<Vocab>,
    /// The corpus as word2vec reads it (tokens outside the vocabulary
    /// dropped): what the co-occurrence counts see.
    corpus: Sentences,
    /// Runs of adjacent vocabulary tokens (sentences cut where a dropped
    /// token stood): what the bigram counts see.
    runs: Sentences,
    window: usize,
    dim: usize,
    seed: u64,
    /// The baselines and what they took, once computed.
    made: Option<(Rc<CountModel>, f64)>,
}

/// The count baselines of one text.
struct CountModel {
    svd: Embeddings,
    bigram: Bigram,
    entries: usize,
}

impl CountSource {
    /// The baselines of a run over `corpus` (ids of `vocab`), cut from the
    /// tokenized `sentences`, with `settings`' window and vector size.
    pub fn new(
        vocab: Rc<Vocab>,
        corpus: Sentences,
        sentences: &[Vec<String>],
        settings: &W2vSettings,
    ) -> Self {
        let runs = sentences
            .iter()
            .flat_map(|s| s.split(|t| vocab.id(t).is_none()))
            .map(|run| run.iter().filter_map(|t| vocab.id(t)).collect::<Vec<u32>>())
            .filter(|run| run.len() > 1)
            .collect();
        Self {
            vocab,
            corpus,
            runs,
            window: settings.window as usize,
            dim: settings.dim as usize,
            seed: u64::from(settings.seed),
            made: None,
        }
    }

    /// Each of `tokens` under both baselines, `k` neighbours and followers each.
    pub fn answer(&mut self, tokens: &[String], k: usize, host: &impl Host) -> W2vCounts {
        let fresh = self.made.is_none();
        let (made, ms) = self
            .made
            .get_or_insert_with(|| {
                let start = host.now_ms();
                let matrix = ppmi(&cooccurrence(&self.corpus, self.vocab.len(), self.window));
                let dim = self.dim.min(self.vocab.len());
                let (vectors, _) = top_vectors(&matrix, dim, self.seed);
                let made = CountModel {
                    svd: Embeddings::new(&vectors, dim),
                    bigram: Bigram::count(&self.runs, self.vocab.len()),
                    entries: matrix.entries(),
                };
                (Rc::new(made), host.now_ms() - start)
            })
            .clone();
        let vocab = &self.vocab;
        let rows = tokens
            .iter()
            .map(|token| {
                let id = vocab.id(&normalise(token));
                W2vCountRow {
                    token: token.clone(),
                    known: id.is_some(),
                    svd: id
                        // A token that never met another has a zero vector: no neighbours.
                        .filter(|&id| made.svd.lengths[id as usize] > 0.0)
                        .map(|id| name(vocab, made.svd.neighbours(id, k)))
                        .unwrap_or_default(),
                    next: id
                        .map(|id| {
                            made.bigram
                                .next(id, k)
                                .into_iter()
                                .map(|(t, p)| W2vFollower {
                                    token: vocab.tokens[t as usize].clone(),
                                    p,
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        W2vCounts {
            rows,
            entries: made.entries as u32,
            vocab: vocab.len() as u32,
            dim: made.svd.dim() as u32,
            ms,
            fresh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::TestHost;
    use crate::representations::pairs::W2vMethod;

    #[test]
    fn the_bigram_never_joins_tokens_a_dropped_one_stood_between() {
        let words = |line: &str| line.split(' ').map(str::to_owned).collect::<Vec<_>>();
        // a 4, b 2, c 2, x 1: a vocabulary of three drops x.
        let sentences = vec![words("a x c"), words("a b"), words("a b"), words("c a")];
        let (vocab, corpus) = Vocab::build(&sentences, 3, 1).unwrap();
        assert!(vocab.id("x").is_none());
        let settings = W2vSettings {
            method: W2vMethod::SkipGram,
            dim: 2,
            window: 1,
            negatives: 1,
            subsample: 0.0,
            lr: 0.025,
            epochs: 1,
            batch: 8,
            seed: 1,
        };
        let mut source = CountSource::new(Rc::new(vocab), corpus, &sentences, &settings);
        let answer = source.answer(&["a".to_owned()], 5, &TestHost::default());
        let next = &answer.rows[0].next;
        // a is followed by b twice; "a x c" is no a → c.
        assert_eq!(next.len(), 1, "{next:?}");
        assert_eq!(next[0].token, "b");
        assert!((next[0].p - 1.0).abs() < 1e-6);
        assert!(answer.fresh);
        assert!(
            !source
                .answer(&["a".to_owned()], 5, &TestHost::default())
                .fresh
        );
    }
}
