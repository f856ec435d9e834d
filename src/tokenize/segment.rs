//! Chinese word segmentation with jieba (`jieba-rs`), the classic segmenter:
//! a prefix dictionary for known words and, optionally, an HMM that guesses
//! words the dictionary does not know.
//!
//! The dictionary (jieba's `dict.txt`, 5 MB) is fetched by the page as an
//! asset rather than compiled in: jieba-rs embeds it through a zstd crate that
//! does not build for wasm32, and most visitors never need it.

use jieba_rs::Jieba;

use super::span::SpanMap;
use super::{Token, Tokenization};

/// A loaded segmenter.
pub struct Segmenter {
    jieba: Jieba,
}

impl Segmenter {
    /// Load from the text of a jieba dictionary (`word freq [tag]` per line).
    pub fn from_dict(dict: &[u8]) -> Result<Self, String> {
        let jieba = Jieba::with_dict(&mut std::io::BufReader::new(dict))
            .map_err(|e| format!("jieba dictionary: {e}"))?;
        Ok(Self { jieba })
    }

    /// Cut `text` into words; with `hmm`, unknown words are guessed.
    pub fn tokenize(&self, text: &str, hmm: bool) -> Tokenization {
        let map = SpanMap::new(text);
        let tokens = self
            .jieba
            .cut(text, hmm)
            .into_iter()
            .map(|word| Token {
                id: None,
                text: word.word.to_owned(),
                bytes: word.word.as_bytes().to_vec(),
                start: map.start(word.byte_start),
                end: map.end(word.byte_end),
                special: false,
            })
            .collect();
        Tokenization::new(text, tokens)
    }
}
