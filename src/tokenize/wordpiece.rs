//! WordPiece, the tokenizer of all-MiniLM-L6-v2 (BERT's uncased vocabulary of
//! 30,522 pieces), through Hugging Face's `tokenizers` crate reading the
//! model's own `tokenizer.json`: the very tokenizer the model was trained with.
//!
//! The model's `tokenizer.json` pads and truncates every input to 128 tokens;
//! both are turned off here, so the lab shows the text as it is. (The
//! Transformer lab applies its own 512-token limit, with a notice.)

use tokenizers::Tokenizer;

use super::span::SpanMap;
use super::{Token, Tokenization};

/// A loaded WordPiece tokenizer.
pub struct WordPiece {
    tokenizer: Tokenizer,
}

impl WordPiece {
    /// Load from the bytes of a `tokenizer.json`.
    pub fn from_json(json: &[u8]) -> Result<Self, String> {
        let mut tokenizer =
            Tokenizer::from_bytes(json).map_err(|e| format!("tokenizer.json: {e}"))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| format!("tokenizer.json: {e}"))?;
        Ok(Self { tokenizer })
    }

    /// The vocabulary entry with id `id`.
    pub fn token(&self, id: u32) -> Option<String> {
        self.tokenizer.id_to_token(id)
    }

    /// Cut `text`, with `[CLS]` and `[SEP]` around it as the model sees it.
    pub fn tokenize(&self, text: &str) -> Result<Tokenization, String> {
        let encoding = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| e.to_string())?;
        let map = SpanMap::new(text);
        let specials = encoding.get_special_tokens_mask();
        let tokens = encoding
            .get_ids()
            .iter()
            .zip(encoding.get_tokens())
            .zip(encoding.get_offsets())
            .zip(specials)
            .map(|(((&id, piece), &(start, end)), &special)| {
                let special = special == 1;
                let (start, end) = if special { (0, 0) } else { (start, end) };
                Token {
                    id: Some(id),
                    text: piece.clone(),
                    bytes: text.as_bytes().get(start..end).unwrap_or_default().to_vec(),
                    start: map.start(start),
                    end: if special {
                        map.start(start)
                    } else {
                        map.end(end)
                    },
                    special,
                }
            })
            .collect();
        Ok(Tokenization::new(text, tokens))
    }
}
