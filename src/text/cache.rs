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
use crate::protocol::RequestId;

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
    pub fn tokenize(&self, text: &str) -> Result<Tokenization, String> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(format!("the text is over {} MB; shorten it", MAX_TEXT_BYTES >> 20));
        }
        match self {
            Loaded::Baseline(TokenizerId::Bytes) => Ok(baseline::bytes(text)),
            Loaded::Baseline(_) => Ok(baseline::chars(text)),
            Loaded::WordPiece(wp) => wp.tokenize(text),
            Loaded::ByteBpe(bpe) => Ok(bpe.tokenize(text)),
            Loaded::Segmenter(seg, hmm) => Ok(seg.tokenize(text, *hmm)),
        }
    }
}

/// Loaded tokenizers.
#[derive(Default)]
pub struct TokenizerCache {
    wordpiece: RefCell<Option<Rc<WordPiece>>>,
    byte_bpe: RefCell<HashMap<Encoding, Rc<ByteBpe>>>,
    segmenter: RefCell<Option<Rc<Segmenter>>>,
}

impl TokenizerCache {
    /// `tokenizer`, loading it first if needed (asset download progress is
    /// reported against request `id`).
    pub async fn load(&self, id: RequestId, tokenizer: TokenizerId, host: &impl Host) -> Result<Loaded, String> {
        Ok(match tokenizer {
            TokenizerId::Chars | TokenizerId::Bytes => Loaded::Baseline(tokenizer),
            TokenizerId::Wordpiece => Loaded::WordPiece(self.wordpiece(id, host).await?),
            TokenizerId::Jieba | TokenizerId::JiebaHmm => {
                Loaded::Segmenter(self.segmenter(id, host).await?, tokenizer == TokenizerId::JiebaHmm)
            }
            TokenizerId::R50kBase | TokenizerId::Cl100kBase | TokenizerId::O200kBase => {
                let encoding = tokenizer.encoding().ok_or("not a byte-level BPE")?;
                Loaded::ByteBpe(self.byte_bpe(id, encoding, tokenizer, host).await?)
            }
        })
    }
    async fn wordpiece(&self, id: RequestId, host: &impl Host) -> Result<Rc<WordPiece>, String> {
        if let Some(loaded) = self.wordpiece.borrow().clone() {
            return Ok(loaded);
        }
        let bytes = fetch(id, TokenizerId::Wordpiece, host).await?;
        let loaded = Rc::new(WordPiece::from_json(&bytes)?);
        *self.wordpiece.borrow_mut() = Some(Rc::clone(&loaded));
        Ok(loaded)
    }

    async fn segmenter(&self, id: RequestId, host: &impl Host) -> Result<Rc<Segmenter>, String> {
        if let Some(loaded) = self.segmenter.borrow().clone() {
            return Ok(loaded);
        }
        let bytes = fetch(id, TokenizerId::Jieba, host).await?;
        let loaded = Rc::new(Segmenter::from_dict(&bytes)?);
        *self.segmenter.borrow_mut() = Some(Rc::clone(&loaded));
        Ok(loaded)
    }

    async fn byte_bpe(
        &self,
        id: RequestId,
        encoding: Encoding,
        tokenizer: TokenizerId,
        host: &impl Host,
    ) -> Result<Rc<ByteBpe>, String> {
        if let Some(loaded) = self.byte_bpe.borrow().get(&encoding).cloned() {
            return Ok(loaded);
        }
        let bytes = fetch(id, tokenizer, host).await?;
        let file = String::from_utf8(bytes).map_err(|_| format!("{}.tiktoken is not UTF-8", encoding.name()))?;
        let loaded = Rc::new(ByteBpe::from_tiktoken(encoding, &file)?);
        self.byte_bpe.borrow_mut().insert(encoding, Rc::clone(&loaded));
        Ok(loaded)
    }
}

async fn fetch(id: RequestId, tokenizer: TokenizerId, host: &impl Host) -> Result<Vec<u8>, String> {
    let path = tokenizer.asset().ok_or("this tokenizer needs no asset")?;
    host.fetch(id, path).await
}
