//! The Concepts lab's state in the engine: one experiment per section of
//! the page (gradient flow, dropout, L1 versus L2), each a few networks
//! trained side by side on one 2-D data set, plus the requests that need no
//! state (the optimizer race, the normalisation and dropout demos).

use std::collections::HashMap;

use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::data::{DataConfig, Points};
use super::mlp::MlpConfig;
use super::train::{FitConfig, FitProgress, Fitter};
use crate::host::Host;
use crate::slice::time_boxed;
use crate::slot::Slot;

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

/// The lab's state.
#[derive(Default)]
pub struct ConceptsLab {
    experiments: std::cell::RefCell<HashMap<Experiment, std::rc::Rc<Slot<Vec<Fitter>>>>>,
}

impl ConceptsLab {
    fn slot(&self, experiment: Experiment) -> std::rc::Rc<Slot<Vec<Fitter>>> {
        self.experiments
            .borrow_mut()
            .entry(experiment)
            .or_default()
            .clone()
    }

    /// New networks for `experiment`, dropping its previous ones.
    pub fn setup(
        &self,
        experiment: Experiment,
        data: &DataConfig,
        runs: &[RunConfig],
        device: &Device,
    ) -> Result<ConceptsSetup, String> {
        data.check()?;
        if runs.is_empty() || runs.len() > 4 {
            return Err("an experiment has 1 to 4 networks".into());
        }
        let (train, test) = data.make();
        let fitters = runs
            .iter()
            .map(|r| Fitter::new(&r.net, r.fit.clone(), train.clone(), test.clone(), device))
            .collect::<Result<Vec<_>, String>>()?;
        let params = fitters.iter().map(|f| f.params() as u32).collect();
        self.slot(experiment).replace(fitters);
        Ok(ConceptsSetup {
            params,
            train,
            test,
        })
    }

    /// Train every run of `experiment` for about `budget_ms` in all, the
    /// same number of steps each.
    pub async fn train(
        &self,
        experiment: Experiment,
        budget_ms: f64,
        details: bool,
        host: &impl Host,
    ) -> Result<ConceptsProgress, String> {
        let slot = self.slot(experiment);
        let (mut runs, generation) = slot.take(host).await?;
        let result = train_all(&mut runs, budget_ms, details, host).await;
        slot.give_back(runs, generation);
        result
    }
}

async fn train_all(
    runs: &mut [Fitter],
    budget_ms: f64,
    details: bool,
    host: &impl Host,
) -> Result<ConceptsProgress, String> {
    let start = host.now_ms();
    // The first run that can train takes as many steps as fit its share of
    // the budget; the others then take as many, so their curves share an
    // axis.
    let share = budget_ms / runs.len() as f64;
    let mut paced: Option<usize> = None;
    let mut losses: Vec<Vec<f32>> = Vec::with_capacity(runs.len());
    for run in runs.iter_mut() {
        if run.diverged {
            losses.push(Vec::new());
            continue;
        }
        let (steps, budget) = match paced {
            Some(steps) => (steps, None),
            None => (usize::MAX, Some(share)),
        };
        let slice = time_boxed(steps, budget, host, async |n| run.run(n).await).await?;
        paced.get_or_insert(slice.losses.len());
        losses.push(slice.losses);
    }
    let steps: usize = losses.iter().map(Vec::len).sum();
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
    let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
    Ok(ConceptsProgress {
        runs: report,
        steps_per_second: steps as f64 / seconds,
    })
}
