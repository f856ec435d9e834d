//! Next-token windows over a text of token ids, for any decoder: random
//! training batches (windows of `len + 1` tokens at random places: inputs
//! and the token after each position), and the held-out loss over whole
//! consecutive windows. The GPT lab trains on them, the LoRA lab adapts on
//! them and measures what a run forgets.

use burn::nn::loss::CrossEntropyLossConfig;
use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::models::gpt::{Gpt, Tap};
use crate::readback;
use crate::rng::Rng;
use crate::wire::Message;

/// Held-out windows measured together.
const EVAL_BATCH: usize = 16;

/// `batch` random windows of `ids`: inputs and the token after each.
///
/// # Shapes
/// - returns: inputs [batch, len], targets [batch · len]
///
/// # Panics
/// When `ids` holds no window of `len + 1` tokens (callers check).
pub fn random_batch(
    ids: &[u32],
    batch: usize,
    len: usize,
    rng: &mut Rng,
    device: &Device,
) -> (Tensor<2, Int>, Tensor<1, Int>) {
    let starts = ids.len() - len;
    let (mut inputs, mut targets) = (
        Vec::with_capacity(batch * len),
        Vec::with_capacity(batch * len),
    );
    for _ in 0..batch {
        let start = (rng.next_u64() % starts as u64) as usize;
        inputs.extend(ids[start..start + len].iter().map(|&i| i64::from(i)));
        targets.extend(
            ids[start + 1..start + len + 1]
                .iter()
                .map(|&i| i64::from(i)),
        );
    }
    (
        Tensor::from_data(TensorData::new(inputs, [batch, len]), device),
        Tensor::from_data(TensorData::new(targets, [batch * len]), device),
    )
}

/// `model`'s mean loss (nats per token) over at most `max_tokens` of `ids`
/// in whole consecutive windows of `len`; `None` when not one fits.
pub async fn held_out_loss(
    model: &Gpt,
    ids: &[u32],
    len: usize,
    max_tokens: usize,
    device: &Device,
) -> Result<Option<f32>, Message> {
    held_out_loss_tapped(model, ids, len, max_tokens, device, &mut |_, x| x).await
}

/// [`held_out_loss`] with every input of a matrix passed through `tap`
/// (see [`crate::models::gpt::tap`]).
pub async fn held_out_loss_tapped(
    model: &Gpt,
    ids: &[u32],
    len: usize,
    max_tokens: usize,
    device: &Device,
    tap: &mut Tap<'_>,
) -> Result<Option<f32>, Message> {
    let windows = (ids.len().min(max_tokens).saturating_sub(1)) / len;
    if windows == 0 {
        return Ok(None);
    }
    let loss_fn = CrossEntropyLossConfig::new().init(device);
    let vocab = model.token.weight.dims()[0];
    let mut total = Vec::new();
    for first in (0..windows).step_by(EVAL_BATCH) {
        let n = EVAL_BATCH.min(windows - first);
        let (mut inputs, mut targets) = (Vec::new(), Vec::new());
        for w in first..first + n {
            let start = w * len;
            inputs.extend(ids[start..start + len].iter().map(|&i| i64::from(i)));
            targets.extend(
                ids[start + 1..start + len + 1]
                    .iter()
                    .map(|&i| i64::from(i)),
            );
        }
        let inputs = Tensor::from_data(TensorData::new(inputs, [n, len]), device);
        let targets = Tensor::from_data(TensorData::new(targets, [n * len]), device);
        let logits = model
            .forward_tapped(inputs, None, tap)
            .logits
            .reshape([n * len, vocab]);
        // Weighted by the windows in the batch: the last may be short.
        total.push(loss_fn.forward(logits, targets) * (n as f32));
    }
    let mean = Tensor::cat(total, 0).sum() / (windows as f32);
    Ok(Some(
        readback::read_scalar(mean, "the held-out loss").await?,
    ))
}
