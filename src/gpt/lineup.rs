//! Models trained side by side: the same text, seed and steps for every
//! variant, so that what differs between their curves is the one knob that
//! differs between them. The positions experiment lines up the five
//! encodings, and the block comparison GPT-2's block against LLaMA's.
//!
//! Each request trains every run the same number of steps in turn (the page
//! sizes the rounds), times each run, and can measure the held-out loss at
//! every position of windows longer than any run trained on.

use std::rc::Rc;

use burn::module::Module;
use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::config::GptSettings;
use super::cost::{self, Cost};
use super::train::Trainer;
use super::vocabulary::Vocabulary;
use crate::host::Host;
use crate::message;
use crate::slice::Trainer as _;
use crate::wire::Message;

/// Most runs in a lineup (the five encodings).
pub const MAX_RUNS: usize = 6;
/// Longest window the losses by position are measured over.
pub const MAX_LENGTH: u32 = 1_024;

/// Which of the page's lineups: each keeps its own models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum LineupKind {
    /// The positional encodings, read past their training length.
    Positions,
    /// GPT-2's block against LLaMA's.
    Blocks,
}

/// One run, as set up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LineupRun {
    /// Trainable values, as burn counts them.
    pub params: u32,
    /// The parameter and operation table (with the cache's bytes per token).
    pub cost: Cost,
}

/// Answer to a lineup's setup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LineupSetup {
    /// Which lineup.
    pub kind: LineupKind,
    /// Each run, in the order asked.
    pub runs: Vec<LineupRun>,
    /// Characters per held-out token.
    pub chars_per_token: f64,
}

/// One run's round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LineupStep {
    /// Loss of each step taken (nats per token).
    pub losses: Vec<f32>,
    /// Steps since setup.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// The loss blew up; this run has stopped.
    pub diverged: bool,
    /// Held-out loss (nats per token), when asked for.
    pub valid_loss: Option<f32>,
    /// Tokens trained on per second in this round.
    pub tokens_per_second: f64,
}

/// Answer to a lineup's round of training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LineupProgress {
    /// Which lineup.
    pub kind: LineupKind,
    /// Each run's round, in order.
    pub runs: Vec<LineupStep>,
}

/// Answer to a lineup's losses by position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LineupLosses {
    /// Which lineup.
    pub kind: LineupKind,
    /// The context the runs trained on.
    pub context: u32,
    /// Windows averaged.
    pub windows: u32,
    /// For each run, the held-out loss (nats) after each position.
    pub runs: Vec<Vec<f32>>,
}

/// Models trained side by side.
pub struct Lineup {
    runs: Vec<Trainer>,
}

impl Lineup {
    /// One fresh model per settings, all on `text`, with learned position
    /// tables reaching `reach` positions.
    pub fn new(
        variants: &[GptSettings],
        text: Rc<Vocabulary>,
        device: &Device,
        reach: u32,
    ) -> Result<(Self, Vec<LineupRun>), Message> {
        if variants.is_empty() || variants.len() > MAX_RUNS {
            return Err(message!(
                "gpt.msg.lineupSize",
                "a lineup has 1 to {max} models",
                max = MAX_RUNS
            ));
        }
        let reach = reach.min(MAX_LENGTH) as usize;
        let runs = variants
            .iter()
            .map(|s| Trainer::reaching(s.clone(), text.clone(), device, reach))
            .collect::<Result<Vec<_>, _>>()?;
        let described = runs
            .iter()
            .map(|t| LineupRun {
                params: t.model().num_params() as u32,
                cost: cost::reaching(t.settings(), text.size(), reach),
            })
            .collect();
        Ok((Self { runs }, described))
    }

    /// Train every run `steps` steps in turn; with `evaluate`, measure the
    /// held-out loss over `valid_tokens` after.
    pub async fn round(
        &mut self,
        steps: usize,
        evaluate: bool,
        valid_tokens: usize,
        host: &impl Host,
    ) -> Result<Vec<LineupStep>, Message> {
        let mut out = Vec::with_capacity(self.runs.len());
        for run in &mut self.runs {
            if run.diverged {
                out.push(LineupStep {
                    losses: Vec::new(),
                    steps: run.steps,
                    diverged: true,
                    valid_loss: None,
                    tokens_per_second: 0.0,
                });
                continue;
            }
            let start = host.now_ms();
            let slice = run.run(steps).await?;
            let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
            let trained = slice.losses.len() * run.tokens_per_step();
            let valid_loss = if evaluate && !slice.diverged {
                run.evaluate(valid_tokens).await?
            } else {
                None
            };
            out.push(LineupStep {
                losses: slice.losses,
                steps: run.steps,
                diverged: slice.diverged,
                valid_loss,
                tokens_per_second: trained as f64 / seconds,
            });
            host.yield_now().await;
        }
        Ok(out)
    }

    /// Each run's held-out loss after every position of windows `length`
    /// tokens long (at most [`MAX_LENGTH`]), over at most `windows` windows.
    pub async fn losses_by_position(
        &self,
        length: u32,
        windows: u32,
        host: &impl Host,
    ) -> Result<Vec<Vec<f32>>, Message> {
        let length = length.clamp(2, MAX_LENGTH) as usize;
        let mut out = Vec::with_capacity(self.runs.len());
        for run in &self.runs {
            if run.diverged {
                out.push(Vec::new());
                continue;
            }
            out.push(run.position_losses(length, windows.max(1) as usize).await?);
            host.yield_now().await;
        }
        Ok(out)
    }

    /// The context of the first run (they all train on the same).
    pub fn context(&self) -> u32 {
        self.runs.first().map_or(0, |r| r.settings().context)
    }
}
