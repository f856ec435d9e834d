//! What every lab is to the engine: one front door.
//!
//! A lab is a folder `src/<lab>/` whose `lab.rs` holds its state, its own
//! request and reply enums (their serde tags are the wire's `type` and
//! `kind`), and one [`Lab::handle`]. The router knows labs only through this
//! trait and the one row each has in `protocol.rs`'s `labs!` table.

use std::rc::Rc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::call::Call;
use crate::corpus::Library;
use crate::host::Host;
use crate::models::bert::MiniLmCache;
use crate::models::cnn::dataset::DigitsCache;
use crate::models::gpt::DecoderShelf;
use crate::tokenize::cache::TokenizerCache;
use crate::wire::Outcome;

/// What labs share: loaded once, used by several.
#[derive(Default)]
pub struct Shared {
    /// Tokenizers, by asset (the Text lab's rows, the Transformer lab's
    /// WordPiece).
    pub tokenizers: Rc<TokenizerCache>,
    /// Corpora (the Tang poems the Sequence and GPT labs train on).
    pub library: Rc<Library>,
    /// A trained decoder one lab hands another (the GPT lab's to the LoRA lab).
    pub decoders: Rc<DecoderShelf>,
    /// all-MiniLM-L6-v2 (the Transformer and Precision labs read it).
    pub minilm: Rc<MiniLmCache>,
    /// The digits (the Vision, Precision and Embeddings labs train on them).
    pub digits: Rc<DigitsCache>,
}

/// A lab's front door.
#[allow(async_fn_in_trait)] // single-threaded: the worker never needs `Send`
pub trait Lab {
    /// What the page asks it: an enum tagged by `type`.
    type Request: DeserializeOwned + Serialize;
    /// What it answers: an enum tagged by `kind`, with the answer in `value`.
    type Reply: DeserializeOwned + Serialize;
    /// Which reply kind answers which request type (the page's
    /// `client.request` types its result from this table; the engine tests
    /// check every answer against it).
    const REPLIES: &'static [(&'static str, &'static str)];
    /// The lab, before any request.
    fn new(shared: &Shared) -> Self;
    /// Answer one request.
    async fn handle(
        &self,
        call: &Call<'_, impl Host>,
        request: Self::Request,
    ) -> Outcome<Self::Reply>;
}
