//! Text to MiniLM's input: WordPiece with `[CLS]`/`[SEP]`, cut to the model's
//! 512 positions the way Hugging Face truncates (keep the start, end with
//! `[SEP]`), and the counts the page warns about.

use crate::message;
use crate::tokenize::Token;
use crate::tokenize::cache::MAX_TEXT_BYTES;
use crate::tokenize::wordpiece::WordPiece;
use crate::wire::Message;

/// all-MiniLM-L6-v2 has 512 position embeddings.
pub const MAX_TOKENS: usize = 512;

/// The tokens the model sees.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    /// At most [`MAX_TOKENS`] tokens, `[CLS]` first and `[SEP]` last.
    pub tokens: Vec<Token>,
    /// Tokens before truncation, specials included.
    pub total: usize,
    /// How many of the kept tokens are `[UNK]`.
    pub unknown: usize,
}

impl Encoded {
    /// Tokenize `text` for the model.
    pub fn new(wordpiece: &WordPiece, text: &str) -> Result<Self, Message> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(message!(
                "transformer.msg.textTooLong",
                "the text is over {mb} MB; shorten it",
                mb = MAX_TEXT_BYTES >> 20
            ));
        }
        let mut tokens = wordpiece.tokenize(text)?.tokens;
        let total = tokens.len();
        if total > MAX_TOKENS {
            let sep = tokens.pop().ok_or("no tokens")?;
            tokens.truncate(MAX_TOKENS - 1);
            tokens.push(sep);
        }
        let unknown = tokens.iter().filter(|t| t.text == "[UNK]").count();
        Ok(Self {
            tokens,
            total,
            unknown,
        })
    }

    /// Token ids, in order.
    pub fn ids(&self) -> Vec<u32> {
        self.tokens.iter().map(|t| t.id.unwrap_or(0)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wordpiece() -> WordPiece {
        let path = crate::host::testing::checkout("www/public/data/text/wordpiece-tokenizer.json");
        WordPiece::from_json(&std::fs::read(path).expect("run `cargo xtask assets`")).unwrap()
    }

    #[test]
    fn long_text_keeps_the_start_and_ends_with_sep() {
        let text = "word ".repeat(600);
        let encoded = Encoded::new(&wordpiece(), &text).unwrap();
        assert_eq!(encoded.total, 602);
        assert_eq!(encoded.tokens.len(), MAX_TOKENS);
        assert_eq!(encoded.tokens[0].text, "[CLS]");
        assert_eq!(encoded.tokens[1].text, "word");
        assert_eq!(encoded.tokens[MAX_TOKENS - 1].text, "[SEP]");
    }

    #[test]
    fn emoji_only_text_is_all_unknown() {
        let encoded = Encoded::new(&wordpiece(), "🦀 🦀").unwrap();
        assert_eq!(encoded.tokens.len(), 4);
        assert_eq!(encoded.unknown, 2);
    }

    #[test]
    fn empty_text_is_cls_and_sep() {
        let encoded = Encoded::new(&wordpiece(), "").unwrap();
        assert_eq!(encoded.ids(), [101, 102]);
    }
}
