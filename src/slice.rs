//! A slice of training, as every lab that trains runs it: at most a number
//! of steps or about a time budget, whichever comes first, taken in chunks
//! with one read-back each (a read-back per step would stall a GPU
//! pipeline). Chunks double while one takes under a quarter of the budget,
//! up to 64 steps, so a slow backend still answers within its budget and a
//! fast one is not held back by read-backs.
//!
//! Every lab's trainer is a [`Trainer`]: its model, its batches and its
//! loss. What is the same for all of them is written here once: the slice
//! loop ([`time_boxed`]), the divergence guard ([`Trainer::run`]) and the
//! pacing of runs trained side by side ([`paced`]).

use burn::tensor::{Tensor, Transaction};

use crate::host::Host;
use crate::message;
use crate::readback;
use crate::wire::Message;

/// Most steps between two read-backs.
const MAX_CHUNK: usize = 64;

/// Most steps one training request may take.
const MAX_SLICE_STEPS: u32 = 10_000;
/// Longest time one training request may train: the worker answers
/// nothing else meanwhile.
const MAX_SLICE_MS: f64 = 10_000.0;

/// A training request's steps and time budget, within what one request may
/// take.
pub fn limits(steps: u32, budget_ms: f64) -> (usize, f64) {
    (steps.min(MAX_SLICE_STEPS) as usize, budget(budget_ms))
}

/// A training request's time budget, within what one request may take.
pub fn budget(budget_ms: f64) -> f64 {
    budget_ms.clamp(1.0, MAX_SLICE_MS)
}

/// What a request that trains a blown-up network is told.
pub fn diverged() -> Message {
    message!(
        "engine.diverged",
        "training diverged (the loss became NaN, infinite or huge); reset to start again"
    )
}

/// The thing that trains: a model, its batches and its loss.
#[allow(async_fn_in_trait)] // single-threaded: the worker never needs `Send`
pub trait Trainer {
    /// Take `steps` steps and read their losses back once, marking the
    /// slice diverged when a loss is NaN, infinite or over the trainer's
    /// limit (see [`read_losses`]).
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message>;
    /// Whether an earlier slice blew up.
    fn diverged(&self) -> bool;
    /// Remember that a slice blew up.
    fn mark_diverged(&mut self);
    /// What one step costs against the other runs it is paced with (any
    /// unit; the costliest run paces the others).
    fn cost(&self) -> usize {
        1
    }
    /// [`Trainer::steps`], refused once the loss has blown up: the network
    /// is then reset, not trained further.
    async fn run(&mut self, steps: usize) -> Result<Slice, Message> {
        if self.diverged() {
            return Err(diverged());
        }
        let slice = self.steps(steps).await?;
        if slice.diverged {
            self.mark_diverged();
        }
        Ok(slice)
    }
}

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
pub async fn read_losses(losses: Vec<Tensor<1>>, limit: f32) -> Result<Slice, Message> {
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

/// Call `run(chunk)` until `steps` steps are taken, the loss blows up, the
/// trainer takes fewer steps than asked (its run is over) or, with a
/// `budget_ms`, that time has passed; the losses of every step.
pub async fn time_boxed(
    steps: usize,
    budget_ms: Option<f64>,
    host: &impl Host,
    mut run: impl AsyncFnMut(usize) -> Result<Slice, Message>,
) -> Result<Slice, Message> {
    let start = host.now_ms();
    let mut done = Slice::default();
    // Without a clock to watch, take the steps in the largest chunks.
    let mut chunk = if budget_ms.is_some() { 1 } else { MAX_CHUNK };
    while done.losses.len() < steps && !done.diverged {
        let want = chunk.min(steps - done.losses.len());
        let chunk_start = host.now_ms();
        let slice = run(want).await?;
        // A trainer that took fewer steps than asked has finished its run.
        let finished = slice.losses.len() < want;
        done.diverged = slice.diverged;
        done.losses.extend(slice.losses);
        if finished {
            break;
        }
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

/// Train runs side by side for about `budget_ms` in all, at most `steps`
/// each, and the same number of steps each so that their curves share an
/// axis: the costliest run trains against the clock for its share of the
/// budget, and the others then take exactly as many steps. A run that blew
/// up earlier is skipped (its slice is empty and marked diverged). Slices
/// come back in the order of `runs`.
pub async fn paced<T: Trainer>(
    runs: &mut [T],
    steps: usize,
    budget_ms: f64,
    host: &impl Host,
) -> Result<Vec<Slice>, Message> {
    let share = budget_ms / runs.len().max(1) as f64;
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(runs[i].cost()));
    let mut slices = vec![Slice::default(); runs.len()];
    let mut paced: Option<usize> = None;
    for i in order {
        let run = &mut runs[i];
        if run.diverged() {
            slices[i].diverged = true;
            continue;
        }
        let (steps, budget) = match paced {
            Some(steps) => (steps, None),
            None => (steps, Some(share)),
        };
        let slice = time_boxed(steps, budget, host, async |n| run.run(n).await).await?;
        paced.get_or_insert(slice.losses.len());
        slices[i] = slice;
    }
    Ok(slices)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::{TestHost, block_on};

    /// A trainer whose step costs `cost` and whose loss blows up at `blow_at`.
    struct Fake {
        cost: usize,
        taken: usize,
        blow_at: usize,
        diverged: bool,
    }

    impl Trainer for Fake {
        async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
            let losses: Vec<f32> = (0..steps)
                .map(|k| {
                    if self.taken + k >= self.blow_at {
                        f32::NAN
                    } else {
                        1.0
                    }
                })
                .collect();
            self.taken += steps;
            let diverged = losses.iter().any(|l| !l.is_finite());
            Ok(Slice { losses, diverged })
        }
        fn diverged(&self) -> bool {
            self.diverged
        }
        fn mark_diverged(&mut self) {
            self.diverged = true;
        }
        fn cost(&self) -> usize {
            self.cost
        }
    }

    fn fake(cost: usize, blow_at: usize) -> Fake {
        Fake {
            cost,
            taken: 0,
            blow_at,
            diverged: false,
        }
    }

    #[test]
    fn side_by_side_runs_take_the_same_steps_and_a_blown_up_one_is_refused() {
        let host = TestHost::default();
        let mut runs = [fake(1, usize::MAX), fake(3, usize::MAX), fake(2, 5)];
        let slices = block_on(paced(&mut runs, 20, 1e9, &host)).unwrap();
        assert_eq!(slices[1].losses.len(), 20, "the costliest run paces");
        assert_eq!(slices[0].losses.len(), 20);
        assert!(slices[2].diverged && runs[2].diverged);
        let again = block_on(paced(&mut runs, 4, 1e9, &host)).unwrap();
        assert!(again[2].diverged && again[2].losses.is_empty());
        assert_eq!(block_on(runs[2].run(1)).unwrap_err(), diverged());
        assert_eq!((again[0].losses.len(), again[1].losses.len()), (4, 4));
    }
}
