//! The Concepts lab's front door: one experiment per section of the page
//! (gradient flow, dropout, L1 versus L2), each a few networks trained side
//! by side on one 2-D data set, plus the requests that need no state (the
//! optimizer race, the normalisation and dropout demos). The gradient-flow
//! network can be kept as a model file and read back ([`super::file`]).

use std::collections::HashMap;

use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::data::{DataConfig, Points};
use super::dropout::DropoutDemo;
use super::mlp::MlpConfig;
use super::norm::NormDemo;
use super::race::{Race, RaceConfig};
use super::train::{FitConfig, FitProgress, Trainer};
use crate::call::Call;
use crate::host::Host;
use crate::lab::{Lab, Shared};
use crate::message;
use crate::model_file::ModelFile;
use crate::slice;
use crate::slot::Slot;
use crate::wire::Message;
use crate::wire::Outcome;

/// What the page asks the Concepts lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ConceptsRequest {
    /// Build the networks of one experiment on a fresh data set.
    #[serde(rename = "conceptsSetup")]
    Setup {
        experiment: Experiment,
        data: DataConfig,
        runs: Vec<RunConfig>,
    },
    /// Train an experiment's networks for about `budget_ms`; with
    /// `details`, also send decision regions, activations and weights.
    #[serde(rename = "conceptsTrain")]
    Train {
        experiment: Experiment,
        budget_ms: f64,
        details: bool,
    },
    /// Race every optimizer on a 2-D surface.
    #[serde(rename = "conceptsRace")]
    Race { race: RaceConfig },
    /// BatchNorm and LayerNorm of a small batch of real activations.
    #[serde(rename = "conceptsNorm")]
    Norm {
        data: DataConfig,
        batch: u32,
        features: u32,
    },
    /// Dropout in training and evaluation mode.
    #[serde(rename = "conceptsDropout")]
    Dropout { p: f64, seed: u32 },
    /// An experiment's networks as they are, untrained further: what
    /// `conceptsTrain` with `details` reports, without its losses.
    #[serde(rename = "conceptsView")]
    View { experiment: Experiment },
    /// The gradient-flow network as a model file.
    #[serde(rename = "conceptsExport")]
    Export,
    /// A model file as the gradient-flow network, on its own data set;
    /// refused, keeping the current one, unless it is a gradient-flow
    /// network's that fits its settings.
    #[serde(rename = "conceptsImport")]
    Import {
        #[serde(with = "crate::wire::bytes")]
        #[cfg_attr(test, ts(type = "Uint8Array"))]
        file: Vec<u8>,
    },
}

/// What the Concepts lab answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum ConceptsReply {
    /// Answer to `conceptsSetup`.
    ConceptsSetup(ConceptsSetup),
    /// Answer to `conceptsTrain`.
    ConceptsProgress(ConceptsProgress),
    /// Answer to `conceptsRace`.
    Race(Race),
    /// Answer to `conceptsNorm`.
    NormDemo(NormDemo),
    /// Answer to `conceptsDropout`.
    DropoutDemo(DropoutDemo),
    /// Answer to `conceptsExport`.
    ConceptsFile(ModelFile),
    /// Answer to `conceptsImport`.
    ConceptsImported(ConceptsImported),
}

/// Answer to `conceptsImport`: what the file set up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConceptsImported {
    /// The data set it was trained on.
    pub data: DataConfig,
    /// The network and how it was trained.
    pub run: RunConfig,
    /// Steps it was trained.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// As a setup answers: its trainable values and the points.
    pub setup: ConceptsSetup,
}

/// The page's sections that train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Experiment {
    /// Gradient flow through a deep net.
    Flow,
    /// The same net with and without dropout.
    Dropout,
    /// The same net with L1 and with L2.
    Regularisation,
}

/// One network of an experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RunConfig {
    /// Its shape.
    pub net: MlpConfig,
    /// How it trains.
    pub fit: FitConfig,
}

/// Answer to `conceptsSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConceptsSetup {
    /// Trainable values of each run.
    pub params: Vec<u32>,
    /// The training points.
    pub train: Points,
    /// The test points.
    pub test: Points,
}

/// Answer to `conceptsTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConceptsProgress {
    /// One per run.
    pub runs: Vec<FitProgress>,
    /// Training steps per second, all runs together.
    pub steps_per_second: f64,
}

/// One experiment's networks and the data set they train on.
struct Runs {
    /// The data set's settings (the gradient-flow network's file holds them).
    data: DataConfig,
    /// One trainer per network.
    trainers: Vec<Trainer>,
}

/// The lab's state.
#[derive(Default)]
pub struct ConceptsLab {
    experiments: std::cell::RefCell<HashMap<Experiment, std::rc::Rc<Slot<Runs>>>>,
}

impl Lab for ConceptsLab {
    type Request = ConceptsRequest;
    type Reply = ConceptsReply;
    const REPLIES: &'static [(&'static str, &'static str)] = &[
        ("conceptsSetup", "conceptsSetup"),
        ("conceptsTrain", "conceptsProgress"),
        ("conceptsRace", "race"),
        ("conceptsNorm", "normDemo"),
        ("conceptsDropout", "dropoutDemo"),
        ("conceptsView", "conceptsProgress"),
        ("conceptsExport", "conceptsFile"),
        ("conceptsImport", "conceptsImported"),
    ];

    fn new(_shared: &Shared) -> Self {
        Self::default()
    }

    async fn handle(
        &self,
        call: &Call<'_, impl Host>,
        request: ConceptsRequest,
    ) -> Outcome<ConceptsReply> {
        let device = call.device()?;
        Ok(Ok(match request {
            ConceptsRequest::Setup {
                experiment,
                data,
                runs,
            } => ConceptsReply::ConceptsSetup(self.setup(experiment, &data, &runs, &device)?),
            ConceptsRequest::Train {
                experiment,
                budget_ms,
                details,
            } => {
                let budget_ms = slice::budget(budget_ms);
                let progress = self
                    .train(experiment, budget_ms, details, call.host)
                    .await?;
                ConceptsReply::ConceptsProgress(progress)
            }
            ConceptsRequest::Race { race } => {
                ConceptsReply::Race(super::race::race(&race, &device).await?)
            }
            ConceptsRequest::Norm {
                data,
                batch,
                features,
            } => {
                data.check()?;
                let (points, _) = data.make();
                let demo = super::norm::demo(
                    &points,
                    batch as usize,
                    features as usize,
                    u64::from(data.seed),
                    &device,
                )
                .await?;
                ConceptsReply::NormDemo(demo)
            }
            ConceptsRequest::Dropout { p, seed } => {
                ConceptsReply::DropoutDemo(super::dropout::demo(p, u64::from(seed), &device).await?)
            }
            ConceptsRequest::View { experiment } => {
                let progress = self
                    .slot(experiment)
                    .with(call.host, async |runs| {
                        let losses = vec![Vec::new(); runs.trainers.len()];
                        let report = report(&runs.trainers, losses, true).await?;
                        Ok(ConceptsProgress {
                            runs: report,
                            steps_per_second: 0.0,
                        })
                    })
                    .await?;
                ConceptsReply::ConceptsProgress(progress)
            }
            ConceptsRequest::Export => {
                let file = self
                    .slot(Experiment::Flow)
                    .with(call.host, async |runs| {
                        let trainer = runs.trainers.first().ok_or("no network")?;
                        super::file::export(&runs.data, trainer).await
                    })
                    .await?;
                ConceptsReply::ConceptsFile(ModelFile { file })
            }
            ConceptsRequest::Import { file } => {
                ConceptsReply::ConceptsImported(self.import(file, &device)?)
            }
        }))
    }
}

impl ConceptsLab {
    fn slot(&self, experiment: Experiment) -> std::rc::Rc<Slot<Runs>> {
        self.experiments
            .borrow_mut()
            .entry(experiment)
            .or_default()
            .clone()
    }

    /// New networks for `experiment`, dropping its previous ones.
    fn setup(
        &self,
        experiment: Experiment,
        data: &DataConfig,
        runs: &[RunConfig],
        device: &Device,
    ) -> Result<ConceptsSetup, Message> {
        data.check()?;
        if runs.is_empty() || runs.len() > 4 {
            return Err(message!(
                "concepts.msg.networks",
                "an experiment has 1 to 4 networks"
            ));
        }
        let (train, test) = data.make();
        let fitters = runs
            .iter()
            .map(|r| Trainer::new(&r.net, r.fit.clone(), train.clone(), test.clone(), device))
            .collect::<Result<Vec<_>, Message>>()?;
        let params = fitters.iter().map(|f| f.params() as u32).collect();
        self.slot(experiment).replace(Runs {
            data: data.clone(),
            trainers: fitters,
        });
        Ok(ConceptsSetup {
            params,
            train,
            test,
        })
    }

    /// The gradient-flow network of a model file in place of the current
    /// one, which is kept if the file is refused (nothing is replaced
    /// before the file is read in full).
    fn import(&self, bytes: Vec<u8>, device: &Device) -> Result<ConceptsImported, Message> {
        let (data, trainer) = super::file::import(bytes, device)?;
        let (train, test) = data.make();
        let imported = ConceptsImported {
            run: RunConfig {
                net: trainer.net().clone(),
                fit: trainer.config().clone(),
            },
            steps: trainer.steps,
            setup: ConceptsSetup {
                params: vec![trainer.params() as u32],
                train,
                test,
            },
            data: data.clone(),
        };
        self.slot(Experiment::Flow).replace(Runs {
            data,
            trainers: vec![trainer],
        });
        Ok(imported)
    }

    /// Train every run of `experiment` for about `budget_ms` in all, the
    /// same number of steps each.
    async fn train(
        &self,
        experiment: Experiment,
        budget_ms: f64,
        details: bool,
        host: &impl Host,
    ) -> Result<ConceptsProgress, Message> {
        self.slot(experiment)
            .with(host, async |runs| {
                train_all(&mut runs.trainers, budget_ms, details, host).await
            })
            .await
    }
}

async fn train_all(
    runs: &mut [Trainer],
    budget_ms: f64,
    details: bool,
    host: &impl Host,
) -> Result<ConceptsProgress, Message> {
    let start = host.now_ms();
    let losses: Vec<Vec<f32>> = slice::paced(runs, usize::MAX, budget_ms, host)
        .await?
        .into_iter()
        .map(|slice| slice.losses)
        .collect();
    let steps: usize = losses.iter().map(Vec::len).sum();
    let report = report(runs, losses, details).await?;
    let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
    Ok(ConceptsProgress {
        runs: report,
        steps_per_second: steps as f64 / seconds,
    })
}

/// Each run's progress after it took the steps whose `losses` are given:
/// its test loss and last gradient norms, and with `details` its insides.
async fn report(
    runs: &[Trainer],
    losses: Vec<Vec<f32>>,
    details: bool,
) -> Result<Vec<FitProgress>, Message> {
    let mut report = Vec::with_capacity(runs.len());
    for (run, losses) in runs.iter().zip(losses) {
        let test_loss = if run.diverged {
            f32::NAN
        } else {
            run.test_loss().await?
        };
        let details = if details && !run.diverged {
            Some(run.details().await?)
        } else {
            None
        };
        report.push(FitProgress {
            losses,
            steps: run.steps,
            test_loss,
            grad_norms: run.grad_norms().to_vec(),
            diverged: run.diverged,
            details,
        });
    }
    Ok(report)
}
