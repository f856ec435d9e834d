//! The bigram model: P(next | token) = count(token, next) / count(token),
//! counted over adjacent tokens of each run (a sentence, cut where a token
//! outside the vocabulary stood, so that no pair is counted that never
//! stood side by side). The simplest language
//! model and the one interview notes ask about; its table is the baseline
//! word2vec's vectors and a Transformer's contexts improve on.

use std::collections::HashMap;

use super::vocab::Sentences;

/// Counts of each token's followers.
#[derive(Debug, Clone, PartialEq)]
pub struct Bigram {
    followers: Vec<HashMap<u32, u32>>,
    totals: Vec<u32>,
}

impl Bigram {
    /// Count the adjacent pairs of `corpus` (ids below `vocab`).
    pub fn count(corpus: &Sentences, vocab: usize) -> Self {
        let mut followers = vec![HashMap::new(); vocab];
        let mut totals = vec![0u32; vocab];
        for sentence in corpus {
            for pair in sentence.windows(2) {
                *followers[pair[0] as usize].entry(pair[1]).or_insert(0) += 1;
                totals[pair[0] as usize] += 1;
            }
        }
        Self { followers, totals }
    }

    /// The `k` likeliest tokens after `token`, with P(next | token), likeliest
    /// first (ties by id).
    pub fn next(&self, token: u32, k: usize) -> Vec<(u32, f32)> {
        let total = self.totals[token as usize].max(1) as f32;
        let mut next: Vec<(u32, u32)> = self.followers[token as usize]
            .iter()
            .map(|(&t, &n)| (t, n))
            .collect();
        next.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        next.into_iter()
            .take(k)
            .map(|(t, n)| (t, n as f32 / total))
            .collect()
    }

    /// How many times `token` is followed by anything.
    pub fn seen(&self, token: u32) -> u32 {
        self.totals[token as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_are_counts_over_the_token_total() {
        let corpus = vec![vec![0, 1, 0, 2], vec![0, 1]];
        let b = Bigram::count(&corpus, 3);
        assert_eq!(b.seen(0), 3);
        let next = b.next(0, 5);
        assert_eq!(next[0].0, 1);
        assert!((next[0].1 - 2.0 / 3.0).abs() < 1e-6);
        assert!((next.iter().map(|n| n.1).sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(b.next(2, 5).is_empty(), "nothing follows 2");
    }
}
