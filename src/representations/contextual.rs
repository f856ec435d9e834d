//! Static against contextual vectors: word2vec keeps one vector per word
//! wherever it stands, a Transformer gives a word a new vector in every
//! sentence. One word in two sentences through MiniLM: its input embedding
//! (a table row, the same in both by construction), then its vector after
//! the embedding layer and after each encoder layer, with the cosine of the
//! two sentences' vectors at each depth, and the vocabulary tokens whose
//! input embeddings lie nearest each sentence's last vector.

use burn::tensor::{Tensor, Transaction};
use serde::{Deserialize, Serialize};

use crate::message;
use crate::models::bert::{Encoded, MiniLm};
use crate::readback::read_f32;
use crate::wire::Message;

/// Longest sentence the comparison takes, in characters.
pub const MAX_SENTENCE: usize = 400;

/// One sentence's reading of the word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ContextSide {
    /// The WordPiece tokens of the sentence (specials included).
    pub tokens: Vec<String>,
    /// Which of them cover the word (its vector is their mean).
    pub word: Vec<u32>,
    /// Vocabulary tokens whose input embeddings are nearest the word's
    /// last-layer vector, with their cosines, nearest first.
    pub nearest: Vec<(String, f32)>,
}

/// Answer to `contextual`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Contextual {
    /// Each sentence's side.
    pub sides: Vec<ContextSide>,
    /// Cosine of the word's two vectors at each depth: the input embedding
    /// (the table row), after the embedding layer (positions added,
    /// normalised), then after each encoder layer.
    pub cosines: Vec<f32>,
}

/// Whether `c` runs on into a neighbouring letter as part of one word
/// (letters and digits, but not CJK characters, which stand alone).
fn joins(c: char) -> bool {
    let cjk = matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF);
    c.is_alphanumeric() && !cjk
}

/// The UTF-16 span of the first whole-word occurrence of `word` in
/// `sentence` ("bank" not inside "embankment"), case-insensitively where
/// lower-casing keeps the text's length.
fn span(sentence: &str, word: &str) -> Option<(u32, u32)> {
    let lower = sentence.to_lowercase();
    let (haystack, needle) = if lower.len() == sentence.len() {
        (lower, word.to_lowercase())
    } else {
        (sentence.to_owned(), word.to_owned())
    };
    let (first, last) = (needle.chars().next()?, needle.chars().last()?);
    let at = haystack
        .match_indices(&needle)
        .map(|(at, _)| at)
        .find(|&at| {
            let before = haystack[..at].chars().next_back();
            let after = haystack[at + needle.len()..].chars().next();
            !(joins(first) && before.is_some_and(joins))
                && !(joins(last) && after.is_some_and(joins))
        })?;
    let start = haystack[..at].encode_utf16().count() as u32;
    Some((start, start + needle.encode_utf16().count() as u32))
}

/// The token positions of `encoded` that cover part of `[start, end)`.
fn covering(encoded: &Encoded, (start, end): (u32, u32)) -> Vec<u32> {
    encoded
        .tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.special && t.start < end && t.end > start)
        .map(|(i, _)| i as u32)
        .collect()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (norm(a) * norm(b)).max(1e-12)
}

/// The mean over positions `first..first + count` of each tensor.
///
/// # Shapes
/// - `states`: each [1, seq, d]
/// - returns: each [1, d]
fn word_vectors(states: &[Tensor<3>], first: usize, count: usize) -> Vec<Tensor<2>> {
    states
        .iter()
        .map(|s| {
            let [_, _, d] = s.dims();
            s.clone()
                .narrow(1, first, count)
                .mean_dim(1)
                .reshape([1, d])
        })
        .collect()
}

/// `word` in each of `sentences` through `model`, keeping the `k` nearest
/// vocabulary tokens of each last-layer vector.
pub async fn contextual(
    model: &MiniLm,
    sentences: &[String],
    word: &str,
    k: usize,
) -> Result<Contextual, Message> {
    let word = word.trim();
    if word.is_empty() {
        return Err(message!(
            "representations.msg.contextWord",
            "type the word to compare"
        ));
    }
    let mut sides = Vec::new();
    let mut vectors: Vec<Vec<Vec<f32>>> = Vec::new();
    let mut lasts = Vec::new();
    for sentence in sentences.iter().take(2) {
        if sentence.chars().count() > MAX_SENTENCE {
            return Err(message!(
                "representations.msg.contextLong",
                "a sentence has over {max} characters; shorten it",
                max = MAX_SENTENCE
            ));
        }
        let span = span(sentence, word).ok_or_else(|| {
            message!(
                "representations.msg.contextMissing",
                "“{word}” is not in “{sentence}”",
                word = word,
                sentence = sentence
            )
        })?;
        let encoded = Encoded::new(&model.wordpiece, sentence)?;
        let positions = covering(&encoded, span);
        let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
            return Err(message!(
                "representations.msg.contextMissing",
                "“{word}” is not in “{sentence}”",
                word = word,
                sentence = sentence
            ));
        };
        let out = model.forward(&encoded.ids());
        let mut states = vec![out.word_embeddings.clone()];
        states.extend(out.hidden_states.iter().cloned());
        let count = (last - first + 1) as usize;
        let per_depth = word_vectors(&states, first as usize, count);
        lasts.push(per_depth.last().cloned().ok_or("no hidden states")?);
        let mut tx = Transaction::default();
        for v in per_depth {
            tx = tx.register(v);
        }
        vectors.push(read_f32(tx, "the word's vectors").await?);
        sides.push(ContextSide {
            tokens: encoded.tokens.iter().map(|t| t.text.clone()).collect(),
            word: (first..=last).collect(),
            nearest: Vec::new(),
        });
    }
    if sides.len() != 2 {
        return Err(message!(
            "representations.msg.contextTwo",
            "write two sentences that both use the word"
        ));
    }
    let cosines = vectors[0]
        .iter()
        .zip(&vectors[1])
        .map(|(a, b)| cosine(a, b))
        .collect();
    for (side, last) in sides.iter_mut().zip(lasts) {
        side.nearest = nearest_rows(model, last, k).await?;
    }
    Ok(Contextual { sides, cosines })
}

/// The `k` vocabulary tokens whose input embeddings have the largest cosine
/// with `query`, specials and unused slots left out.
///
/// # Shapes
/// - `query`: [1, d]
async fn nearest_rows(
    model: &MiniLm,
    query: Tensor<2>,
    k: usize,
) -> Result<Vec<(String, f32)>, Message> {
    let cosines = model.vocabulary_cosines(query).await?;
    let mut order: Vec<usize> = (0..cosines.len()).collect();
    order.sort_by(|&a, &b| cosines[b].total_cmp(&cosines[a]));
    Ok(order
        .into_iter()
        .filter_map(|i| {
            let token = model.wordpiece.token(i as u32)?;
            let special = token.starts_with('[') && token.ends_with(']');
            (!special).then(|| (token, cosines[i]))
        })
        .take(k)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_is_in_utf16_units_and_ignores_case() {
        assert_eq!(span("The Bank of a river", "bank"), Some((4, 8)));
        assert_eq!(span("我打电话", "打"), Some((1, 2)));
        assert_eq!(span("😀 bank", "bank"), Some((3, 7)));
        assert_eq!(span("river", "bank"), None);
        assert_eq!(span("an embankment by the bank", "bank"), Some((21, 25)));
        assert_eq!(span("they played; we play", "play"), Some((16, 20)));
        assert_eq!(span("我们去打篮球", "打"), Some((3, 4)));
    }

    #[test]
    fn cosine_of_a_vector_with_itself_is_one() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 1.0]).abs() < 1e-6);
    }
}
