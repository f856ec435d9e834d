//! The Sequence lab's state in the engine: the Tang corpus (fetched once),
//! the runs of the current experiment (one network, or an RNN, an LSTM and
//! a GRU side by side in compare mode) and the requests that read them.
//!
//! Training works as in the Vision lab: each `sequenceTrain` request trains
//! for a bounded time, so pausing is the page not asking again; a request
//! uses the runs through their slot and a setup that replaced them
//! meanwhile wins. A run can be saved as a model file and a file read back
//! as the one run (`file.rs`); a refused file leaves the runs as they were.

use std::cell::RefCell;
use std::rc::Rc;

use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};

use super::cell::CellKind;
use super::file;
use super::inspect::{self, Gates, GradientFlow, GradientRun, MAX_PROBE_STEPS, MAX_TRACE_CHARS};
use super::net::CharNet;
use super::sample::{self, Sample, SampleConfig};
use super::train::{SequenceConfig, Trainer};
use crate::call::Call;
use crate::corpus::{Corpus, Library, TextSource};
use crate::host::Host;
use crate::lab::{Lab, Shared};
use crate::message;
use crate::model_file::ModelFile;
use crate::slice::{self, Slice};
use crate::slot::Slot;
use crate::wire::Message;
use crate::wire::{Cancelled, Outcome, RequestId};

/// What the page asks the Sequence lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SequenceRequest {
    /// Build the runs: one network, or all three recurrences when `compare`
    /// (fetching the Tang corpus on first use).
    #[serde(rename = "sequenceSetup")]
    Setup {
        source: TextSource,
        config: SequenceConfig,
        compare: bool,
    },
    /// Train every run for at most `steps` steps, sharing about `budget_ms`;
    /// with `evaluate`, also measure the held-out text.
    #[serde(rename = "sequenceTrain")]
    Train {
        steps: u32,
        budget_ms: f64,
        evaluate: bool,
    },
    /// Generate text with run `run`, streamed as `chunk` updates.
    #[serde(rename = "sequenceSample")]
    Sample { run: u32, sample: SampleConfig },
    /// ‖dLoss/dh_t‖ through `length` steps for each recurrence.
    #[serde(rename = "sequenceGradients")]
    Gradients { length: u32 },
    /// Every gate and state of run `run` along `text`.
    #[serde(rename = "sequenceGates")]
    Gates { run: u32, text: String },
    /// Run `run` as a model file.
    #[serde(rename = "sequenceExport")]
    Export { run: u32 },
    /// A model file as the one run (its settings, text, weights and
    /// steps); refused, keeping the current runs, unless it is a Sequence
    /// network's that fits its settings.
    #[serde(rename = "sequenceImport")]
    Import {
        #[serde(with = "crate::wire::bytes")]
        #[cfg_attr(test, ts(type = "Uint8Array"))]
        file: Vec<u8>,
    },
}

/// What the Sequence lab answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum SequenceReply {
    /// Answer to `sequenceSetup`.
    SequenceSetup(SequenceSetup),
    /// Answer to `sequenceTrain`.
    SequenceProgress(SequenceProgress),
    /// Answer to `sequenceSample`.
    Sample(Sample),
    /// Answer to `sequenceGradients`.
    GradientFlow(GradientFlow),
    /// Answer to `sequenceGates`.
    Gates(Gates),
    /// Answer to `sequenceExport`.
    SequenceFile(ModelFile),
    /// Answer to `sequenceImport`.
    SequenceImported(SequenceImported),
}

/// Answer to `sequenceImport`: what the file set up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SequenceImported {
    /// The run, as a setup describes it.
    pub setup: SequenceSetup,
    /// The settings it was trained with.
    pub config: SequenceConfig,
    /// The text it was trained on.
    pub source: TextSource,
    /// Steps it was trained.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
}

/// One run of an experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RunInfo {
    /// Recurrence.
    pub cell: CellKind,
    /// Trainable values.
    pub params: u32,
}

/// Answer to `sequenceSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SequenceSetup {
    /// The runs, in the order progress reports them.
    pub runs: Vec<RunInfo>,
    /// Vocabulary size.
    pub vocab: u32,
    /// Characters trained on.
    pub train_chars: u32,
    /// Characters held out.
    pub valid_chars: u32,
    /// Parallel streams per step (fewer than asked for short texts).
    pub streams: u32,
    /// Characters per step.
    pub chars_per_step: u32,
    /// What was changed on the way in.
    pub notices: Vec<Message>,
    /// A line of the text, for the gate view to start with.
    pub example: String,
}

/// One run's share of a `sequenceTrain` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RunProgress {
    /// Recurrence.
    pub cell: CellKind,
    /// Loss of each step taken (nats per character).
    pub losses: Vec<f32>,
    /// Steps since setup.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// The loss blew up; this run has stopped.
    pub diverged: bool,
    /// Held-out loss (nats per character), when asked for and available.
    pub valid_loss: Option<f32>,
}

/// Answer to `sequenceTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SequenceProgress {
    /// One per run.
    pub runs: Vec<RunProgress>,
    /// Characters trained on per second, all runs together.
    pub chars_per_second: f64,
}

/// Held-out characters measured per evaluation.
const VALID_CHARS: usize = 20_000;
/// Sequences in the gradient-through-time batch.
const PROBE_BATCH: usize = 16;

/// The runs of an experiment and the text they learn from.
struct Experiment {
    runs: Vec<Trainer>,
    source: TextSource,
}

/// The lab's state.
pub struct SequenceLab {
    library: Rc<Library>,
    runs: Slot<Experiment>,
    /// Freshly initialised networks of every recurrence, for comparison.
    fresh: RefCell<Vec<CharNet>>,
}

impl Lab for SequenceLab {
    type Request = SequenceRequest;
    type Reply = SequenceReply;
    const REPLIES: &'static [(&'static str, &'static str)] = &[
        ("sequenceSetup", "sequenceSetup"),
        ("sequenceTrain", "sequenceProgress"),
        ("sequenceSample", "sample"),
        ("sequenceGradients", "gradientFlow"),
        ("sequenceGates", "gates"),
        ("sequenceExport", "sequenceFile"),
        ("sequenceImport", "sequenceImported"),
    ];

    fn new(shared: &Shared) -> Self {
        Self {
            library: shared.library.clone(),
            runs: Slot::default(),
            fresh: RefCell::default(),
        }
    }

    async fn handle(
        &self,
        call: &Call<'_, impl Host>,
        request: SequenceRequest,
    ) -> Outcome<SequenceReply> {
        let (id, host) = (call.id, call.host);
        Ok(Ok(match request {
            SequenceRequest::Setup {
                source,
                config,
                compare,
            } => {
                let device = call.device()?;
                let setup = self
                    .setup(id, &source, config, compare, &device, host)
                    .await?;
                SequenceReply::SequenceSetup(setup)
            }
            SequenceRequest::Train {
                steps,
                budget_ms,
                evaluate,
            } => {
                let (steps, budget_ms) = slice::limits(steps, budget_ms);
                SequenceReply::SequenceProgress(self.train(steps, budget_ms, evaluate, host).await?)
            }
            SequenceRequest::Sample { run, sample } => {
                match self.sample(id, run, &sample, host).await? {
                    Ok(sample) => SequenceReply::Sample(sample),
                    Err(cancelled) => return Ok(Err(cancelled)),
                }
            }
            SequenceRequest::Gradients { length } => {
                SequenceReply::GradientFlow(self.gradients(length, host).await?)
            }
            SequenceRequest::Gates { run, text } => {
                SequenceReply::Gates(self.gates(run, &text, host).await?)
            }
            SequenceRequest::Export { run } => {
                let file = self
                    .runs
                    .with(host, async |e| {
                        let trainer = e
                            .runs
                            .get(run as usize)
                            .filter(|r| !r.diverged)
                            .ok_or_else(|| run_missing(run))?;
                        file::export(trainer, &e.source).await
                    })
                    .await?;
                SequenceReply::SequenceFile(ModelFile { file })
            }
            SequenceRequest::Import { file } => {
                let device = call.device()?;
                SequenceReply::SequenceImported(self.import(id, file, &device, host).await?)
            }
        }))
    }
}

impl SequenceLab {
    /// New runs for `config` on `source` (all three recurrences when
    /// `compare`), dropping the previous ones.
    async fn setup(
        &self,
        id: RequestId,
        source: &TextSource,
        config: SequenceConfig,
        compare: bool,
        device: &Device,
        host: &impl Host,
    ) -> Result<SequenceSetup, Message> {
        config.check()?;
        let ticket = self.runs.ticket();
        let corpus = self.library.corpus(id, source, host).await?;
        let kinds = if compare {
            CellKind::ALL.to_vec()
        } else {
            vec![config.cell]
        };
        let mut runs = Vec::new();
        for cell in kinds {
            let config = SequenceConfig {
                cell,
                ..config.clone()
            };
            runs.push(Trainer::new(config, corpus.clone(), device)?);
        }
        let setup = describe(&runs, &corpus);
        self.runs.install(
            ticket,
            Experiment {
                runs,
                source: source.clone(),
            },
        )?;
        *self.fresh.borrow_mut() = fresh_nets(&config, corpus.vocab_size(), device);
        Ok(setup)
    }

    /// The one run of model file `bytes` in place of the current runs,
    /// which stay when the file is refused.
    async fn import(
        &self,
        id: RequestId,
        bytes: Vec<u8>,
        device: &Device,
        host: &impl Host,
    ) -> Result<SequenceImported, Message> {
        let ticket = self.runs.ticket();
        let (meta, settings) = file::read(&bytes)?;
        let corpus = self.library.corpus(id, &settings.source, host).await?;
        let corpus = file::over_vocab(corpus, &settings.vocab)?;
        let run = Trainer::new(settings.config.clone(), corpus.clone(), device)?
            .with_weights(bytes, meta.steps)?;
        let runs = vec![run];
        let imported = SequenceImported {
            setup: describe(&runs, &corpus),
            config: settings.config.clone(),
            source: settings.source.clone(),
            steps: meta.steps,
        };
        self.runs.install(
            ticket,
            Experiment {
                runs,
                source: settings.source,
            },
        )?;
        *self.fresh.borrow_mut() = fresh_nets(&settings.config, corpus.vocab_size(), device);
        Ok(imported)
    }

    /// Train every run for at most `steps` steps, sharing about `budget_ms`.
    async fn train(
        &self,
        steps: usize,
        budget_ms: f64,
        evaluate: bool,
        host: &impl Host,
    ) -> Result<SequenceProgress, Message> {
        self.runs
            .with(host, async |e| {
                Self::train_all(&mut e.runs, steps, budget_ms, evaluate, host).await
            })
            .await
    }

    async fn train_all(
        runs: &mut [Trainer],
        steps: usize,
        budget_ms: f64,
        evaluate: bool,
        host: &impl Host,
    ) -> Result<SequenceProgress, Message> {
        let start = host.now_ms();
        // The costliest run (most gates) paces the others: compared curves
        // share their steps and the slice keeps its time.
        let slices = slice::paced(runs, steps, budget_ms, host).await?;
        let mut chars = 0usize;
        let mut report = Vec::with_capacity(runs.len());
        for (run, slice) in runs.iter().zip(slices) {
            chars += slice.losses.len() * run.chars_per_step();
            let Slice { losses, diverged } = slice;
            let valid_loss = if evaluate && !diverged {
                run.evaluate(VALID_CHARS).await?
            } else {
                None
            };
            report.push(RunProgress {
                cell: run.config().cell,
                losses,
                steps: run.steps,
                diverged,
                valid_loss,
            });
        }
        let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
        Ok(SequenceProgress {
            runs: report,
            chars_per_second: chars as f64 / seconds,
        })
    }

    /// A copy of run `run`'s weights (without autodiff), its corpus and
    /// device. Views need only a copy: the runs go back at once, so that
    /// training can go on meanwhile.
    async fn snapshot(
        &self,
        run: u32,
        host: &impl Host,
    ) -> Result<(CharNet, Rc<Corpus>, Device), Message> {
        self.runs
            .with(host, async |e| {
                e.runs
                    .get(run as usize)
                    .filter(|r| !r.diverged)
                    .map(|r| (r.model().valid(), r.corpus().clone(), r.device().inner()))
                    .ok_or_else(|| run_missing(run))
            })
            .await
    }

    /// Generate text with run `run`, streaming it.
    async fn sample(
        &self,
        id: RequestId,
        run: u32,
        config: &SampleConfig,
        host: &impl Host,
    ) -> Result<Result<Sample, Cancelled>, Message> {
        let (model, corpus, device) = self.snapshot(run, host).await?;
        sample::sample(id, &model, &corpus, config, &device, host).await
    }

    /// ‖dLoss/dh_t‖ through `length` steps for every recurrence: the
    /// trained run where there is one, a freshly initialised one otherwise,
    /// on the same windows of the training text.
    async fn gradients(&self, length: u32, host: &impl Host) -> Result<GradientFlow, Message> {
        self.runs
            .with(host, async |e| {
                self.gradients_with(&e.runs, length as usize).await
            })
            .await
    }

    async fn gradients_with(
        &self,
        runs: &[Trainer],
        length: usize,
    ) -> Result<GradientFlow, Message> {
        let first = runs.first().ok_or("no runs")?;
        let (corpus, device) = (first.corpus().clone(), first.device());
        let train = corpus.train_ids();
        let steps = length.clamp(2, MAX_PROBE_STEPS).min(train.len() - 1);
        let span = train.len() - (steps + 1);
        let mut ids = Vec::with_capacity(PROBE_BATCH * (steps + 1));
        for k in 0..PROBE_BATCH {
            let start = span * k / PROBE_BATCH;
            ids.extend(train[start..=start + steps].iter().map(|&i| i64::from(i)));
        }
        let ids =
            Tensor::<2, Int>::from_data(TensorData::new(ids, [PROBE_BATCH, steps + 1]), &device);
        let fresh = self.fresh.borrow().clone();
        let mut out = Vec::new();
        for (kind, fresh) in CellKind::ALL.iter().zip(&fresh) {
            let trained = runs.iter().find(|r| r.config().cell == *kind);
            let (model, steps_taken) = match trained {
                Some(r) => (r.model(), r.steps),
                None => (fresh, 0),
            };
            let norms = inspect::gradient_through_time(model, ids.clone(), &device).await?;
            out.push(GradientRun {
                cell: *kind,
                steps: steps_taken,
                norms,
            });
        }
        Ok(GradientFlow {
            runs: out,
            batch: PROBE_BATCH as u32,
        })
    }

    /// Every gate of run `run` along `text` (a line of the corpus when empty).
    async fn gates(&self, run: u32, text: &str, host: &impl Host) -> Result<Gates, Message> {
        let (model, corpus, device) = self.snapshot(run, host).await?;
        let text = if text.is_empty() {
            corpus.example_line(48)
        } else {
            text.to_owned()
        };
        let (mut ids, mut chars) = (Vec::new(), Vec::new());
        for c in text.chars().take(MAX_TRACE_CHARS) {
            if let Some(i) = corpus.id(c) {
                ids.push(i);
                chars.push(corpus.vocab[i as usize].to_string());
            }
        }
        if ids.is_empty() {
            return Err(message!(
                "sequence.msg.noKnownCharacters",
                "none of these characters is in the vocabulary"
            ));
        }
        inspect::gates(&model, &ids, chars, &device).await
    }
}

/// What the page is told of `runs` on `corpus`.
fn describe(runs: &[Trainer], corpus: &Corpus) -> SequenceSetup {
    let first = &runs[0];
    SequenceSetup {
        runs: runs
            .iter()
            .map(|r| RunInfo {
                cell: r.config().cell,
                params: r.params() as u32,
            })
            .collect(),
        vocab: corpus.vocab_size() as u32,
        train_chars: corpus.train as u32,
        valid_chars: corpus.valid_ids().len() as u32,
        streams: first.streams() as u32,
        chars_per_step: first.chars_per_step() as u32,
        notices: corpus.notices.clone(),
        example: corpus.example_line(48),
    }
}

/// A freshly initialised network of every recurrence for `config`'s other
/// knobs over `vocab` characters, for the gradient view to compare with.
fn fresh_nets(config: &SequenceConfig, vocab: usize, device: &Device) -> Vec<CharNet> {
    CellKind::ALL
        .iter()
        .map(|&cell| {
            device.seed(u64::from(config.seed));
            let shape = SequenceConfig {
                cell,
                ..config.clone()
            }
            .shape(vocab);
            CharNet::new(shape, 0.0, device)
        })
        .collect()
}

/// What asking for a missing or blown-up run is told.
fn run_missing(run: u32) -> Message {
    message!(
        "sequence.msg.runMissing",
        "run {run} is missing or diverged; reset it",
        run = run
    )
}
