//! The tokenizers of one engine, loaded on first use and kept.
//!
//! Vocabularies and dictionaries are assets of several megabytes; a visitor
//! who only looks at GPT-2's BPE should not download jieba's dictionary. The
//! first request that needs a tokenizer fetches its asset through the
//! [`Host`] (with progress events) and builds it; later requests reuse it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::Tokenization;
use super::baseline;
use super::byte_bpe::{ByteBpe, Encoding};
use super::segment::Segmenter;
use super::wordpiece::WordPiece;
use crate::host::Host;
use crate::message;
use crate::wire::Message;
use crate::wire::RequestId;

/// Largest text the lab tokenizes, in UTF-8 bytes (the page states it).
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// The tokenizers the lab offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum TokenizerId {
    /// all-MiniLM-L6-v2's WordPiece.
    Wordpiece,
    /// GPT-2's byte-level BPE.
    R50kBase,
    /// GPT-4's byte-level BPE.
    Cl100kBase,
    /// GPT-4o's byte-level BPE.
    O200kBase,
    /// jieba, dictionary only.
    Jieba,
    /// jieba with its HMM for unknown words.
    JiebaHmm,
    /// One token per Unicode character.
    Chars,
    /// One token per UTF-8 byte.
    Bytes,
}

impl TokenizerId {
    /// The asset it needs, relative to the site root.
    pub fn asset(self) -> Option<&'static str> {
        match self {
            TokenizerId::Wordpiece => Some("data/text/wordpiece-tokenizer.json"),
            TokenizerId::R50kBase => Some("data/text/r50k_base.tiktoken"),
            TokenizerId::Cl100kBase => Some("data/text/cl100k_base.tiktoken"),
            TokenizerId::O200kBase => Some("data/text/o200k_base.tiktoken"),
            TokenizerId::Jieba | TokenizerId::JiebaHmm => Some("data/text/jieba-dict.txt"),
            TokenizerId::Chars | TokenizerId::Bytes => None,
        }
    }

    fn encoding(self) -> Option<Encoding> {
        match self {
            TokenizerId::R50kBase => Some(Encoding::R50kBase),
            TokenizerId::Cl100kBase => Some(Encoding::Cl100kBase),
            TokenizerId::O200kBase => Some(Encoding::O200kBase),
            _ => None,
        }
    }
}

/// A tokenizer ready to cut text.
#[derive(Clone)]
pub enum Loaded {
    /// Needs no data.
    Baseline(TokenizerId),
    /// WordPiece.
    WordPiece(Rc<WordPiece>),
    /// A byte-level BPE.
    ByteBpe(Rc<ByteBpe>),
    /// jieba, with or without its HMM.
    Segmenter(Rc<Segmenter>, bool),
}

impl Loaded {
    /// Cut `text`.
    pub fn tokenize(&self, text: &str) -> Result<Tokenization, Message> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(message!(
                "text.msg.tooLong",
                "the text is over {mb} MB; shorten it",
                mb = MAX_TEXT_BYTES >> 20
            ));
        }
        match self {
            Loaded::Baseline(TokenizerId::Bytes) => Ok(baseline::bytes(text)),
            Loaded::Baseline(_) => Ok(baseline::chars(text)),
            Loaded::WordPiece(wp) => Ok(wp.tokenize(text)?),
            Loaded::ByteBpe(bpe) => Ok(bpe.tokenize(text)),
            Loaded::Segmenter(seg, hmm) => Ok(seg.tokenize(text, *hmm)),
        }
    }
}

/// Loaded tokenizers, by the asset they were built from (jieba's two
/// variants share one dictionary).
#[derive(Default)]
pub struct TokenizerCache {
    loaded: RefCell<HashMap<&'static str, Loaded>>,
}

impl TokenizerCache {
    /// `tokenizer`, loading it first if needed (asset download progress is
    /// reported against request `id`).
    pub async fn load(
        &self,
        id: RequestId,
        tokenizer: TokenizerId,
        host: &impl Host,
    ) -> Result<Loaded, Message> {
        let Some(path) = tokenizer.asset() else {
            return Ok(Loaded::Baseline(tokenizer));
        };
        let cached = self.loaded.borrow().get(path).cloned();
        let loaded = match cached {
            Some(loaded) => loaded,
            None => {
                let bytes = host.fetch(id, path).await?;
                let built = Self::build(tokenizer, &bytes)?;
                self.loaded.borrow_mut().insert(path, built.clone());
                built
            }
        };
        Ok(match loaded {
            Loaded::Segmenter(seg, _) => Loaded::Segmenter(seg, tokenizer == TokenizerId::JiebaHmm),
            other => other,
        })
    }

    /// Build `tokenizer` from its asset's bytes.
    fn build(tokenizer: TokenizerId, bytes: &[u8]) -> Result<Loaded, Message> {
        match tokenizer {
            TokenizerId::Chars | TokenizerId::Bytes => Ok(Loaded::Baseline(tokenizer)),
            TokenizerId::Wordpiece => Ok(Loaded::WordPiece(Rc::new(WordPiece::from_json(bytes)?))),
            TokenizerId::Jieba | TokenizerId::JiebaHmm => Ok(Loaded::Segmenter(
                Rc::new(Segmenter::from_dict(bytes)?),
                false,
            )),
            TokenizerId::R50kBase | TokenizerId::Cl100kBase | TokenizerId::O200kBase => {
                let encoding = tokenizer.encoding().ok_or("not a byte-level BPE")?;
                let file = std::str::from_utf8(bytes)
                    .map_err(|_| format!("{}.tiktoken is not UTF-8", encoding.name()))?;
                Ok(Loaded::ByteBpe(Rc::new(ByteBpe::from_tiktoken(
                    encoding, file,
                )?)))
            }
        }
    }
}
