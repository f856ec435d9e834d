//! One text through the encoder, with everything the lab's views draw:
//! the tokens, every layer's attention, the word and position embeddings,
//! every hidden state and its 2-D PCA.

use super::model::{MiniLm, Session};
use crate::host::Host;
use crate::inspection::{Inspection, Tensors};
use crate::wire::Message;

/// Run `text` through `model` and read back everything the views need.
pub async fn inspect(
    session: &Session,
    model: &MiniLm,
    text: &str,
    host: &impl Host,
) -> Result<Inspection, Message> {
    let encoded = Session::encode(model, text)?;
    let ids = encoded.ids();
    let start = host.now_ms();
    let out = model.forward(&ids);
    session.remember(ids, &out);
    let tensors = Tensors {
        attentions: out.attentions,
        hidden: out.hidden_states,
        word: out.word_embeddings,
        position: out.position_embeddings,
    };
    let mut inspection = Inspection::read(encoded.tokens, tensors).await?;
    inspection.total_tokens = encoded.total as u32;
    inspection.unknown = encoded.unknown as u32;
    inspection.forward_ms = host.now_ms() - start;
    Ok(inspection)
}
