//! Where a lab's text comes from, and the one copy of the Tang corpus: it is
//! a few megabytes to fetch and index, so the first lab that asks for it
//! keeps it for the others.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::chars::Corpus;
use crate::host::Host;
use crate::wire::{Message, RequestId};

/// The Tang corpus: five-character quatrains, one per line.
pub const TANG_ASSET: &str = "data/sequence/tang5.txt";

/// Where the text comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TextSource {
    /// Five-character Tang quatrains, built at build time.
    Tang,
    /// The learner's own text.
    Text {
        /// The text itself.
        text: String,
    },
}

/// The corpora loaded so far.
#[derive(Default)]
pub struct Library {
    tang: RefCell<Option<Rc<Corpus>>>,
}

impl Library {
    /// The corpus of `source`: the learner's text indexed now, or the Tang
    /// corpus fetched on first use (download progress reported against
    /// request `id`).
    pub async fn corpus(
        &self,
        id: RequestId,
        source: &TextSource,
        host: &impl Host,
    ) -> Result<Rc<Corpus>, Message> {
        match source {
            TextSource::Text { text } => Ok(Rc::new(Corpus::new(text)?)),
            TextSource::Tang => {
                if let Some(c) = self.tang.borrow().clone() {
                    return Ok(c);
                }
                let bytes = host.fetch(id, TANG_ASSET).await?;
                let text = String::from_utf8(bytes).map_err(|_| "the Tang corpus is not UTF-8")?;
                let corpus = Rc::new(Corpus::with_limit(&text, usize::MAX)?);
                *self.tang.borrow_mut() = Some(corpus.clone());
                Ok(corpus)
            }
        }
    }
}
