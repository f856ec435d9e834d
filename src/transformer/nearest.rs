//! The vocabulary tokens whose input embeddings point the same way as a
//! given token's: the embedding table is a learned map where related pieces
//! sit close (cosine similarity over all 30,522 rows, on the device).

use burn::tensor::Tensor;
use serde::{Deserialize, Serialize};

use super::model::MiniLm;
use crate::message;
use crate::wire::Message;

/// A vocabulary token near the one asked about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Neighbour {
    /// Vocabulary id.
    pub id: u32,
    /// Its text (`##` marks a word continuation).
    pub token: String,
    /// Cosine similarity of the two input embeddings.
    pub cosine: f32,
}

/// The `count` tokens nearest to `token_id`, nearest first, itself excluded.
pub async fn nearest(
    model: &MiniLm,
    token_id: u32,
    count: usize,
) -> Result<Vec<Neighbour>, Message> {
    let table: Tensor<2> = model.bert.embeddings.word_embeddings.weight.val();
    let [vocab, _] = table.dims();
    let id = token_id as usize;
    if id >= vocab {
        return Err(message!(
            "transformer.msg.tokenId",
            "token id {token} is outside the vocabulary of {vocab}",
            token = token_id,
            vocab = vocab
        ));
    }
    let cosines = model.vocabulary_cosines(table.narrow(0, id, 1)).await?;
    let mut order: Vec<usize> = (0..vocab).filter(|&i| i != id).collect();
    let count = count.min(order.len());
    if count == 0 {
        return Ok(Vec::new());
    }
    order.select_nth_unstable_by(count - 1, |&a, &b| cosines[b].total_cmp(&cosines[a]));
    order.truncate(count);
    order.sort_by(|&a, &b| cosines[b].total_cmp(&cosines[a]));
    Ok(order
        .into_iter()
        .map(|i| Neighbour {
            id: i as u32,
            token: model.wordpiece.token(i as u32).unwrap_or_default(),
            cosine: cosines[i],
        })
        .collect())
}
