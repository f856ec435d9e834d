//! What the GPT reads: a text as token ids, either its characters (the
//! corpus's own vocabulary) or byte-level BPE tokens learned from the
//! training text with as many merges as the learner picks (the Text lab's
//! trainer). More merges mean fewer, longer tokens per character, and a
//! larger output layer: the vocabulary changes what a step costs and what
//! the model can learn in it.
//!
//! Losses are per token; [`Vocabulary::chars_per_token`] turns them into
//! bits per character, so runs with different vocabularies compare.

use std::rc::Rc;

use crate::corpus::{Corpus, RARE};
use crate::message;
use crate::tokenize::Token;
use crate::tokenize::bpe_trainer::BpeModel;
use crate::tokenize::span::display_bytes;
use crate::wire::Message;

/// Most merges on offer.
pub const MAX_MERGES: u32 = 1_000;
/// Bytes of the training text the merges are learned from: each merge
/// recounts every pair of every distinct word, so a longer sample costs
/// seconds for little change in the merges.
pub const BPE_SAMPLE_BYTES: usize = 60_000;

/// Token ids of a text and what each id stands for.
pub struct Vocabulary {
    corpus: Rc<Corpus>,
    bpe: Option<BpeModel>,
    /// The text as ids: the training part, then the held-out part.
    ids: Vec<u32>,
    /// `ids[..train]` is trained on.
    train: usize,
    /// Each id's text as the views show it (`<E4 B8>` for partial
    /// characters).
    pieces: Vec<String>,
    /// What was changed on the way in.
    pub notices: Vec<Message>,
}

impl Vocabulary {
    /// The characters and their ids, when the text is read as characters.
    pub fn chars(&self) -> Option<&Rc<Corpus>> {
        self.bpe.is_none().then_some(&self.corpus)
    }

    /// `corpus` as characters (`merges` 0), or as byte-level BPE tokens
    /// with up to `merges` merges learned from the start of its training
    /// text.
    pub fn new(corpus: Rc<Corpus>, merges: u32) -> Result<Self, Message> {
        let mut notices = corpus.notices.clone();
        if merges == 0 {
            return Ok(Self {
                ids: corpus.ids.clone(),
                train: corpus.train,
                pieces: corpus.vocab.iter().map(char::to_string).collect(),
                bpe: None,
                notices,
                corpus,
            });
        }
        let train_text = corpus.decode(corpus.train_ids());
        let valid_text = corpus.decode(corpus.valid_ids());
        let mut cut = train_text.len().min(BPE_SAMPLE_BYTES);
        while !train_text.is_char_boundary(cut) {
            cut -= 1;
        }
        if cut < train_text.len() {
            notices.push(message!(
                "gpt.msg.bpeSample",
                "the BPE merges are learned from the first {bytes} bytes of the text; all of it is encoded with them",
                bytes = cut
            ));
        }
        let bpe = BpeModel::train(&train_text[..cut], merges.min(MAX_MERGES) as usize)?;
        let mut ids = bpe.encode_ids(&train_text);
        let train = ids.len();
        ids.extend(bpe.encode_ids(&valid_text));
        let pieces = (0..bpe.vocab_size() as u32)
            .map(|i| display_bytes(bpe.symbol(i)))
            .collect();
        Ok(Self {
            corpus,
            bpe: Some(bpe),
            ids,
            train,
            pieces,
            notices,
        })
    }

    /// Ids with a meaning (256 bytes and the merges for BPE).
    pub fn size(&self) -> usize {
        self.pieces.len()
    }

    /// Whether the tokens are characters.
    pub fn is_chars(&self) -> bool {
        self.bpe.is_none()
    }

    /// The training ids.
    pub fn train_ids(&self) -> &[u32] {
        &self.ids[..self.train]
    }

    /// The held-out ids (empty for short texts).
    pub fn valid_ids(&self) -> &[u32] {
        &self.ids[self.train..]
    }

    /// The characters underneath.
    pub fn corpus(&self) -> &Rc<Corpus> {
        &self.corpus
    }

    /// Characters per token, over the held-out text (the whole text when
    /// none is held out): bits per token ÷ this = bits per character.
    pub fn chars_per_token(&self) -> f64 {
        let (chars, tokens) = if self.valid_ids().is_empty() {
            (self.corpus.ids.len(), self.ids.len())
        } else {
            (self.corpus.valid_ids().len(), self.valid_ids().len())
        };
        chars as f64 / tokens.max(1) as f64
    }

    /// Id `id` as the views show it.
    pub fn piece(&self, id: u32) -> &str {
        self.pieces
            .get(id as usize)
            .map_or("\u{FFFD}", String::as_str)
    }

    /// The id of character `c` as a whole token, if it is one: a character
    /// in the vocabulary, or for BPE a character whose bytes are one symbol.
    pub fn char_id(&self, c: char) -> Option<u32> {
        match &self.bpe {
            None => self
                .corpus
                .vocab
                .contains(&c)
                .then(|| self.corpus.id(c))
                .flatten(),
            Some(bpe) => {
                let ids = bpe.encode_ids(c.encode_utf8(&mut [0; 4]));
                (ids.len() == 1).then(|| ids[0])
            }
        }
    }

    /// The text of `ids` (partial characters at the ends shown as `�`).
    pub fn decode(&self, ids: &[u32]) -> String {
        match &self.bpe {
            None => self.corpus.decode(ids),
            Some(bpe) => {
                let bytes: Vec<u8> = ids.iter().flat_map(|&i| bpe.symbol(i).to_vec()).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
        }
    }

    /// `text` as ids and the views' tokens, at most `max` of them; for
    /// characters, those outside the vocabulary take the shared rare id
    /// where the corpus has one and are left out where it has none, each
    /// left out one noted.
    pub fn encode(&self, text: &str, max: usize) -> (Vec<u32>, Vec<Token>, Vec<char>) {
        let (mut ids, mut tokens, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
        match &self.bpe {
            None => {
                let mut at = 0u32;
                for c in text.chars() {
                    let width = c.len_utf16() as u32;
                    match self.corpus.id(c) {
                        Some(i) if ids.len() < max => {
                            ids.push(i);
                            tokens.push(Token {
                                id: Some(i),
                                text: self.piece(i).to_owned(),
                                bytes: c.to_string().into_bytes(),
                                start: at,
                                end: at + width,
                                special: false,
                            });
                        }
                        Some(_) => break,
                        None => skipped.push(c),
                    }
                    at += width;
                }
            }
            Some(bpe) => {
                let all = bpe.tokenize(text, bpe.merges.len()).tokens;
                for token in all.into_iter().take(max) {
                    ids.push(token.id.unwrap_or(0));
                    tokens.push(token);
                }
            }
        }
        (ids, tokens, skipped)
    }

    /// How many of `tokens` stand for no character of their own (the
    /// corpus's shared rare id).
    pub fn rare(&self, ids: &[u32]) -> usize {
        match &self.bpe {
            None => ids
                .iter()
                .filter(|&&i| self.corpus.vocab.get(i as usize) == Some(&RARE))
                .count(),
            Some(_) => 0,
        }
    }

    /// The first whole line of the held-out text, at most `max_chars`.
    pub fn example_line(&self, max_chars: usize) -> String {
        self.corpus.example_line(max_chars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poems() -> Rc<Corpus> {
        let text = "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。\n床前明月光，疑是地上霜。举头望明月，低头思故乡。\n".repeat(60);
        Rc::new(Corpus::new(&text).unwrap())
    }

    #[test]
    fn characters_are_the_corpus_itself() {
        let corpus = poems();
        let v = Vocabulary::new(corpus.clone(), 0).unwrap();
        assert!(v.is_chars());
        assert_eq!(v.size(), corpus.vocab_size());
        assert_eq!(v.train_ids(), corpus.train_ids());
        assert_eq!(v.chars_per_token(), 1.0);
        let (ids, tokens, skipped) = v.encode("床前x明月", 3);
        assert_eq!(v.decode(&ids), "床前明");
        assert_eq!(tokens.len(), 3);
        assert_eq!(skipped, ['x']);
        assert_eq!(v.char_id('月'), corpus.id('月'));
        assert_eq!(v.char_id('x'), None);
    }

    #[test]
    fn bpe_tokens_are_fewer_and_decode_to_the_same_text() {
        let corpus = poems();
        let v = Vocabulary::new(corpus.clone(), 300).unwrap();
        assert!(!v.is_chars());
        assert!(v.size() > 256 && v.size() <= 556, "{}", v.size());
        assert_eq!(v.decode(v.train_ids()), corpus.decode(corpus.train_ids()));
        assert_eq!(v.decode(v.valid_ids()), corpus.decode(corpus.valid_ids()));
        // Repeated poems: merges reach well past whole characters.
        assert!(v.chars_per_token() > 2.0, "{}", v.chars_per_token());
        let (ids, tokens, _) = v.encode("床前明月光", 100);
        assert_eq!(v.decode(&ids), "床前明月光");
        assert_eq!(tokens.len(), ids.len());
        // A character is one token only where its bytes became one symbol.
        for c in ['床', '，', '\n'] {
            let (ids, _, _) = v.encode(&c.to_string(), 10);
            assert_eq!(v.char_id(c), (ids.len() == 1).then(|| ids[0]), "{c:?}");
        }
    }
}
