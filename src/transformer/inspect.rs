//! One text through the encoder, with everything the lab's views draw:
//! the tokens, every layer's attention, the word and position embeddings,
//! every hidden state and its 2-D PCA.

use burn::tensor::{Tensor, Transaction};
use serde::{Deserialize, Serialize};

use super::model::{MiniLm, Session};
use super::pca;
use crate::host::Host;
use crate::readback::read_f32;
use crate::tokenize::Token;
use crate::wire::Message;

/// What the lab shows about one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    /// The tokens the model saw (`seq` of them).
    pub tokens: Vec<Token>,
    /// Tokens before truncation to 512.
    pub total_tokens: u32,
    /// How many are `[UNK]`.
    pub unknown: u32,
    /// Layers of the encoder.
    pub layers: u32,
    /// Heads per layer.
    pub heads: u32,
    /// Hidden size.
    pub d_model: u32,
    /// Attention probabilities, f32 `[layers, heads, seq, seq]` (row = query).
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub attention: Vec<f32>,
    /// Hidden states, f32 `[layers + 1, seq, d_model]`: the embeddings'
    /// output, then each layer's.
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub hidden: Vec<f32>,
    /// Word embeddings, f32 `[seq, d_model]`.
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub word: Vec<f32>,
    /// Position embeddings, f32 `[seq, d_model]`.
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub position: Vec<f32>,
    /// 2-D PCA of each hidden state, f32 `[layers + 1, seq, 2]`, signs
    /// aligned from layer to layer.
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub pca: Vec<f32>,
    /// Share of variance the two PCA axes explain, per hidden state.
    pub explained: Vec<f32>,
    /// Forward pass and read-back, in milliseconds.
    pub forward_ms: f64,
    /// Model load time, when this request loaded it.
    pub load_ms: Option<f64>,
}

/// Run `text` through `model` and read back everything the views need.
pub async fn inspect(
    session: &Session,
    model: &MiniLm,
    text: &str,
    host: &impl Host,
) -> Result<Inspection, Message> {
    let encoded = Session::encode(model, text)?;
    let ids = encoded.ids();
    let seq = ids.len();
    let start = host.now_ms();
    let out = model.forward(&ids);
    session.remember(ids, &out);
    let layers = out.attentions.len();
    let [_, heads, _, _] = out.attentions[0].dims();
    let [_, _, d_model] = out.word_embeddings.dims();
    let tx = Transaction::default()
        .register(Tensor::cat(out.attentions, 0))
        .register(Tensor::cat(out.hidden_states, 0))
        .register(out.word_embeddings)
        .register(out.position_embeddings);
    let [attention, hidden, word, position]: [Vec<f32>; 4] = read_f32(tx, "the model's outputs")
        .await?
        .try_into()
        .map_err(|_| "missing model output".to_owned())?;
    let forward_ms = host.now_ms() - start;

    let mut pca_points = Vec::with_capacity((layers + 1) * seq * 2);
    let mut explained = Vec::with_capacity(layers + 1);
    let mut previous: Option<pca::Projection> = None;
    for state in hidden.chunks_exact(seq * d_model) {
        let mut projection = pca::project(state, seq, d_model);
        if let Some(previous) = &previous {
            pca::align_signs(&mut projection, previous);
        }
        pca_points.extend(projection.points.iter().flatten());
        explained.push(projection.explained);
        previous = Some(projection);
    }

    Ok(Inspection {
        tokens: encoded.tokens,
        total_tokens: encoded.total as u32,
        unknown: encoded.unknown as u32,
        layers: layers as u32,
        heads: heads as u32,
        d_model: d_model as u32,
        attention,
        hidden,
        word,
        position,
        pca: pca_points,
        explained,
        forward_ms,
        load_ms: None,
    })
}
