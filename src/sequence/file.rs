//! A Sequence lab network as a model file (`src/model_file.rs`): kind
//! `sequence.rnn`, `sequence.lstm` or `sequence.gru`, and as its
//! configuration the lab's settings together with what the network's shape
//! and further training depend on beyond them: the text it learnt from (the
//! Tang corpus by name, the learner's own text itself, at most
//! [`MAX_CHARS`] of it) and its vocabulary, whose order fixes what each row
//! of the embedding and of the output layer means.
//!
//! The vocabulary is kept even though the same text gives the same one:
//! the corpus may change between versions, and a file must keep meaning
//! what it meant. On import the text is read over the file's vocabulary.
//! Adam's moments are not saved: an imported run's optimizer starts afresh.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::cell::CellKind;
use super::train::{SequenceConfig, Trainer};
use crate::corpus::{Corpus, MAX_CHARS, TextSource};
use crate::message;
use crate::model_file::{self, ModelMeta};
use crate::wire::Message;

/// The model file kinds, one per recurrence (in [`CellKind::ALL`]'s order).
pub const FILE_KINDS: [&str; 3] = ["sequence.rnn", "sequence.lstm", "sequence.gru"];

/// What a Sequence model file's configuration holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SequenceFileSettings {
    /// The run's settings, as `sequenceSetup` takes them.
    pub config: SequenceConfig,
    /// The text it learnt from.
    pub source: TextSource,
    /// Its vocabulary: the character of each id, in order.
    pub vocab: String,
}

/// The file kind of a `cell` network.
fn kind(cell: CellKind) -> &'static str {
    match cell {
        CellKind::Rnn => FILE_KINDS[0],
        CellKind::Lstm => FILE_KINDS[1],
        CellKind::Gru => FILE_KINDS[2],
    }
}

/// The file of `run`, trained on `source`: weights, settings, text,
/// vocabulary, seed and steps.
pub async fn export(run: &Trainer, source: &TextSource) -> Result<Vec<u8>, Message> {
    let config = run.config().clone();
    let source = match source {
        TextSource::Tang => TextSource::Tang,
        // What the lab trains on of a longer text, and no more.
        TextSource::Text { text } => TextSource::Text {
            text: text.chars().take(MAX_CHARS).collect(),
        },
    };
    let settings = SequenceFileSettings {
        vocab: run.corpus().vocab.iter().collect(),
        config,
        source,
    };
    let meta = ModelMeta::new(
        kind(settings.config.cell),
        &settings,
        u64::from(settings.config.seed),
        run.steps,
    )?;
    model_file::write(run.model(), &meta).await
}

/// What the file `bytes` says, checked before any text is fetched or
/// weight read: a Sequence network's, with settings the lab offers.
pub fn read(bytes: &[u8]) -> Result<(ModelMeta, SequenceFileSettings), Message> {
    let meta = model_file::read_meta(bytes, &FILE_KINDS)?;
    let settings: SequenceFileSettings = serde_json::from_str(&meta.config)
        .ok()
        .filter(|s: &SequenceFileSettings| meta.kind == kind(s.config.cell))
        .ok_or_else(|| {
            message!(
                "engine.modelFile",
                "this is not a Kindling model file, or it is cut short or damaged"
            )
        })?;
    settings.config.check()?;
    Ok((meta, settings))
}

/// `corpus` (the file's text) as ids over the file's vocabulary: itself
/// when its vocabulary is that one, read anew otherwise.
pub fn over_vocab(corpus: Rc<Corpus>, vocab: &str) -> Result<Rc<Corpus>, Message> {
    let vocab: Vec<char> = vocab.chars().collect();
    if corpus.vocab == vocab {
        return Ok(corpus);
    }
    let text = corpus.decode(&corpus.ids);
    Ok(Rc::new(Corpus::over(&text, &vocab, usize::MAX)?))
}
