//! Byte-level BPE (GPT-2's `r50k_base`, `cl100k_base`, `o200k_base`) through
//! tiktoken-rs.
//!
//! The vocabularies are the `.tiktoken` files that tiktoken-rs ships (one
//! `base64(token) rank` per line). They are not compiled into the engine: the
//! page fetches the one it needs as an asset (0.8 to 3.6 MB), so the wasm
//! stays small, and [`ByteBpe::from_tiktoken`] builds the encoder from it.
//! The split patterns are tiktoken's own.

use std::collections::HashMap as StdHashMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use tiktoken_rs::CoreBPE;

use super::span::{SpanMap, display_bytes};
use super::{Token, Tokenization};

/// The three OpenAI encodings the lab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Encoding {
    /// GPT-2 and GPT-3 (50,257 tokens).
    R50kBase,
    /// GPT-3.5 and GPT-4 (100,256 tokens + specials).
    Cl100kBase,
    /// GPT-4o (200,000 tokens + specials).
    O200kBase,
}

const R50K_PATTERN: &str =
    r"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s";
const CL100K_PATTERN: &str = r"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s";
const O200K_PATTERN: &str = concat!(
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    "|",
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    "|",
    r"\p{N}{1,3}",
    "|",
    r" ?[^\s\p{L}\p{N}]+[\r\n/]*",
    "|",
    r"\s*[\r\n]+",
    "|",
    r"\s+(?!\S)",
    "|",
    r"\s+",
);

impl Encoding {
    /// Every encoding, in the order the page shows them.
    pub const ALL: [Encoding; 3] = [
        Encoding::R50kBase,
        Encoding::Cl100kBase,
        Encoding::O200kBase,
    ];

    /// tiktoken's name for it, also the asset's file stem.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::R50kBase => "r50k_base",
            Encoding::Cl100kBase => "cl100k_base",
            Encoding::O200kBase => "o200k_base",
        }
    }

    fn pattern(self) -> &'static str {
        match self {
            Encoding::R50kBase => R50K_PATTERN,
            Encoding::Cl100kBase => CL100K_PATTERN,
            Encoding::O200kBase => O200K_PATTERN,
        }
    }

    fn special_tokens(self) -> &'static [(&'static str, u32)] {
        match self {
            Encoding::R50kBase => &[("<|endoftext|>", 50256)],
            Encoding::Cl100kBase => &[
                ("<|endoftext|>", 100257),
                ("<|fim_prefix|>", 100258),
                ("<|fim_middle|>", 100259),
                ("<|fim_suffix|>", 100260),
                ("<|endofprompt|>", 100276),
            ],
            Encoding::O200kBase => &[("<|endoftext|>", 199999), ("<|endofprompt|>", 200018)],
        }
    }
}

/// A loaded byte-level BPE encoder.
pub struct ByteBpe {
    bpe: CoreBPE,
}

impl ByteBpe {
    /// Build `encoding` from the contents of its `.tiktoken` file.
    pub fn from_tiktoken(encoding: Encoding, file: &str) -> Result<Self, String> {
        let mut ranks = StdHashMap::new();
        for (n, line) in file.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let bad = || {
                format!(
                    "{}.tiktoken line {}: not `base64 rank`",
                    encoding.name(),
                    n + 1
                )
            };
            let (token, rank) = line.split_once(' ').ok_or_else(bad)?;
            let token = base64::engine::general_purpose::STANDARD
                .decode(token)
                .map_err(|_| bad())?;
            ranks.insert(token, rank.parse::<u32>().map_err(|_| bad())?);
        }
        let specials = encoding
            .special_tokens()
            .iter()
            .map(|&(s, id)| (s.to_owned(), id))
            .collect();
        let bpe = CoreBPE::new(ranks.into_iter().collect(), specials, encoding.pattern())
            .map_err(|e| format!("{}: {e}", encoding.name()))?;
        Ok(Self { bpe })
    }

    /// Cut `text` (special-token strings are treated as plain text).
    pub fn tokenize(&self, text: &str) -> Tokenization {
        let map = SpanMap::new(text);
        let mut offset = 0usize;
        let tokens = self
            .bpe
            .encode_ordinary(text)
            .into_iter()
            .map(|id| {
                let bytes = self.bpe.decode_bytes(&[id]).unwrap_or_default();
                let start = offset;
                offset += bytes.len();
                Token {
                    id: Some(id),
                    text: display_bytes(&bytes),
                    start: map.start(start),
                    end: map.end(offset),
                    bytes,
                    special: false,
                }
            })
            .collect();
        Tokenization::new(text, tokens)
    }
}
