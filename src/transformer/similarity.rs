//! Sentence similarity: each sentence's mean-pooled, normalised embedding
//! (what sentence-transformers returns for this model) and the matrix of
//! their cosines.

use burn::tensor::{Tensor, Transaction};
use serde::{Deserialize, Serialize};

use super::model::{MiniLm, Session};
use crate::host::Host;
use crate::message;
use crate::readback::read_f32;
use crate::wire::Cancelled;
use crate::wire::Message;
use crate::wire::RequestId;

/// Most sentences compared at once (the page says so).
pub const MAX_SENTENCES: usize = 16;

/// Cosine similarities of several sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Similarity {
    /// The sentences compared (empty lines dropped, at most 16).
    pub sentences: Vec<String>,
    /// Tokens of each sentence as the model saw it.
    pub tokens: Vec<u32>,
    /// Whether a sentence was cut at 512 tokens.
    pub truncated: Vec<bool>,
    /// Cosine similarity, `[n, n]` row-major.
    pub matrix: Vec<f32>,
    /// Time for all forward passes, in milliseconds.
    pub forward_ms: f64,
}

/// Embed each non-empty line of `sentences` and compare them all.
pub async fn similarity(
    id: RequestId,
    model: &MiniLm,
    sentences: &[String],
    host: &impl Host,
) -> Result<Result<Similarity, Cancelled>, Message> {
    let sentences: Vec<String> = sentences
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if sentences.is_empty() {
        return Err(message!(
            "transformer.msg.noSentence",
            "type at least one sentence"
        ));
    }
    if sentences.len() > MAX_SENTENCES {
        return Err(message!(
            "transformer.msg.sentences",
            "at most {max} sentences at a time",
            max = MAX_SENTENCES
        ));
    }
    let start = host.now_ms();
    let (mut tokens, mut truncated, mut embeddings) = (Vec::new(), Vec::new(), Vec::new());
    for (i, sentence) in sentences.iter().enumerate() {
        let encoded = Session::encode(model, sentence)?;
        tokens.push(encoded.tokens.len() as u32);
        truncated.push(encoded.total > encoded.tokens.len());
        embeddings.push(model.forward(&encoded.ids()).sentence_embedding);
        host.emit(crate::wire::Update::Progress {
            id,
            stage: "sentences".into(),
            loaded: (i + 1) as f64,
            total: sentences.len() as f64,
        });
        host.yield_now().await;
        if host.is_cancelled(id) {
            return Ok(Err(Cancelled));
        }
    }
    let n = sentences.len();
    let all: Tensor<2> = Tensor::cat(embeddings, 0); // [n, d], unit rows
    let matrix = all.clone().matmul(all.transpose());
    let matrix = read_f32(Transaction::default().register(matrix), "similarities")
        .await?
        .pop()
        .ok_or("missing similarities")?;
    debug_assert_eq!(matrix.len(), n * n);
    Ok(Ok(Similarity {
        sentences,
        tokens,
        truncated,
        matrix,
        forward_ms: host.now_ms() - start,
    }))
}
