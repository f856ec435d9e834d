//! One attention head's raw material: the query, key and value vectors of
//! every token. The page does the arithmetic in front of the learner (q·k,
//! the 1/sqrt(d_k) scale, softmax, the weighted sum of values) and checks its
//! softmax against the model's own attention.

use burn::tensor::{Tensor, Transaction};

use super::model::{MiniLm, Session};
use crate::inspection::HeadDetail;
use crate::message;
use crate::readback::read_f32;
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
    let d_k = attention.d_k;
    // [1, seq, d_model] -> [seq, d_k] for this head.
    let pick = |x: Tensor<3>| -> Tensor<2> {
        let [_, seq, _] = x.dims();
        x.reshape([seq, attention.n_heads, d_k])
            .narrow(1, head, 1)
            .reshape([seq, d_k])
    };
    let tx = Transaction::default()
        .register(pick(attention.query.forward(input.clone())))
        .register(pick(attention.key.forward(input.clone())))
        .register(pick(attention.value.forward(input)));
    let [q, k, v]: [Vec<f32>; 3] = read_f32(tx, "q, k, v")
        .await?
        .try_into()
        .map_err(|_| "missing q, k or v".to_owned())?;
    Ok(HeadDetail {
        layer: layer as u32,
        head: head as u32,
        d_k: d_k as u32,
        q,
        k,
        v,
    })
}
