//! A byte-level BPE, trained in the page on the learner's own text.
//!
//! Written by hand because the algorithm is the lesson (Sennrich et al. 2016,
//! <https://arxiv.org/abs/1508.07909>; byte-level as in GPT-2):
//! 1. Split the corpus into words (a run of letters or digits with the space
//!    before it, or one other character), and count each distinct word.
//! 2. Start from the 256 byte values: every word is a sequence of bytes.
//! 3. Repeatedly count every adjacent pair of symbols (weighted by word
//!    count), merge the most frequent pair into a new symbol everywhere, and
//!    record the merge. Ties go to the pair of smaller ids, so training is
//!    deterministic.
//!
//! Encoding applies the merges in the order learned: within each word, the
//! pair with the earliest merge is merged first, until none applies.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::span::{SpanMap, display_bytes};
use super::{Token, Tokenization};
use crate::message;
use crate::wire::Message;

/// Largest number of merges a learner can ask for.
pub const MAX_MERGES: usize = 5000;
/// Largest training corpus, in bytes (a limit the page states).
pub const MAX_CORPUS_BYTES: usize = 200_000;
/// How many runner-up pairs each merge records.
const RUNNERS_UP: usize = 3;

/// One learned merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Merge {
    /// The two symbols merged.
    pub pair: (u32, u32),
    /// The new symbol's id (256 + index of the merge).
    pub id: u32,
    /// How often the pair occurred when it was merged.
    pub count: u32,
    /// The new symbol's text (`<E4 B8>` for partial characters).
    pub text: String,
    /// The pairs that came next, with their counts: why this one won.
    pub runners_up: Vec<(String, u32)>,
}

/// A trained byte-level BPE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BpeModel {
    /// Merges in the order learned.
    pub merges: Vec<Merge>,
    /// Bytes of every symbol: 0..256 are the bytes, then one per merge.
    symbols: Vec<Vec<u8>>,
}

/// Split text into words: optional space + run of alphanumerics, or one other char.
///
/// Returns byte ranges into `text`.
pub fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        let mut end = start + ch.len_utf8();
        let leads_word = ch == ' ' && chars.peek().is_some_and(|&(_, c)| c.is_alphanumeric());
        if ch.is_alphanumeric() || leads_word {
            while let Some(&(i, c)) = chars.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
        }
        out.push((start, end));
    }
    out
}

impl BpeModel {
    /// Learn up to `merges` merges from `corpus` (fewer if pairs run out).
    pub fn train(corpus: &str, merges: usize) -> Result<Self, Message> {
        if corpus.len() > MAX_CORPUS_BYTES {
            return Err(message!(
                "text.msg.bpeCorpusTooLong",
                "the training text is over {max} bytes",
                max = MAX_CORPUS_BYTES
            ));
        }
        let merges = merges.min(MAX_MERGES);
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for (s, e) in words(corpus) {
            *counts.entry(&corpus[s..e]).or_default() += 1;
        }
        // Sorted for a deterministic order independent of hashing.
        let mut vocab: Vec<(Vec<u32>, u32)> = counts
            .into_iter()
            .map(|(w, c)| (w.bytes().map(u32::from).collect(), c))
            .collect();
        vocab.sort();

        let mut model = Self {
            merges: Vec::new(),
            symbols: (0..=255u8).map(|b| vec![b]).collect(),
        };
        for _ in 0..merges {
            let mut pairs: HashMap<(u32, u32), u32> = HashMap::new();
            for (word, count) in &vocab {
                for pair in word.windows(2) {
                    *pairs.entry((pair[0], pair[1])).or_default() += count;
                }
            }
            let mut ranked: Vec<((u32, u32), u32)> = pairs.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let Some(&(pair, count)) = ranked.first() else {
                break;
            };
            let id = model.symbols.len() as u32;
            let mut bytes = model.symbols[pair.0 as usize].clone();
            bytes.extend_from_slice(&model.symbols[pair.1 as usize]);
            let runners_up = ranked[1..]
                .iter()
                .take(RUNNERS_UP)
                .map(|&(p, c)| (model.pair_text(p), c))
                .collect();
            model.merges.push(Merge {
                pair,
                id,
                count,
                text: display_bytes(&bytes),
                runners_up,
            });
            model.symbols.push(bytes);
            for (word, _) in &mut vocab {
                merge_in_place(word, pair, id);
            }
        }
        Ok(model)
    }

    fn pair_text(&self, (a, b): (u32, u32)) -> String {
        let mut bytes = self.symbols[a as usize].clone();
        bytes.extend_from_slice(&self.symbols[b as usize]);
        display_bytes(&bytes)
    }

    /// Encode `text` with the first `upto` merges.
    pub fn tokenize(&self, text: &str, upto: usize) -> Tokenization {
        let map = SpanMap::new(text);
        let mut tokens = Vec::new();
        self.encode_words(text, upto, |start, word| {
            let mut offset = start;
            for id in word {
                let bytes = self.symbols[id as usize].clone();
                let from = offset;
                offset += bytes.len();
                tokens.push(Token {
                    id: Some(id),
                    text: display_bytes(&bytes),
                    start: map.start(from),
                    end: map.end(offset),
                    bytes,
                    special: false,
                });
            }
        });
        Tokenization::new(text, tokens)
    }

    /// The ids of `text` with every merge: what a model trains on, without
    /// the spans and texts the tokenizer rows show.
    pub fn encode_ids(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::with_capacity(text.len() / 2);
        self.encode_words(text, self.merges.len(), |_, word| ids.extend(word));
        ids
    }

    /// Symbols with an id: the 256 bytes, then one per merge.
    pub fn vocab_size(&self) -> usize {
        self.symbols.len()
    }

    /// The bytes of symbol `id`.
    pub fn symbol(&self, id: u32) -> &[u8] {
        &self.symbols[id as usize]
    }

    /// Each word of `text` (its start and its symbols) after the first
    /// `upto` merges.
    fn encode_words(&self, text: &str, upto: usize, mut each: impl FnMut(usize, Vec<u32>)) {
        let upto = upto.min(self.merges.len());
        let rank: HashMap<(u32, u32), usize> = self.merges[..upto]
            .iter()
            .enumerate()
            .map(|(i, m)| (m.pair, i))
            .collect();
        for (start, end) in words(text) {
            let mut word: Vec<u32> = text[start..end].bytes().map(u32::from).collect();
            loop {
                let best = word
                    .windows(2)
                    .filter_map(|p| rank.get(&(p[0], p[1])).map(|&r| (r, (p[0], p[1]))))
                    .min();
                let Some((r, pair)) = best else { break };
                merge_in_place(&mut word, pair, self.merges[r].id);
            }
            each(start, word);
        }
    }
}

/// Replace every non-overlapping occurrence of `pair` in `word` (left to right) by `id`.
fn merge_in_place(word: &mut Vec<u32>, pair: (u32, u32), id: u32) {
    let mut out = Vec::with_capacity(word.len());
    let mut i = 0;
    while i < word.len() {
        if i + 1 < word.len() && (word[i], word[i + 1]) == pair {
            out.push(id);
            i += 2;
        } else {
            out.push(word[i]);
            i += 1;
        }
    }
    *word = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_with_their_leading_space() {
        let text = "low lower, 低";
        let got: Vec<&str> = words(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(got, vec!["low", " lower", ",", " 低"]);
    }

    #[test]
    fn first_merge_is_the_most_frequent_pair() {
        // "lo" occurs in every word; "we" in two.
        let model = BpeModel::train("low low low lower lowest", 3).unwrap();
        let first = &model.merges[0];
        assert_eq!(first.pair, (b'l' as u32, b'o' as u32));
        assert_eq!(first.text, "lo");
        assert_eq!(first.count, 5);
        assert_eq!(first.id, 256);
        assert!(first.runners_up.iter().all(|(_, c)| *c <= first.count));
    }

    #[test]
    fn encoding_round_trips_and_shrinks_with_more_merges() {
        let corpus = "the cat sat on the mat; the cat ate the rat. 猫坐在垫子上，猫吃了老鼠。";
        let model = BpeModel::train(corpus, 40).unwrap();
        let mut last = usize::MAX;
        for upto in [0, 5, 20, 40] {
            let t = model.tokenize(corpus, upto);
            let bytes: Vec<u8> = t.tokens.iter().flat_map(|t| t.bytes.clone()).collect();
            assert_eq!(bytes, corpus.as_bytes());
            assert!(t.tokens.len() <= last);
            last = t.tokens.len();
        }
        assert_eq!(model.tokenize(corpus, 0).tokens.len(), corpus.len());
        assert!(last < corpus.len() / 2);
        let ids = model.encode_ids(corpus);
        let tokens: Vec<u32> = model
            .tokenize(corpus, 40)
            .tokens
            .iter()
            .filter_map(|t| t.id)
            .collect();
        assert_eq!(ids, tokens, "the ids alone are the tokenizer's ids");
        let bytes: Vec<u8> = ids.iter().flat_map(|&i| model.symbol(i).to_vec()).collect();
        assert_eq!(bytes, corpus.as_bytes());
    }

    #[test]
    fn training_is_deterministic_and_stops_when_pairs_run_out() {
        let a = BpeModel::train("abab abab", 100).unwrap();
        let b = BpeModel::train("abab abab", 100).unwrap();
        assert_eq!(a, b);
        assert!(a.merges.len() < 100);
        assert_eq!(a.tokenize("abab", 100).tokens.len(), 1);
    }

    #[test]
    fn refuses_oversized_corpora() {
        assert!(BpeModel::train(&"a".repeat(MAX_CORPUS_BYTES + 1), 1).is_err());
    }
}
