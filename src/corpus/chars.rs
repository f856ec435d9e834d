//! A text as character ids over a vocabulary made on the spot: what the
//! character-level models (the Sequence lab's recurrences, the GPT lab's
//! decoder) learn from.
//!
//! The vocabulary is every distinct character, most frequent first (ties by
//! code point, so the same text always gives the same ids). Very large
//! vocabularies make the output layer dominate the cost of a step and leave
//! most characters seen too rarely to learn, so past [`MAX_VOCAB`] the
//! rarest characters share one id, shown as `�`.

use std::collections::HashMap;

use crate::message;
use crate::wire::Message;

/// Characters of a learner's text that are used; the rest is dropped with a
/// notice.
pub const MAX_CHARS: usize = 200_000;
/// Distinct characters with an id of their own.
pub const MAX_VOCAB: usize = 4_000;
/// The id every character beyond [`MAX_VOCAB`] shares.
pub const RARE: char = '\u{FFFD}';
/// Texts at least this long keep their last tenth for validation.
pub const MIN_CHARS_FOR_VALIDATION: usize = 2_000;

/// A text as ids, split into training and validation parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    /// Character of each id.
    pub vocab: Vec<char>,
    /// The whole text as ids.
    pub ids: Vec<u32>,
    /// `ids[..train]` is trained on, the rest measures generalisation.
    pub train: usize,
    /// What was changed on the way in (trimmed, rare characters merged).
    pub notices: Vec<Message>,
    /// Index by character.
    index: HashMap<char, u32>,
}

impl Corpus {
    /// Build the vocabulary and ids of a learner's `text` (at most
    /// [`MAX_CHARS`] of it); refuse what cannot be learnt.
    pub fn new(text: &str) -> Result<Self, Message> {
        Self::with_limit(text, MAX_CHARS)
    }

    /// As [`Corpus::new`], using at most `max_chars` characters.
    pub fn with_limit(text: &str, max_chars: usize) -> Result<Self, Message> {
        let mut notices = Vec::new();
        let total = text.chars().count();
        let text: String = if total > max_chars {
            notices.push(message!(
                "engine.textCut",
                "the text has {total} characters; the first {max} are used",
                total = total,
                max = max_chars
            ));
            text.chars().take(max_chars).collect()
        } else {
            text.to_owned()
        };
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() {
            return Err(message!("engine.textEmpty", "the text is empty"));
        }
        let mut counts: HashMap<char, usize> = HashMap::new();
        for &c in &chars {
            *counts.entry(c).or_default() += 1;
        }
        if counts.len() < 2 {
            return Err(message!(
                "engine.oneCharacter",
                "the text uses one character only ({character}); there is nothing to predict",
                character = chars[0]
            ));
        }
        let mut vocab: Vec<(char, usize)> = counts.into_iter().collect();
        vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if vocab.len() > MAX_VOCAB {
            let merged = vocab.len() - (MAX_VOCAB - 1);
            notices.push(message!(
                "engine.rareShared",
                "{distinct} distinct characters: the {merged} rarest share one id, shown as {rare}",
                distinct = vocab.len(),
                merged = merged,
                rare = RARE
            ));
            vocab.truncate(MAX_VOCAB - 1);
            vocab.push((RARE, 0));
        }
        let vocab: Vec<char> = vocab.into_iter().map(|(c, _)| c).collect();
        let index: HashMap<char, u32> = vocab
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i as u32))
            .collect();
        let rare = index.get(&RARE).copied();
        let ids: Vec<u32> = chars
            .iter()
            .map(|c| index.get(c).copied().or(rare).unwrap_or(0))
            .collect();
        let train = if ids.len() >= MIN_CHARS_FOR_VALIDATION {
            ids.len() - ids.len() / 10
        } else {
            notices.push(message!(
                "engine.noHeldOut",
                "under {min} characters: all of it is trained on, none held out",
                min = MIN_CHARS_FOR_VALIDATION
            ));
            ids.len()
        };
        Ok(Self {
            vocab,
            ids,
            train,
            notices,
            index,
        })
    }

    /// `text` (at most `max_chars` of it) as ids over a vocabulary fixed
    /// beforehand, a trained model's: a character outside it takes the
    /// shared rare id when `vocab` has one and is dropped otherwise, with a
    /// notice giving the share. What adapting a model to a new text needs.
    pub fn over(text: &str, vocab: &[char], max_chars: usize) -> Result<Self, Message> {
        let mut notices = Vec::new();
        let index: HashMap<char, u32> = vocab
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i as u32))
            .collect();
        let rare = index.get(&RARE).copied();
        let total = text.chars().count();
        let mut outside = 0usize;
        let ids: Vec<u32> = text
            .chars()
            .take(max_chars)
            .filter_map(|c| {
                let id = index.get(&c).copied().or(rare);
                outside += usize::from(index.get(&c).is_none());
                id
            })
            .collect();
        if total > max_chars {
            notices.push(message!(
                "engine.textCut",
                "the text has {total} characters; the first {max} are used",
                total = total,
                max = max_chars
            ));
        }
        if outside > 0 {
            let read = total.min(max_chars);
            let pct = format!("{:.1}", 100.0 * outside as f64 / read.max(1) as f64);
            notices.push(if rare.is_some() {
                message!(
                    "engine.outsideRare",
                    "{outside} of {read} characters ({pct}%) are not in the model's vocabulary and read as its rare id",
                    outside = outside,
                    read = read,
                    pct = pct
                )
            } else {
                message!(
                    "engine.outsideDropped",
                    "{outside} of {read} characters ({pct}%) are not in the model's vocabulary and were dropped",
                    outside = outside,
                    read = read,
                    pct = pct
                )
            });
        }
        if ids.len() < 2 {
            return Err(message!(
                "engine.noKnownText",
                "almost none of the text is in the model's vocabulary"
            ));
        }
        let train = if ids.len() >= MIN_CHARS_FOR_VALIDATION {
            ids.len() - ids.len() / 10
        } else {
            ids.len()
        };
        Ok(Self {
            vocab: vocab.to_vec(),
            ids,
            train,
            notices,
            index,
        })
    }

    /// Vocabulary size.
    pub fn vocab_size(&self) -> usize {
        self.vocab.len()
    }

    /// The id of `c` (rare and unseen characters get the shared id, if
    /// there is one).
    pub fn id(&self, c: char) -> Option<u32> {
        self.index
            .get(&c)
            .or_else(|| self.index.get(&RARE))
            .copied()
    }

    /// The text of `ids`.
    pub fn decode(&self, ids: &[u32]) -> String {
        ids.iter()
            .map(|&i| self.vocab.get(i as usize).copied().unwrap_or(RARE))
            .collect()
    }

    /// The training ids.
    pub fn train_ids(&self) -> &[u32] {
        &self.ids[..self.train]
    }

    /// The held-out ids (empty for short texts).
    pub fn valid_ids(&self) -> &[u32] {
        &self.ids[self.train..]
    }

    /// The first whole line of the held-out text (of the text, when little
    /// is held out), at most `max_chars` characters: an example for the
    /// views to start with.
    pub fn example_line(&self, max_chars: usize) -> String {
        let ids = if self.valid_ids().len() > 60 {
            self.valid_ids()
        } else {
            &self.ids
        };
        let text = self.decode(&ids[..ids.len().min(400)]);
        let line = match text.split_once('\n') {
            Some((_, rest)) if !rest.trim().is_empty() => rest.lines().next().unwrap_or(rest),
            _ => text.as_str(),
        };
        line.chars().take(max_chars).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_is_most_frequent_first_and_round_trips() {
        let c = Corpus::new("abracadabra").unwrap();
        assert_eq!(c.vocab, ['a', 'b', 'r', 'c', 'd']);
        assert_eq!(c.decode(&c.ids), "abracadabra");
        assert_eq!(c.train, 11, "short texts hold nothing out");
        assert_eq!(c.notices.len(), 1);
    }

    #[test]
    fn refuses_empty_and_single_character_texts() {
        assert!(Corpus::new("").unwrap_err().contains("empty"));
        assert!(Corpus::new("aaaa").unwrap_err().contains("one character"));
    }

    #[test]
    fn caps_length_and_vocabulary_with_notices() {
        let text: String = (0..MAX_CHARS + 10)
            .map(|i| char::from_u32(0x4E00 + (i % 5000) as u32).unwrap())
            .collect();
        let c = Corpus::new(&text).unwrap();
        assert_eq!(c.ids.len(), MAX_CHARS);
        assert_eq!(c.vocab_size(), MAX_VOCAB);
        assert_eq!(*c.vocab.last().unwrap(), RARE);
        assert_eq!(c.notices.len(), 2, "{:?}", c.notices);
        assert_eq!(c.valid_ids().len(), MAX_CHARS / 10);
        let unseen = c.id('Z').unwrap();
        assert_eq!(c.vocab[unseen as usize], RARE);
    }
}
