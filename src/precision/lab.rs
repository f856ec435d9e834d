//! The Precision lab's front door: its requests, its replies and its state
//! (the model being quantized, the PTQ-against-QAT runs and the
//! mixed-precision runs). Training comes in bounded rounds the page asks
//! for, as in the other labs.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use burn::module::Module;
use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::activations::{ActivationsView, activations, cnn_activations};
use super::formats::{Format, FormatInfo};
use super::grid::{Granularity, Scheme};
use super::half::{HalfView, half_matmul};
use super::mixed::{GradientCounts, HISTOGRAM_LOW, MixedRun, MixedSpec};
use super::qat::{Metric, QatRun};
use super::run::{RunSettings, check_held};
use super::speed::{SpeedView, speed};
use super::subject::{MatrixInfo, PrecisionModel, Quality, Subject};
use super::views::{FormatsView, LayerView, SteView, formats_view, layer_view, ste_view};
use crate::call::Call;
use crate::corpus::{Corpus, Library, TextSource};
use crate::host::Host;
use crate::lab::{Lab, Shared};
use crate::message;
use crate::models::bert::MiniLmCache;
use crate::models::cnn::arch::NetConfig;
use crate::models::cnn::dataset::{Digits, DigitsCache};
use crate::models::cnn::net::Cnn;
use crate::models::cnn::train::{TrainConfig, Trainer};
use crate::models::gpt::{DecoderShelf, Gpt, GptConfig, built};
use crate::slice::Trainer as _;
use crate::slot::Slot;
use crate::tokenize::cache::TokenizerCache;
use crate::wire::{Message, Outcome};

/// Most schemes in one table.
const MAX_SCHEMES: usize = 16;
/// Most steps the CNN is trained before it is quantized.
const MAX_CNN_STEPS: u32 = 3000;
/// Steps between two progress reports while it trains.
const CNN_CHUNK: u32 = 25;
/// Most runs of the mixed-precision experiment.
const MAX_MIXED_RUNS: usize = 6;

/// What the page asks the Precision lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum PrecisionRequest {
    /// fp32, fp16 and bf16 side by side, and `values` in each.
    #[serde(rename = "precisionFormats")]
    Formats { values: Vec<f64> },
    /// Load a model to quantize (on first use; the CNN is trained
    /// `cnn_steps` steps first) and list its matrices.
    #[serde(rename = "precisionLoad")]
    Load {
        model: PrecisionModel,
        cnn_steps: u32,
    },
    /// One matrix of the loaded model on the grid of `scheme`.
    #[serde(rename = "precisionLayer")]
    Layer { matrix: u32, scheme: Scheme },
    /// The loaded model with every matrix quantized by each scheme: bytes
    /// and quality (MiniLM measured on `sentences`).
    #[serde(rename = "precisionTable")]
    Table {
        schemes: Vec<Scheme>,
        sentences: Vec<String>,
        held: u32,
    },
    /// The loaded GPT's or CNN's activations calibrated on a few batches
    /// (site `site` drawn), and the model with int8 weights and activations
    /// (a GPT measured on `held` held-out characters, the CNN on its test
    /// digits).
    #[serde(rename = "precisionActivations")]
    Activations { site: u32, held: u32 },
    /// The loaded GPT's forward pass timed with f32 weights and with
    /// burn's own int8 weights, on the backend in use.
    #[serde(rename = "precisionSpeed")]
    Speed,
    /// A `size × size` product in fp16 against f32 on the device in use.
    #[serde(rename = "precisionHalf")]
    Half { size: u32 },
    /// round() on a grid of `bits` and its gradients.
    #[serde(rename = "precisionSte")]
    Ste { bits: u32 },
    /// From one GPT or the CNN (trained `cnn_steps` steps first): an f32
    /// run and QAT runs at int8 and int4.
    #[serde(rename = "precisionQatSetup")]
    QatSetup {
        model: PrecisionModel,
        symmetric: bool,
        granularity: Granularity,
        settings: RunSettings,
        cnn_steps: u32,
    },
    /// Train every PTQ/QAT run `steps` steps; with `evaluate`, measure them.
    #[serde(rename = "precisionQatTrain")]
    QatTrain { steps: u32, evaluate: bool },
    /// A fresh GPT on the Tang poems, one run per spec.
    #[serde(rename = "precisionMixedSetup")]
    MixedSetup {
        runs: Vec<MixedSpec>,
        settings: RunSettings,
    },
    /// Train every mixed-precision run `steps` steps; with `evaluate`,
    /// measure their held-out loss.
    #[serde(rename = "precisionMixedTrain")]
    MixedTrain { steps: u32, evaluate: bool },
}

/// What the Precision lab answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum PrecisionReply {
    /// Answer to `precisionFormats`.
    PrecisionFormats(FormatsView),
    /// Answer to `precisionLoad`.
    PrecisionLoaded(PrecisionLoaded),
    /// Answer to `precisionLayer`.
    PrecisionLayer(LayerView),
    /// Answer to `precisionTable`.
    PrecisionTable(PrecisionTable),
    /// Answer to `precisionActivations`.
    PrecisionActivations(ActivationsView),
    /// Answer to `precisionSpeed`.
    PrecisionSpeed(SpeedView),
    /// Answer to `precisionHalf`.
    PrecisionHalf(HalfView),
    /// Answer to `precisionSte`.
    PrecisionSte(SteView),
    /// Answer to `precisionQatSetup`.
    PrecisionQatSetup(QatSetup),
    /// Answer to `precisionQatTrain`.
    PrecisionQatProgress(QatProgress),
    /// Answer to `precisionMixedSetup`.
    PrecisionMixedSetup(MixedSetup),
    /// Answer to `precisionMixedTrain`.
    PrecisionMixedProgress(MixedProgress),
}

/// Answer to `precisionLoad`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PrecisionLoaded {
    /// Which model.
    pub model: PrecisionModel,
    /// Its matrices, in order.
    pub matrices: Vec<MatrixInfo>,
    /// Every value of the model.
    pub params: u32,
    /// Its bytes in f32.
    pub f32_bytes: f64,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TableRow {
    /// The scheme (none: f32).
    pub scheme: Option<Scheme>,
    /// The model's bytes with every matrix in it.
    pub bytes: f64,
    /// How far it is from f32.
    pub quality: Quality,
}

/// Answer to `precisionTable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PrecisionTable {
    /// Which model.
    pub model: PrecisionModel,
    /// f32 first, then each scheme in the order asked.
    pub rows: Vec<TableRow>,
}

/// Answer to `precisionQatSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct QatSetup {
    /// What the scores are.
    pub metric: Metric,
    /// The starting model's score in f32.
    pub f32_score: f64,
    /// The same after PTQ at int8, then int4.
    pub ptq_scores: Vec<f64>,
    /// The schemes: int8, then int4.
    pub schemes: Vec<Scheme>,
    /// Values that train.
    pub params: u32,
}

/// One PTQ/QAT run's round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct QatStep {
    /// Its scheme (none: the f32 run).
    pub scheme: Option<Scheme>,
    /// Loss of each step (nats per character).
    pub losses: Vec<f32>,
    /// Steps since setup.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// The loss blew up; this run has stopped.
    pub diverged: bool,
    /// Its score as the run reads its weights, when measured.
    pub score: Option<f64>,
    /// The f32 run's score after PTQ at int8, then int4, when measured.
    pub ptq_scores: Vec<f64>,
}

/// Answer to `precisionQatTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct QatProgress {
    /// The f32 run, then QAT int8, then QAT int4.
    pub runs: Vec<QatStep>,
}

/// Answer to `precisionMixedSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MixedSetup {
    /// The runs, in order.
    pub runs: Vec<MixedSpec>,
    /// The fresh model's values.
    pub params: u32,
    /// fp32, fp16, bf16.
    pub formats: Vec<FormatInfo>,
    /// log2 of the histogram's first bin.
    pub histogram_low: i32,
}

/// One mixed-precision run's round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MixedStep {
    /// Loss of each step (nats per character).
    pub losses: Vec<f32>,
    /// Steps since setup.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// The loss blew up; this run has stopped.
    pub diverged: bool,
    /// Steps skipped since setup (a dynamic scale after an overflow).
    pub skipped: u32,
    /// The loss scale now.
    pub scale: f64,
    /// This round's gradients.
    pub counts: GradientCounts,
    /// The last step's scaled gradients: counts of log2|g| in unit bins
    /// from `histogramLow`, then the count of zeros.
    pub histogram: Vec<u32>,
    /// Held-out bits per character, when measured.
    pub bits: Option<f64>,
}

/// Answer to `precisionMixedTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MixedProgress {
    /// Each run's round, in order.
    pub runs: Vec<MixedStep>,
}

/// The PTQ/QAT experiment.
struct QatExperiment {
    runs: Vec<QatRun>,
    schemes: Vec<Scheme>,
}

/// The lab's state.
pub struct PrecisionLab {
    library: Rc<Library>,
    decoders: Rc<DecoderShelf>,
    tokenizers: Rc<TokenizerCache>,
    minilm: Rc<MiniLmCache>,
    /// The built GPT on the training device, frozen, once fetched.
    built: RefCell<Option<Gpt>>,
    /// The digits, once fetched.
    digits: Rc<DigitsCache>,
    /// The CNN as last trained: its steps, the model (frozen, training
    /// device), its digits.
    cnn: RefCell<Option<(u32, Cnn, Rc<Digits>)>>,
    subject: RefCell<Option<(PrecisionModel, Rc<Subject>)>>,
    /// Loads begun: the latest one's model is the one kept.
    loads: Cell<u64>,
    qat: Slot<QatExperiment>,
    mixed: Slot<Vec<MixedRun>>,
}

impl Lab for PrecisionLab {
    type Request = PrecisionRequest;
    type Reply = PrecisionReply;
    const REPLIES: &'static [(&'static str, &'static str)] = &[
        ("precisionFormats", "precisionFormats"),
        ("precisionLoad", "precisionLoaded"),
        ("precisionLayer", "precisionLayer"),
        ("precisionTable", "precisionTable"),
        ("precisionActivations", "precisionActivations"),
        ("precisionSpeed", "precisionSpeed"),
        ("precisionHalf", "precisionHalf"),
        ("precisionSte", "precisionSte"),
        ("precisionQatSetup", "precisionQatSetup"),
        ("precisionQatTrain", "precisionQatProgress"),
        ("precisionMixedSetup", "precisionMixedSetup"),
        ("precisionMixedTrain", "precisionMixedProgress"),
    ];

    fn new(shared: &Shared) -> Self {
        Self {
            library: shared.library.clone(),
            decoders: shared.decoders.clone(),
            tokenizers: shared.tokenizers.clone(),
            minilm: shared.minilm.clone(),
            built: RefCell::default(),
            digits: shared.digits.clone(),
            cnn: RefCell::default(),
            subject: RefCell::default(),
            loads: Cell::new(0),
            qat: Slot::default(),
            mixed: Slot::default(),
        }
    }

    async fn handle(
        &self,
        call: &Call<'_, impl Host>,
        request: PrecisionRequest,
    ) -> Outcome<PrecisionReply> {
        let host = call.host;
        Ok(Ok(match request {
            PrecisionRequest::Formats { values } => {
                PrecisionReply::PrecisionFormats(formats_view(&values))
            }
            PrecisionRequest::Load { model, cnn_steps } => {
                let subject = self.subject(call, model, cnn_steps).await?;
                PrecisionReply::PrecisionLoaded(PrecisionLoaded {
                    model,
                    matrices: subject.infos(),
                    params: subject.params() as u32,
                    f32_bytes: subject.bytes(None),
                })
            }
            PrecisionRequest::Layer { matrix, scheme } => {
                let (_, subject) = self.loaded()?;
                let matrices = subject.matrices();
                let m = matrices.get(matrix as usize).ok_or_else(|| {
                    message!(
                        "precision.msg.noMatrix",
                        "the model has {count} matrices; there is no matrix {matrix}",
                        count = matrices.len(),
                        matrix = matrix + 1
                    )
                })?;
                PrecisionReply::PrecisionLayer(layer_view(m, scheme).await?)
            }
            PrecisionRequest::Table {
                schemes,
                sentences,
                held,
            } => {
                check_held(held)?;
                let held = held as usize;
                if schemes.len() > MAX_SCHEMES {
                    return Err(message!(
                        "precision.msg.schemes",
                        "at most {max} schemes at a time",
                        max = MAX_SCHEMES
                    ));
                }
                let (model, subject) = self.loaded()?;
                let count = schemes.len();
                let mut rows = vec![TableRow {
                    scheme: None,
                    bytes: subject.bytes(None),
                    quality: subject.quality(None, &sentences, held).await?,
                }];
                for (i, scheme) in schemes.into_iter().enumerate() {
                    host.emit(crate::wire::Update::Progress {
                        id: call.id,
                        stage: "schemes".into(),
                        loaded: (i + 1) as f64,
                        total: count as f64,
                    });
                    host.yield_now().await;
                    if host.is_cancelled(call.id) {
                        return Ok(Err(crate::wire::Cancelled));
                    }
                    rows.push(TableRow {
                        scheme: Some(scheme),
                        bytes: subject.bytes(Some(scheme)),
                        quality: subject.quality(Some(scheme), &sentences, held).await?,
                    });
                }
                PrecisionReply::PrecisionTable(PrecisionTable { model, rows })
            }
            PrecisionRequest::Activations { site, held } => {
                check_held(held)?;
                let (_, subject) = self.loaded()?;
                PrecisionReply::PrecisionActivations(match &*subject {
                    Subject::Gpt { model, corpus } => {
                        activations(model, corpus, site, held as usize).await?
                    }
                    Subject::Cnn { model, digits } => cnn_activations(model, digits, site).await?,
                    Subject::MiniLm(_) => {
                        return Err(message!(
                            "precision.msg.activationsModel",
                            "activations are calibrated on a GPT or the CNN here; load one"
                        ));
                    }
                })
            }
            PrecisionRequest::Speed => {
                let (_, subject) = self.loaded()?;
                let Subject::Gpt { model, corpus } = &*subject else {
                    return Err(message!(
                        "precision.msg.speedGpt",
                        "the int8 timing runs on a GPT; load one"
                    ));
                };
                PrecisionReply::PrecisionSpeed(speed(model, corpus.valid_ids(), host).await?)
            }
            PrecisionRequest::Half { size } => {
                let device = call.device()?.inner();
                PrecisionReply::PrecisionHalf(half_matmul(&device, size, host).await?)
            }
            PrecisionRequest::Ste { bits } => {
                PrecisionReply::PrecisionSte(ste_view(bits, &call.device()?).await?)
            }
            PrecisionRequest::QatSetup {
                model,
                symmetric,
                granularity,
                settings,
                cnn_steps,
            } => {
                settings.check()?;
                let device = call.device()?;
                let ticket = self.qat.ticket();
                let schemes: Vec<Scheme> = [8, 4]
                    .into_iter()
                    .map(|bits| Scheme {
                        bits,
                        symmetric,
                        granularity,
                    })
                    .collect();
                let choices = [None, Some(schemes[0]), Some(schemes[1])];
                let (runs, params) = if model == PrecisionModel::Cnn {
                    let (base, digits) = self.cnn(call, cnn_steps, &device).await?;
                    let runs = choices
                        .iter()
                        .map(|&s| QatRun::cnn(&base, s, digits.clone(), &settings, &device))
                        .collect::<Result<Vec<_>, _>>()?;
                    (runs, base.num_params())
                } else {
                    let (base, corpus) = self.decoder(call, model, &device).await?;
                    let runs = choices
                        .iter()
                        .map(|&s| QatRun::gpt(&base, s, corpus.clone(), &settings, &device))
                        .collect();
                    (runs, base.num_params())
                };
                let (f32_score, ptq_scores) = runs[0].measure(&schemes).await?;
                let metric = runs[0].metric();
                let params = params as u32;
                self.qat.install(
                    ticket,
                    QatExperiment {
                        runs,
                        schemes: schemes.clone(),
                    },
                )?;
                PrecisionReply::PrecisionQatSetup(QatSetup {
                    metric,
                    f32_score,
                    ptq_scores,
                    schemes,
                    params,
                })
            }
            PrecisionRequest::QatTrain { steps, evaluate } => {
                let (steps, _) = crate::slice::limits(steps, 0.0);
                let runs = self
                    .qat
                    .with(host, async |e| {
                        let mut out = Vec::with_capacity(e.runs.len());
                        for run in &mut e.runs {
                            let slice = if run.diverged() {
                                crate::slice::Slice {
                                    losses: Vec::new(),
                                    diverged: true,
                                }
                            } else {
                                run.run(steps).await?
                            };
                            let (score, ptq_scores) = if evaluate && !slice.diverged {
                                let (b, p) = run.measure(&e.schemes).await?;
                                (Some(b), p)
                            } else {
                                (None, Vec::new())
                            };
                            out.push(QatStep {
                                scheme: run.scheme,
                                losses: slice.losses,
                                steps: run.taken(),
                                diverged: slice.diverged,
                                score,
                                ptq_scores,
                            });
                            host.yield_now().await;
                        }
                        Ok(out)
                    })
                    .await?;
                PrecisionReply::PrecisionQatProgress(QatProgress { runs })
            }
            PrecisionRequest::MixedSetup { runs, settings } => {
                settings.check()?;
                for spec in &runs {
                    spec.scaling.check()?;
                }
                if runs.is_empty() || runs.len() > MAX_MIXED_RUNS {
                    return Err(message!(
                        "precision.msg.mixedRuns",
                        "choose 1 to {max} runs",
                        max = MAX_MIXED_RUNS
                    ));
                }
                let device = call.device()?;
                let ticket = self.mixed.ticket();
                let corpus = self
                    .library
                    .corpus(call.id, &TextSource::Tang, host)
                    .await?;
                device.seed(u64::from(settings.seed));
                let model = mixed_model(corpus.vocab_size()).init(&device);
                let params = model.num_params() as u32;
                let trained: Vec<MixedRun> = runs
                    .iter()
                    .map(|&spec| {
                        MixedRun::new(model.clone(), spec, corpus.clone(), &settings, &device)
                    })
                    .collect();
                self.mixed.install(ticket, trained)?;
                PrecisionReply::PrecisionMixedSetup(MixedSetup {
                    runs,
                    params,
                    formats: Format::ALL.iter().map(|f| f.info()).collect(),
                    histogram_low: HISTOGRAM_LOW,
                })
            }
            PrecisionRequest::MixedTrain { steps, evaluate } => {
                let (steps, _) = crate::slice::limits(steps, 0.0);
                let runs = self
                    .mixed
                    .with(host, async |runs| {
                        let mut out = Vec::with_capacity(runs.len());
                        for run in runs.iter_mut() {
                            let slice = if run.diverged() {
                                crate::slice::Slice {
                                    losses: Vec::new(),
                                    diverged: true,
                                }
                            } else {
                                run.run(steps).await?
                            };
                            let (counts, histogram) = run.round().await?;
                            let bits = if evaluate && !slice.diverged {
                                Some(run.bits().await?)
                            } else {
                                None
                            };
                            out.push(MixedStep {
                                losses: slice.losses,
                                steps: run.taken(),
                                diverged: slice.diverged,
                                skipped: run.skipped,
                                scale: run.scale(),
                                counts,
                                histogram,
                                bits,
                            });
                            host.yield_now().await;
                        }
                        Ok(out)
                    })
                    .await?;
                PrecisionReply::PrecisionMixedProgress(MixedProgress { runs })
            }
        }))
    }
}

/// The fresh GPT the mixed-precision runs train: small enough that five
/// train side by side in the page.
fn mixed_model(vocab: usize) -> GptConfig {
    GptConfig::new(vocab)
        .with_context(32)
        .with_d_model(64)
        .with_n_heads(4)
        .with_n_layers(2)
}

impl PrecisionLab {
    /// The loaded model.
    fn loaded(&self) -> Result<(PrecisionModel, Rc<Subject>), Message> {
        self.subject
            .borrow()
            .clone()
            .ok_or_else(|| message!("precision.msg.loadFirst", "load a model first"))
    }

    /// `model`, loaded on first use. The model loaded is the one the
    /// latest load asked for: a load that finishes after a later one began
    /// is dropped, and a load that fails leaves no model, so no view reads
    /// a model the page no longer shows.
    async fn subject(
        &self,
        call: &Call<'_, impl Host>,
        model: PrecisionModel,
        cnn_steps: u32,
    ) -> Result<Rc<Subject>, Message> {
        if let Some((m, s)) = self.subject.borrow().clone()
            && m == model
            && model != PrecisionModel::GptLab
            && model != PrecisionModel::Cnn
        {
            return Ok(s);
        }
        let ticket = self.loads.get() + 1;
        self.loads.set(ticket);
        *self.subject.borrow_mut() = None;
        let device = call.device()?;
        let subject = Rc::new(match model {
            PrecisionModel::MiniLm => {
                let (m, _) = self
                    .minilm
                    .get(call.id, &device, &self.tokenizers, call.host)
                    .await?;
                Subject::MiniLm(m)
            }
            PrecisionModel::Cnn => {
                let (model, digits) = self.cnn(call, cnn_steps, &device).await?;
                Subject::Cnn {
                    model: model.valid(),
                    digits,
                }
            }
            gpt => {
                let (model, corpus) = self.decoder(call, gpt, &device).await?;
                Subject::Gpt {
                    model: model.valid(),
                    corpus,
                }
            }
        });
        if ticket != self.loads.get() {
            return Err(message!("engine.replaced", "replaced by a newer setup"));
        }
        *self.subject.borrow_mut() = Some((model, subject.clone()));
        Ok(subject)
    }

    /// The Vision lab's default CNN trained `steps` steps on the digits
    /// (frozen, on the training device; kept for the next ask of as many
    /// steps), and the digits.
    async fn cnn(
        &self,
        call: &Call<'_, impl Host>,
        steps: u32,
        device: &Device,
    ) -> Result<(Cnn, Rc<Digits>), Message> {
        if !(1..=MAX_CNN_STEPS).contains(&steps) {
            return Err(message!(
                "precision.msg.cnnSteps",
                "train the CNN 1 to {max} steps",
                max = MAX_CNN_STEPS
            ));
        }
        if let Some((s, model, digits)) = self.cnn.borrow().clone()
            && s == steps
        {
            return Ok((model, digits));
        }
        let host = call.host;
        let digits = self.digits.get(call.id, host).await?;
        let mut trainer = Trainer::new(
            &NetConfig::default(),
            TrainConfig::default(),
            digits.clone(),
            device,
        )?;
        let mut done = 0;
        while done < steps {
            let chunk = (steps - done).min(CNN_CHUNK);
            if trainer.run(chunk as usize).await?.diverged {
                return Err(crate::slice::diverged());
            }
            done += chunk;
            host.emit(crate::wire::Update::Progress {
                id: call.id,
                stage: "training".into(),
                loaded: f64::from(done),
                total: f64::from(steps),
            });
            host.yield_now().await;
        }
        let model = trainer.model().clone().no_grad();
        *self.cnn.borrow_mut() = Some((steps, model.clone(), digits.clone()));
        Ok((model, digits))
    }

    /// A GPT (frozen, on the training device) and its text.
    async fn decoder(
        &self,
        call: &Call<'_, impl Host>,
        model: PrecisionModel,
        device: &Device,
    ) -> Result<(Gpt, Rc<Corpus>), Message> {
        match model {
            PrecisionModel::GptLab => {
                let shared = self.decoders.get().ok_or_else(|| {
                    message!(
                        "precision.msg.noSharedGpt",
                        "no GPT has been shared yet: train one in the GPT lab and press its “Share with the LoRA and Precision labs”"
                    )
                })?;
                Ok((shared.model.no_grad(), shared.corpus))
            }
            PrecisionModel::BuiltGpt => {
                let corpus = self
                    .library
                    .corpus(call.id, &TextSource::Tang, call.host)
                    .await?;
                if let Some(m) = self.built.borrow().clone() {
                    return Ok((m, corpus));
                }
                let (card, model) = built::fetch(call.host, call.id, device).await?;
                if corpus.vocab != card.chars() {
                    return Err(message!(
                        "lora.msg.baseVocabulary",
                        "the base model's vocabulary is not the Tang corpus's; rebuild the assets"
                    ));
                }
                *self.built.borrow_mut() = Some(model.clone());
                Ok((model, corpus))
            }
            PrecisionModel::MiniLm | PrecisionModel::Cnn => {
                Err(message!("precision.msg.notDecoder", "this needs a GPT"))
            }
        }
    }
}
