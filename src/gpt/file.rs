//! The learner's GPT as a model file (`src/model_file.rs`): kind `gpt.gpt`,
//! and as its configuration the lab's settings together with what the
//! model's shape and further training depend on beyond them: the text it
//! learnt from (the Tang corpus by name, the learner's own text itself, at
//! most [`MAX_CHARS`] of it) and its vocabulary, each id's piece in order
//! (characters, or for BPE the 256 bytes and the merged symbols).
//!
//! Characters are read over the file's own vocabulary, as in the Sequence
//! lab; BPE merges are learnt again from the text (the same text and count
//! give the same merges) and refused if they no longer give the file's
//! pieces. The optimizer's moments are not saved: an imported run's
//! optimizer starts afresh, and its learning-rate schedule goes on from the
//! file's step count.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::config::GptSettings;
use super::train::Trainer;
use super::vocabulary::Vocabulary;
use crate::corpus::{Corpus, MAX_CHARS, TextSource};
use crate::message;
use crate::model_file::{self, ModelMeta};
use crate::wire::Message;

/// The model file kind of the learner's GPT.
pub const FILE_KIND: &str = "gpt.gpt";

/// What a GPT model file's configuration holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GptFileSettings {
    /// The run's settings, as `gptSetup` takes them.
    pub settings: GptSettings,
    /// The text it learnt from.
    pub source: TextSource,
    /// Each id's piece, in order.
    pub vocab: Vec<String>,
}

/// The file of `run`, trained on `source`.
pub async fn export(run: &Trainer, source: &TextSource) -> Result<Vec<u8>, Message> {
    let source = match source {
        TextSource::Tang => TextSource::Tang,
        // What the lab trains on of a longer text, and no more.
        TextSource::Text { text } => TextSource::Text {
            text: text.chars().take(MAX_CHARS).collect(),
        },
    };
    let text = run.text();
    let file = GptFileSettings {
        settings: run.settings().clone(),
        source,
        vocab: (0..text.size() as u32)
            .map(|i| text.piece(i).to_owned())
            .collect(),
    };
    let meta = ModelMeta::new(FILE_KIND, &file, u64::from(file.settings.seed), run.steps)?;
    model_file::write(run.model(), &meta).await
}

/// What the file `bytes` says, checked before any text is fetched or
/// weight read.
pub fn read(bytes: &[u8]) -> Result<(ModelMeta, GptFileSettings), Message> {
    let meta = model_file::read_meta(bytes, &[FILE_KIND])?;
    let file: GptFileSettings = model_file::config(&meta)?;
    file.settings.check()?;
    Ok((meta, file))
}

/// The file's text (`corpus`) as its tokens: characters read over the
/// file's vocabulary, or the BPE merges learnt again and checked.
pub fn tokens(corpus: Rc<Corpus>, file: &GptFileSettings) -> Result<Rc<Vocabulary>, Message> {
    let merges = file.settings.merges;
    if merges == 0 {
        let mut vocab = Vec::with_capacity(file.vocab.len());
        for piece in &file.vocab {
            let mut chars = piece.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => vocab.push(c),
                _ => return Err(vocab_changed()),
            }
        }
        let corpus = if corpus.vocab == vocab {
            corpus
        } else {
            Rc::new(Corpus::over(
                &corpus.decode(&corpus.ids),
                &vocab,
                usize::MAX,
            )?)
        };
        return Ok(Rc::new(Vocabulary::new(corpus, 0)?));
    }
    let tokens = Vocabulary::new(corpus, merges)?;
    let same = tokens.size() == file.vocab.len()
        && (0..tokens.size() as u32).all(|i| tokens.piece(i) == file.vocab[i as usize]);
    if !same {
        return Err(vocab_changed());
    }
    Ok(Rc::new(tokens))
}

fn vocab_changed() -> Message {
    message!(
        "gpt.msg.fileVocab",
        "the file's vocabulary is not the one its text gives here"
    )
}
