//! A trained decoder handed from one lab to another: the GPT lab puts the
//! learner's model here when asked, and the LoRA lab can adapt it instead
//! of the built base. Character models only: the adapting lab reads texts
//! with the model's character vocabulary.

use std::cell::RefCell;
use std::rc::Rc;

use crate::corpus::Corpus;
use crate::models::gpt::Gpt;

/// A decoder on the shelf.
#[derive(Clone)]
pub struct SharedDecoder {
    /// The model as trained, on the training device.
    pub model: Gpt,
    /// The text it learned, with its character vocabulary and held-out part.
    pub corpus: Rc<Corpus>,
    /// Steps it was trained for.
    pub steps: u64,
}

/// At most one decoder, the last one put there.
#[derive(Default)]
pub struct DecoderShelf {
    held: RefCell<Option<SharedDecoder>>,
}

impl DecoderShelf {
    /// Put `decoder` on the shelf, replacing any other.
    pub fn put(&self, decoder: SharedDecoder) {
        *self.held.borrow_mut() = Some(decoder);
    }

    /// The decoder on the shelf, if any.
    pub fn get(&self) -> Option<SharedDecoder> {
        self.held.borrow().clone()
    }
}
