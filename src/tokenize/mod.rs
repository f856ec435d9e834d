//! The Text lab's tokenizers: the real ones, side by side, on the same text.
//!
//! Every tokenizer turns text into the same [`Tokenization`]: tokens with
//! their ids, their bytes and the span of the input they cover, in UTF-16
//! code units because that is how the page indexes strings. A byte-level token
//! that holds only part of a character covers that whole character and shows
//! its bytes honestly (`<E4 B8>`), never a replacement character.

pub mod baseline;
pub mod bpe_trainer;
pub mod byte_bpe;
pub mod cache;
pub mod segment;
pub mod span;
pub mod wordpiece;

use serde::{Deserialize, Serialize};

/// One token as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Token {
    /// Vocabulary id; `None` for tokenizers without a vocabulary (words, chars).
    pub id: Option<u32>,
    /// Display text: the token's string, or its bytes as `<E4 B8>` where they
    /// are not whole UTF-8 characters.
    pub text: String,
    /// The token's bytes (for WordPiece, the bytes of the input it covers).
    pub bytes: Vec<u8>,
    /// First UTF-16 code unit of the input this token covers.
    pub start: u32,
    /// One past the last UTF-16 code unit it covers.
    pub end: u32,
    /// A special token (`[CLS]`, `[SEP]`) that covers no input.
    pub special: bool,
}

/// A text cut by one tokenizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Tokenization {
    /// The tokens, in order.
    pub tokens: Vec<Token>,
    /// Unicode scalar values in the input.
    pub chars: u32,
    /// UTF-8 bytes in the input.
    pub bytes: u32,
}

impl Tokenization {
    /// Build from tokens, counting the input's characters and bytes.
    pub fn new(input: &str, tokens: Vec<Token>) -> Self {
        Self {
            tokens,
            chars: input.chars().count() as u32,
            bytes: input.len() as u32,
        }
    }

    /// The ids, for tokenizers that have them.
    pub fn ids(&self) -> Vec<u32> {
        self.tokens.iter().filter_map(|t| t.id).collect()
    }
}
