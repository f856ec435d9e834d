//! The Transformer lab's front door: its requests, its replies and its
//! state (the MiniLM encoder, loaded on first use, and its last forward pass).

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::model::{MiniLm, Session};
use super::{HeadDetail, Inspection, Neighbour, Similarity};
use crate::call::Call;
use crate::host::Host;
use crate::lab::{Lab, Shared};
use crate::models::bert::MiniLmCache;
use crate::tokenize::cache::TokenizerCache;
use crate::wire::Message;
use crate::wire::Outcome;

/// Most neighbours one `nearest` request returns.
const MAX_NEIGHBOURS: u32 = 100;

/// What the page asks the Transformer lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TransformerRequest {
    /// Run `text` through the model (loading it on first use) and return
    /// every layer's attention and hidden states.
    Inspect { text: String },
    /// The queries, keys and values of one head (`layer`, `head` from 0)
    /// for `text`.
    Head { text: String, layer: u32, head: u32 },
    /// The `count` vocabulary tokens nearest to token `token` by input
    /// embedding.
    Nearest { token: u32, count: u32 },
    /// Cosine similarities of the sentence embeddings of `sentences`.
    Similarity { sentences: Vec<String> },
}

/// What the Transformer lab answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum TransformerReply {
    /// Answer to `inspect`.
    Inspection(Inspection),
    /// Answer to `head`.
    Head(HeadDetail),
    /// Answer to `nearest`.
    Neighbours(Vec<Neighbour>),
    /// Answer to `similarity`.
    Similarity(Similarity),
}

/// The lab's state.
pub struct TransformerLab {
    tokenizers: Rc<TokenizerCache>,
    minilm: Rc<MiniLmCache>,
    session: Session,
}

impl Lab for TransformerLab {
    type Request = TransformerRequest;
    type Reply = TransformerReply;
    const REPLIES: &'static [(&'static str, &'static str)] = &[
        ("inspect", "inspection"),
        ("head", "head"),
        ("nearest", "neighbours"),
        ("similarity", "similarity"),
    ];

    fn new(shared: &Shared) -> Self {
        Self {
            tokenizers: shared.tokenizers.clone(),
            minilm: shared.minilm.clone(),
            session: Session::default(),
        }
    }

    async fn handle(
        &self,
        call: &Call<'_, impl Host>,
        request: TransformerRequest,
    ) -> Outcome<TransformerReply> {
        let (model, loaded) = self.model(call).await?;
        let session = &self.session;
        Ok(Ok(match request {
            TransformerRequest::Inspect { text } => {
                let mut inspection = super::inspect(session, &model, &text, call.host).await?;
                inspection.load_ms = loaded.then_some(model.load_ms);
                TransformerReply::Inspection(inspection)
            }
            TransformerRequest::Head { text, layer, head } => {
                let detail =
                    super::head_detail(session, &model, &text, layer as usize, head as usize)
                        .await?;
                TransformerReply::Head(detail)
            }
            TransformerRequest::Nearest { token, count } => {
                let found =
                    super::nearest(&model, token, count.min(MAX_NEIGHBOURS) as usize).await?;
                TransformerReply::Neighbours(found)
            }
            TransformerRequest::Similarity { sentences } => {
                let result = super::similarity(call.id, &model, &sentences, call.host).await?;
                match result {
                    Ok(similarity) => TransformerReply::Similarity(similarity),
                    Err(cancelled) => return Ok(Err(cancelled)),
                }
            }
        }))
    }
}

impl TransformerLab {
    /// The model, loaded on first use; whether this call loaded it.
    async fn model(&self, call: &Call<'_, impl Host>) -> Result<(Rc<MiniLm>, bool), Message> {
        let device = call.device()?;
        self.minilm
            .get(call.id, &device, &self.tokenizers, call.host)
            .await
    }
}
