//! One attention head's raw material: the query, key and value vectors of
//! every token. The page does the arithmetic in front of the learner (q·k,
//! the 1/sqrt(d_k) scale, softmax, the weighted sum of values) and checks its
//! softmax against the model's own attention.

use super::model::{MiniLm, Session};
use crate::inspection::HeadDetail;
use crate::message;
use crate::wire::Message;

/// Project the input of `layer` to `head`'s queries, keys and values.
pub async fn head_detail(
    session: &Session,
    model: &MiniLm,
    text: &str,
    layer: usize,
    head: usize,
) -> Result<HeadDetail, Message> {
    let layers = model.bert.layers.len();
    let Some(block) = model.bert.layers.get(layer) else {
        return Err(message!(
            "transformer.msg.layer",
            "layer {layer} does not exist (1 to {layers})",
            layer = layer + 1,
            layers = layers
        ));
    };
    let attention = &block.attention;
    if head >= attention.n_heads {
        return Err(message!(
            "transformer.msg.head",
            "head {head} does not exist (1 to {heads})",
            head = head + 1,
            heads = attention.n_heads
        ));
    }
    let ids = Session::encode(model, text)?.ids();
    let run = session.run_for(model, &ids);
    let input = run.hidden[layer].clone();
    let projections = [&attention.query, &attention.key, &attention.value];
    HeadDetail::read(layer, head, attention.n_heads, input, projections).await
}
