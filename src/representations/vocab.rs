//! The vocabulary word2vec learns vectors for, and the two distributions
//! its training draws from: which occurrences of a frequent token to skip
//! (subsampling) and which tokens to use as negatives (the unigram
//! distribution raised to the 3/4 power, which gives rare tokens more
//! turns than their counts would).

use std::collections::HashMap;

use crate::message;
use crate::rng::Rng;
use crate::wire::Message;

/// Tokens by frequency, most frequent first, with the corpus in their ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    /// The tokens, most frequent first (ties in order of first appearance).
    pub tokens: Vec<String>,
    /// How often each occurs in the corpus.
    pub counts: Vec<u64>,
    index: HashMap<String, u32>,
}

/// The corpus in vocabulary ids, one sentence per entry (tokens outside the
/// vocabulary dropped, as word2vec does).
pub type Sentences = Vec<Vec<u32>>;

impl Vocab {
    /// The `max_size` most frequent tokens of `sentences` that occur at
    /// least `min_count` times, and the corpus in their ids.
    pub fn build(
        sentences: &[Vec<String>],
        max_size: usize,
        min_count: u64,
    ) -> Result<(Self, Sentences), Message> {
        let mut counts: HashMap<&str, (u64, usize)> = HashMap::new();
        for token in sentences.iter().flatten() {
            let next = counts.len();
            counts.entry(token).or_insert((0, next)).0 += 1;
        }
        let mut ranked: Vec<(&str, u64, usize)> = counts
            .into_iter()
            .filter(|(_, (n, _))| *n >= min_count)
            .map(|(t, (n, first))| (t, n, first))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        ranked.truncate(max_size);
        if ranked.len() < 2 {
            return Err(message!(
                "representations.msg.tooFewTokens",
                "the text has {n} distinct tokens that occur at least {min} times; word2vec needs at least 2 (paste more text)",
                n = ranked.len(),
                min = min_count
            ));
        }
        let vocab = Self {
            tokens: ranked.iter().map(|r| r.0.to_owned()).collect(),
            counts: ranked.iter().map(|r| r.1).collect(),
            index: ranked
                .iter()
                .enumerate()
                .map(|(i, r)| (r.0.to_owned(), i as u32))
                .collect(),
        };
        let corpus = sentences
            .iter()
            .map(|s| s.iter().filter_map(|t| vocab.id(t)).collect::<Vec<u32>>())
            .filter(|s| s.len() > 1)
            .collect();
        Ok((vocab, corpus))
    }

    /// Tokens in the vocabulary.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the vocabulary is empty (never, once built).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The id of `token`, if it is in the vocabulary.
    pub fn id(&self, token: &str) -> Option<u32> {
        self.index.get(token).copied()
    }

    /// Tokens in the corpus, counted once per occurrence.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The chance of keeping each occurrence of each token when frequent
    /// tokens are subsampled with threshold `t` (word2vec's formula:
    /// `(sqrt(f/t) + 1) · t/f` for a token of frequency `f`, at most 1); all
    /// ones when `t` is 0.
    pub fn keep_probabilities(&self, t: f64) -> Vec<f32> {
        let total = self.total() as f64;
        self.counts
            .iter()
            .map(|&n| {
                if t <= 0.0 {
                    return 1.0;
                }
                let f = n as f64 / total;
                (((f / t).sqrt() + 1.0) * t / f).min(1.0) as f32
            })
            .collect()
    }
}

/// Negatives drawn from the unigram distribution to the 3/4 power.
#[derive(Debug, Clone)]
pub struct Noise {
    /// Cumulative probabilities, the last one 1.
    cumulative: Vec<f64>,
}

impl Noise {
    /// The noise distribution of `vocab`.
    pub fn new(vocab: &Vocab) -> Self {
        let weights: Vec<f64> = vocab
            .counts
            .iter()
            .map(|&n| (n as f64).powf(0.75))
            .collect();
        let total: f64 = weights.iter().sum();
        let mut sum = 0.0;
        let mut cumulative: Vec<f64> = weights
            .iter()
            .map(|w| {
                sum += w / total;
                sum
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        Self { cumulative }
    }

    /// The probability of drawing `id`.
    pub fn probability(&self, id: u32) -> f64 {
        let i = id as usize;
        self.cumulative[i] - if i == 0 { 0.0 } else { self.cumulative[i - 1] }
    }

    /// One draw.
    pub fn sample(&self, rng: &mut Rng) -> u32 {
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        self.cumulative
            .partition_point(|&c| c <= u)
            .min(self.cumulative.len() - 1) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(' ').map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn ranks_by_count_and_drops_rare_tokens() {
        let (vocab, corpus) = Vocab::build(&words("a b a c\na a b d"), 10, 2).unwrap();
        assert_eq!(vocab.tokens, ["a", "b"]);
        assert_eq!(vocab.counts, [4, 2]);
        assert_eq!(corpus, [vec![0, 1, 0], vec![0, 0, 1]]);
        assert!(Vocab::build(&words("a b c"), 10, 2).is_err());
    }

    #[test]
    fn subsampling_keeps_rare_tokens_and_thins_frequent_ones() {
        let mut text = vec!["the"; 990];
        text.extend(["cat"; 10]);
        let sentences = vec![text.into_iter().map(str::to_owned).collect()];
        let (vocab, _) = Vocab::build(&sentences, 10, 1).unwrap();
        let keep = vocab.keep_probabilities(1e-3);
        // f = 0.99: (√990 + 1) / 990 ≈ 0.033; f = 0.01: (√10 + 1) / 10 ≈ 0.416.
        assert!((keep[0] - 0.0328).abs() < 1e-3, "{keep:?}");
        assert!((keep[1] - 0.4162).abs() < 1e-3, "{keep:?}");
        // A token at or below the threshold is always kept.
        assert_eq!(vocab.keep_probabilities(1e-2)[1], 1.0);
        assert_eq!(vocab.keep_probabilities(0.0), [1.0, 1.0]);
    }

    #[test]
    fn negatives_follow_the_three_quarter_power() {
        let sentences = vec![
            std::iter::repeat_n("a".to_owned(), 81)
                .chain(std::iter::repeat_n("b".to_owned(), 16))
                .collect::<Vec<_>>(),
        ];
        let (vocab, _) = Vocab::build(&sentences, 10, 1).unwrap();
        let noise = Noise::new(&vocab);
        // 81^0.75 = 27, 16^0.75 = 8.
        assert!((noise.probability(0) - 27.0 / 35.0).abs() < 1e-12);
        let mut rng = Rng::new(1);
        let draws = 70_000;
        let a = (0..draws).filter(|_| noise.sample(&mut rng) == 0).count();
        assert!((a as f64 / draws as f64 - 27.0 / 35.0).abs() < 0.01, "{a}");
    }
}
