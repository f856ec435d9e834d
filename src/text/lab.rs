//! The Text lab's front door: its requests, its replies and its state (the
//! shared tokenizer cache and the last BPE the learner trained).

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::call::Call;
use crate::host::Host;
use crate::lab::{Lab, Shared};
use crate::message;
use crate::tokenize::Tokenization;
use crate::tokenize::bpe_trainer::{BpeModel, Merge};
use crate::tokenize::cache::{TokenizerCache, TokenizerId};
use crate::wire::Message;
use crate::wire::Outcome;

/// What the page asks the Text lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TextRequest {
    /// Cut `text` with each of `tokenizers` (loading them on first use).
    /// Counts and ids cover the whole text; only the first `max_tokens`
    /// tokens of each row are sent, which is all a page can draw.
    Tokenize {
        text: String,
        tokenizers: Vec<TokenizerId>,
        max_tokens: u32,
    },
    /// Train a byte-level BPE with up to `merges` merges on `corpus`, and keep
    /// it for [`TextRequest::EncodeBpe`].
    TrainBpe { corpus: String, merges: u32 },
    /// Cut `text` with the first `upto` merges of the trained BPE.
    EncodeBpe { text: String, upto: u32 },
}

/// What the Text lab answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum TextReply {
    /// Answer to `tokenize`: one row per tokenizer asked for.
    Tokens(Vec<TokenRow>),
    /// Answer to `trainBpe`: the merges learned.
    Bpe(Vec<Merge>),
    /// Answer to `encodeBpe`.
    BpeTokens(Tokenization),
}

/// One tokenizer's cut of the text, or why it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TokenRow {
    /// Which tokenizer.
    pub tokenizer: TokenizerId,
    /// Its tokens (at most `max_tokens` of them), if it worked.
    pub tokenization: Option<Tokenization>,
    /// How many tokens the whole text has.
    pub count: u32,
    /// Every token's id (empty for tokenizers without ids).
    pub ids: Vec<u32>,
    /// Why it did not.
    pub error: Option<Message>,
    /// Time to tokenize (not to load), in milliseconds.
    pub ms: f64,
}

/// The lab's state.
pub struct TextLab {
    tokenizers: Rc<TokenizerCache>,
    bpe: RefCell<Option<BpeModel>>,
}

impl Lab for TextLab {
    type Request = TextRequest;
    type Reply = TextReply;
    const REPLIES: &'static [(&'static str, &'static str)] = &[
        ("tokenize", "tokens"),
        ("trainBpe", "bpe"),
        ("encodeBpe", "bpeTokens"),
    ];

    fn new(shared: &Shared) -> Self {
        Self {
            tokenizers: shared.tokenizers.clone(),
            bpe: RefCell::default(),
        }
    }

    async fn handle(&self, call: &Call<'_, impl Host>, request: TextRequest) -> Outcome<TextReply> {
        match request {
            TextRequest::Tokenize {
                text,
                tokenizers,
                max_tokens,
            } => {
                let mut rows = Vec::with_capacity(tokenizers.len());
                for tokenizer in tokenizers {
                    rows.push(self.token_row(call, tokenizer, &text, max_tokens).await);
                }
                Ok(Ok(TextReply::Tokens(rows)))
            }
            TextRequest::TrainBpe { corpus, merges } => {
                let model = BpeModel::train(&corpus, merges as usize)?;
                let merges = model.merges.clone();
                *self.bpe.borrow_mut() = Some(model);
                Ok(Ok(TextReply::Bpe(merges)))
            }
            TextRequest::EncodeBpe { text, upto } => {
                let bpe = self.bpe.borrow();
                let model = bpe
                    .as_ref()
                    .ok_or_else(|| message!("text.msg.trainBpeFirst", "train the BPE first"))?;
                Ok(Ok(TextReply::BpeTokens(
                    model.tokenize(&text, upto as usize),
                )))
            }
        }
    }
}

impl TextLab {
    /// One tokenizer's row; loading may fetch, so only the cutting is timed.
    async fn token_row(
        &self,
        call: &Call<'_, impl Host>,
        tokenizer: TokenizerId,
        text: &str,
        max_tokens: u32,
    ) -> TokenRow {
        let mut row = TokenRow {
            tokenizer,
            tokenization: None,
            count: 0,
            ids: Vec::new(),
            error: None,
            ms: 0.0,
        };
        let cut = match self.tokenizers.load(call.id, tokenizer, call.host).await {
            Ok(loaded) => {
                let start = call.host.now_ms();
                let cut = loaded.tokenize(text);
                row.ms = call.host.now_ms() - start;
                cut
            }
            Err(e) => Err(e),
        };
        match cut {
            Ok(mut t) => {
                (row.count, row.ids) = (t.tokens.len() as u32, t.ids());
                t.tokens.truncate(max_tokens as usize);
                row.tokenization = Some(t);
            }
            Err(e) => row.error = Some(e),
        }
        row
    }
}
