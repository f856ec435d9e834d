//! A slice of training, as every lab that trains runs it: at most a number
//! of steps or about a time budget, whichever comes first, taken in chunks
//! with one read-back each (a read-back per step would stall a GPU
//! pipeline). Chunks double while one takes under a quarter of the budget,
//! up to 64 steps, so a slow backend still answers within its budget and a
//! fast one is not held back by read-backs.

use burn::tensor::{Tensor, Transaction};

use crate::host::Host;
use crate::readback;

/// Most steps between two read-backs.
const MAX_CHUNK: usize = 64;

/// What a trainer's run of steps did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Slice {
    /// Loss of each step, in order.
    pub losses: Vec<f32>,
    /// The loss became NaN, infinite or over the trainer's limit: training
    /// stopped.
    pub diverged: bool,
}

/// Read the per-step `losses` back at once; any that is NaN, infinite or
/// above `limit` means training blew up.
///
/// # Shapes
/// - `losses`: one `[1]` tensor per step
pub async fn read_losses(losses: Vec<Tensor<1>>, limit: f32) -> Result<Slice, String> {
    if losses.is_empty() {
        return Ok(Slice::default());
    }
    let losses = readback::read_f32(
        Transaction::default().register(Tensor::cat(losses, 0)),
        "the losses",
    )
    .await?
    .pop()
    .ok_or("missing losses")?;
    let diverged = losses.iter().any(|&l| !l.is_finite() || l > limit);
    Ok(Slice { losses, diverged })
}

/// Call `run(chunk)` until `steps` steps are taken, the loss blows up or,
/// with a `budget_ms`, that time has passed; the losses of every step.
pub async fn time_boxed(
    steps: usize,
    budget_ms: Option<f64>,
    host: &impl Host,
    mut run: impl AsyncFnMut(usize) -> Result<Slice, String>,
) -> Result<Slice, String> {
    let start = host.now_ms();
    let mut done = Slice::default();
    // Without a clock to watch, take the steps in the largest chunks.
    let mut chunk = if budget_ms.is_some() { 1 } else { MAX_CHUNK };
    while done.losses.len() < steps && !done.diverged {
        let want = chunk.min(steps - done.losses.len());
        let chunk_start = host.now_ms();
        let slice = run(want).await?;
        done.diverged = slice.diverged;
        done.losses.extend(slice.losses);
        let Some(budget) = budget_ms else { continue };
        if host.now_ms() - start >= budget {
            break;
        }
        if host.now_ms() - chunk_start < budget / 4.0 {
            chunk = (chunk * 2).min(MAX_CHUNK);
        }
    }
    Ok(done)
}
