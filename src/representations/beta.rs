//! The β experiment: the same VAE (same shape, seed and digit order)
//! trained with several KL weights side by side, every run the same steps,
//! so what differs is β alone: β = 0 rebuilds sharpest and leaves its codes
//! wherever they fall, β = 1 is the VAE, β = 4 packs the codes towards the
//! standard normal at the price of blurrier digits.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::ae_run::{AeEvaluation, AeRun, AeSettings};
use super::autoencoder::AeKind;
use crate::message;
use crate::models::cnn::dataset::Digits;
use crate::slice::{Slice, Trainer as _};
use crate::wire::Message;
use burn::tensor::Device;

/// Most KL weights one experiment compares.
pub const MAX_BETAS: usize = 4;

/// One run's standing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BetaRun {
    /// Its KL weight.
    pub beta: f64,
    /// Steps taken.
    pub steps: u32,
    /// Mean loss of the round's steps (NaN when it took none).
    pub loss: f32,
    /// The loss blew up.
    pub diverged: bool,
    /// Test loss, KL and pixel error, when the round measured them.
    pub evaluation: Option<AeEvaluation>,
    /// Codes of the first test digits, when the round measured them.
    pub points: Vec<[f32; 2]>,
    /// Their labels.
    pub labels: Vec<u8>,
}

/// The runs, one per β.
pub struct BetaRace {
    runs: Vec<AeRun>,
}

impl BetaRace {
    /// One VAE per `betas`, each as `settings` but for β.
    pub fn new(
        settings: &AeSettings,
        betas: &[f64],
        digits: &Rc<Digits>,
        device: &Device,
    ) -> Result<Self, Message> {
        if betas.is_empty() || betas.len() > MAX_BETAS {
            return Err(message!(
                "representations.msg.betas",
                "compare 1 to {max} values of β",
                max = MAX_BETAS
            ));
        }
        if settings.shape.kind != AeKind::Variational {
            return Err(message!(
                "representations.msg.betaVae",
                "β weighs the VAE's KL term: choose the VAE"
            ));
        }
        let runs = betas
            .iter()
            .map(|&beta| {
                AeRun::new(
                    AeSettings {
                        beta,
                        ..settings.clone()
                    },
                    digits.clone(),
                    device,
                )
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { runs })
    }

    /// Train every run that has not blown up `steps` steps; with `codes`
    /// above 0, measure each on the test digits and encode that many.
    pub async fn round(&mut self, steps: usize, codes: usize) -> Result<Vec<BetaRun>, Message> {
        let mut out = Vec::with_capacity(self.runs.len());
        for run in &mut self.runs {
            let slice = if run.diverged() || steps == 0 {
                Slice::default()
            } else {
                run.run(steps).await?
            };
            let loss = if slice.losses.is_empty() {
                f32::NAN
            } else {
                slice.losses.iter().sum::<f32>() / slice.losses.len() as f32
            };
            let (evaluation, points, labels) = if codes > 0 && !run.diverged() {
                let (points, labels, _) = run.codes(codes).await?;
                (Some(run.evaluate().await?), points, labels)
            } else {
                (None, Vec::new(), Vec::new())
            };
            out.push(BetaRun {
                beta: run.settings().beta,
                steps: run.steps as u32,
                loss,
                diverged: run.diverged(),
                evaluation,
                points,
                labels,
            });
        }
        Ok(out)
    }
}
