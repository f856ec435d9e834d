//! A word2vec run as a model file (`representations.word2vec`, see
//! [`crate::model_file`]): both tables, and in the metadata what its setup
//! took (the text, by corpus or as the learner's own words; the unit, the
//! vocabulary's limits and the settings), its tokens, the seed and the
//! steps. Reading it runs the same setup again, which builds the same
//! vocabulary from the same text; the file's tokens must be exactly those,
//! or a row of the tables would be read as another token's vector.

use serde::{Deserialize, Serialize};

use super::tokens::TokenUnit;
use super::train::{Training, W2vSettings};
use crate::corpus::TextSource;
use crate::message;
use crate::model_file::{self, ModelMeta};
use crate::wire::Message;

/// The file kind of a word2vec run.
pub const KIND: &str = "representations.word2vec";

/// What `w2vSetup` takes: a run is this and its weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vSpec {
    pub source: TextSource,
    pub unit: TokenUnit,
    pub max_vocab: u32,
    pub min_count: u32,
    pub settings: W2vSettings,
}

/// The file's `config`: the setup and the tokens it gave.
#[derive(Serialize, Deserialize)]
struct W2vFileConfig {
    spec: W2vSpec,
    tokens: Vec<String>,
}

/// `run` (set up from `spec`) as a file.
pub async fn export(run: &Training, spec: &W2vSpec) -> Result<Vec<u8>, Message> {
    let config = W2vFileConfig {
        spec: spec.clone(),
        tokens: run.vocab.tokens.clone(),
    };
    let meta = ModelMeta::new(KIND, &config, u64::from(spec.settings.seed), run.steps)?;
    model_file::write(run.model()?, &meta).await
}

/// What a file asks to be set up, and the steps it was trained; checked
/// before any text is read.
pub fn read(bytes: &[u8]) -> Result<(W2vSpec, u64), Message> {
    let meta = model_file::read_meta(bytes, &[KIND])?;
    let config: W2vFileConfig = model_file::config(&meta)?;
    Ok((config.spec, meta.steps))
}

/// `run`, freshly set up from the file's spec, with the file's weights and
/// steps: refused when its vocabulary is not the file's.
pub fn load(mut run: Training, bytes: Vec<u8>, steps: u64) -> Result<Training, Message> {
    let meta = model_file::read_meta(&bytes, &[KIND])?;
    let config: W2vFileConfig = model_file::config(&meta)?;
    if config.tokens != run.vocab.tokens {
        return Err(message!(
            "representations.msg.fileVocab",
            "the file's {file} tokens are not the {ours} this text gives: it was trained on another text",
            file = config.tokens.len(),
            ours = run.vocab.len()
        ));
    }
    let model = model_file::load(run.model()?.clone(), bytes)?;
    run.adopt(model, steps);
    Ok(run)
}
