//! What the attention views read out of a Transformer, encoder or decoder:
//! the tokens, every layer's attention, the embeddings and hidden states
//! with their 2-D PCA ([`Inspection`]), and one head's queries, keys and
//! values ([`HeadDetail`]). The Transformer lab fills them from MiniLM, the
//! GPT lab from the learner's own decoder; the page draws both with the
//! same views.

pub mod eigen;
pub mod pca;

use burn::nn::Linear;
use burn::tensor::{Tensor, Transaction};
use serde::{Deserialize, Serialize};

use crate::readback::read_f32;
use crate::tokenize::Token;
use crate::wire::Message;

/// What the views show about one text.
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

/// One forward pass's tensors, before they are read back.
pub struct Tensors {
    /// Each layer's attention weights, each [1, heads, seq, seq].
    pub attentions: Vec<Tensor<4>>,
    /// The embeddings' output, then each layer's, each [1, seq, d_model].
    pub hidden: Vec<Tensor<3>>,
    /// Token embeddings, [1, seq, d_model].
    pub word: Tensor<3>,
    /// Position embeddings, [1, seq, d_model].
    pub position: Tensor<3>,
}

impl Inspection {
    /// Read `tensors` back and project each hidden state to 2-D; the
    /// timings are left for the caller to fill.
    ///
    /// # Shapes
    /// See [`Tensors`]; `tokens` has `seq` entries.
    pub async fn read(tokens: Vec<Token>, tensors: Tensors) -> Result<Self, Message> {
        let seq = tokens.len();
        let layers = tensors.attentions.len();
        let states = tensors.hidden.len();
        let [_, heads, _, _] = tensors.attentions[0].dims();
        let [_, _, d_model] = tensors.word.dims();
        let tx = Transaction::default()
            .register(Tensor::cat(tensors.attentions, 0))
            .register(Tensor::cat(tensors.hidden, 0))
            .register(tensors.word)
            .register(tensors.position);
        let [attention, hidden, word, position]: [Vec<f32>; 4] =
            read_f32(tx, "the model's outputs")
                .await?
                .try_into()
                .map_err(|_| "missing model output".to_owned())?;
        let projections = pca::project_layers(&hidden, states, seq, d_model);
        let pca_points: Vec<f32> = projections
            .iter()
            .flat_map(|p| p.points.iter().flatten().copied())
            .collect();
        let explained = projections.iter().map(|p| p.explained).collect();
        Ok(Self {
            total_tokens: seq as u32,
            unknown: 0,
            tokens,
            layers: layers as u32,
            heads: heads as u32,
            d_model: d_model as u32,
            attention,
            hidden,
            word,
            position,
            pca: pca_points,
            explained,
            forward_ms: 0.0,
            load_ms: None,
        })
    }
}

/// q, k and v of one head for every token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HeadDetail {
    /// Layer, from 0.
    pub layer: u32,
    /// Head, from 0.
    pub head: u32,
    /// Size of each vector (32 for MiniLM).
    pub d_k: u32,
    /// Queries, f32 `[seq, d_k]`.
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub q: Vec<f32>,
    /// Keys, f32 `[seq, d_k]`.
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub k: Vec<f32>,
    /// Values, f32 `[seq, d_k]`.
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub v: Vec<f32>,
    /// ALiBi's slope for this head, when the model adds −slope·(i − j) to
    /// the scaled scores.
    pub alibi_slope: Option<f64>,
}

impl HeadDetail {
    /// Head `head` (of `heads`) of the attention in `layer` whose input is
    /// `input`: its queries, keys and values for every token, through the
    /// attention's own projections.
    ///
    /// # Shapes
    /// - input: [1, seq, d_model]
    pub async fn read(
        layer: usize,
        head: usize,
        heads: usize,
        input: Tensor<3>,
        [query, key, value]: [&Linear; 3],
    ) -> Result<Self, Message> {
        let [_, seq, d_model] = input.dims();
        let d_k = d_model / heads;
        // [1, seq, d_model] -> [seq, d_k] for this head.
        let pick = |x: Tensor<3>| -> Tensor<2> {
            x.reshape([seq, heads, d_k])
                .narrow(1, head, 1)
                .reshape([seq, d_k])
        };
        let qkv = [
            pick(query.forward(input.clone())),
            pick(key.forward(input.clone())),
            pick(value.forward(input)),
        ];
        Self::of(layer, head, qkv, None).await
    }

    /// Head `head` of the attention in `layer` from its own queries, keys
    /// and values (as the attention used them: rotated, shared).
    ///
    /// # Shapes
    /// - q, k, v: [seq, d_k]
    pub async fn of(
        layer: usize,
        head: usize,
        [q, k, v]: [Tensor<2>; 3],
        alibi_slope: Option<f64>,
    ) -> Result<Self, Message> {
        let d_k = q.dims()[1];
        let tx = Transaction::default().register(q).register(k).register(v);
        let [q, k, v]: [Vec<f32>; 3] = read_f32(tx, "q, k, v")
            .await?
            .try_into()
            .map_err(|_| "missing q, k or v".to_owned())?;
        Ok(Self {
            layer: layer as u32,
            head: head as u32,
            d_k: d_k as u32,
            q,
            k,
            v,
            alibi_slope,
        })
    }
}
