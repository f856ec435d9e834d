//! The LoRA lab's front door: its requests, its replies and its state (the
//! base GPT pretrained on the Tang poems, and the runs adapting it to a new
//! style side by side). As in the other labs, training comes in bounded
//! rounds the page asks for; the views read copies of the models.

use std::cell::RefCell;
use std::rc::Rc;

use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::adapter_file::{self, AdapterSpec};
use super::config::LoraSettings;
use super::run::Adaptation;
use super::spectrum::singular_values;
use crate::call::Call;
use crate::corpus::{Corpus, Library, TextSource};
use crate::host::Host;
use crate::lab::{Lab, Shared};
use crate::message;
use crate::models::gpt::{DecoderShelf, Gpt, LoraTarget, built};
use crate::readback::read_f32;
use crate::rng::Rng;
use crate::sampling::{filter, scores};
use crate::slice::Trainer as _;
use crate::slot::Slot;
use crate::wire::{Message, Outcome};

/// The Song ci (宋词) built at build time, one ci per line.
pub const SONG_CI_ASSET: &str = "data/lora/songci.txt";
/// Characters of the target text used.
const MAX_TARGET_CHARS: usize = 500_000;
/// Longest sample.
const MAX_WRITE: u32 = 400;

/// The text to adapt to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LoraText {
    /// Song ci: long and short lines set to tunes, unlike the quatrains.
    SongCi,
    /// The learner's own text.
    Text {
        /// The text itself.
        text: String,
    },
}

/// Which model is adapted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum LoraBase {
    /// The GPT pretrained on the Tang poems when the page was built.
    Built,
    /// The learner's own GPT, handed over by the GPT lab.
    GptLab,
}

/// What the page asks the LoRA lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum LoraRequest {
    /// Load the base (the built one on first use, or the one the GPT lab
    /// shared) and set up one run per spec on `target`.
    #[serde(rename = "loraSetup")]
    Setup {
        base: LoraBase,
        target: LoraText,
        settings: LoraSettings,
    },
    /// Train every run `steps` steps; with `evaluate`, measure each one's
    /// held-out loss on the target text and on the base's corpus.
    #[serde(rename = "loraTrain")]
    Train { steps: u32, evaluate: bool },
    /// Write `length` characters after `prompt` with run `run` (none: the base).
    #[serde(rename = "loraSample")]
    Sample {
        run: Option<u32>,
        prompt: String,
        length: u32,
        temperature: f64,
        seed: u32,
    },
    /// The singular values of run `run`'s update of one matrix, beside the
    /// full fine-tune's for the same matrix when there is one.
    #[serde(rename = "loraInside")]
    Inside {
        run: u32,
        layer: u32,
        target: LoraTarget,
    },
    /// Fold run `run`'s adapters into the weights and compare.
    #[serde(rename = "loraMerge")]
    Merge { run: u32 },
    /// Run `run`'s adapters alone, as a safetensors file.
    #[serde(rename = "loraExport")]
    Export { run: u32 },
    /// Attach the adapters of a file to the base as a new run; with
    /// `compare`, measure the new run's scores against that run's.
    #[serde(rename = "loraImport")]
    Import {
        #[serde(with = "crate::wire::bytes")]
        #[cfg_attr(test, ts(type = "Uint8Array"))]
        file: Vec<u8>,
        compare: Option<u32>,
    },
}

/// What the LoRA lab answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum LoraReply {
    /// Answer to `loraSetup`.
    LoraSetup(LoraSetup),
    /// Answer to `loraTrain`.
    LoraProgress(LoraProgress),
    /// Answer to `loraSample`.
    LoraSample(LoraWritten),
    /// Answer to `loraInside`.
    LoraInside(LoraInside),
    /// Answer to `loraMerge`.
    LoraMerge(LoraMerge),
    /// Answer to `loraExport`.
    LoraExport(LoraExport),
    /// Answer to `loraImport`.
    LoraImport(LoraImported),
}

/// Answer to `loraExport`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraExport {
    /// The file.
    #[serde(with = "crate::wire::bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub file: Vec<u8>,
    /// Its rank.
    pub rank: u32,
    /// Bytes of the base model's weights at f32, to set the file beside.
    pub base_bytes: f64,
}

/// Answer to `loraImport`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraImported {
    /// The new run's index.
    pub run: u32,
    /// The file's rank.
    pub rank: u32,
    /// The file's α.
    pub alpha: f64,
    /// The matrices it adapts.
    pub targets: Vec<LoraTarget>,
    /// The largest difference of the new run's scores from the compared
    /// run's, when one was named.
    pub max_difference: Option<f64>,
}

/// The base model, as the build made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BaseInfo {
    /// Which base.
    pub source: LoraBase,
    /// Trainable values of the base.
    pub params: u32,
    /// Vocabulary size.
    pub vocab: u32,
    /// Blocks.
    pub layers: u32,
    /// Model width.
    pub width: u32,
    /// Context it was trained at.
    pub context: u32,
    /// Steps it was pretrained for.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// Seconds that took on the build machine (the built base).
    pub train_seconds: Option<f64>,
    /// Its held-out bits per character on its text at the end (the built base).
    pub held_out_bits_per_char: Option<f64>,
}

/// One run as set up: what trains and what training it costs in memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraRunInfo {
    /// Rank (0: full fine-tuning).
    pub rank: u32,
    /// Values that train.
    pub trainable: u32,
    /// Every value of the model (base and adapters).
    pub total: u32,
    /// Bytes of all weights at f32.
    pub weight_bytes: f64,
    /// Bytes of the gradients (one per trainable value).
    pub gradient_bytes: f64,
    /// Bytes of AdamW's two moments per trainable value.
    pub optimizer_bytes: f64,
}

/// Answer to `loraSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraSetup {
    /// The base.
    pub base: BaseInfo,
    /// Each run, in order.
    pub runs: Vec<LoraRunInfo>,
    /// Target characters trained on.
    pub target_train: u32,
    /// Target characters held out.
    pub target_valid: u32,
    /// The base's held-out loss (nats) on the target text, before any step.
    pub base_on_target: Option<f32>,
    /// The base's held-out loss (nats) on its own corpus.
    pub base_on_base: Option<f32>,
    /// What was changed on the way in.
    pub notices: Vec<Message>,
}

/// One run's round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraStep {
    /// Loss of each step (nats per character).
    pub losses: Vec<f32>,
    /// Steps since setup.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// The loss blew up; this run has stopped.
    pub diverged: bool,
    /// Held-out loss on the target text, when measured.
    pub target_loss: Option<f32>,
    /// Held-out loss on the base's corpus, when measured.
    pub base_loss: Option<f32>,
    /// Characters trained on per second in this round.
    pub tokens_per_second: f64,
}

/// Answer to `loraTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraProgress {
    /// Each run's round, in order.
    pub runs: Vec<LoraStep>,
}

/// Answer to `loraSample`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraWritten {
    /// The prompt and what was written.
    pub text: String,
}

/// Answer to `loraInside`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraInside {
    /// The run's rank (0: full fine-tuning).
    pub rank: u32,
    /// Singular values of the run's ΔW, largest first.
    pub values: Vec<f64>,
    /// Those of the full fine-tune's ΔW for the same matrix, when a run is one.
    pub full: Option<Vec<f64>>,
}

/// Answer to `loraMerge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraMerge {
    /// The largest difference between the merged and the adapter model's scores.
    pub max_difference: f64,
    /// Milliseconds of a forward pass with the adapters.
    pub adapter_ms: f64,
    /// Milliseconds of the same pass merged.
    pub merged_ms: f64,
    /// Tokens in that pass.
    pub tokens: u32,
}

/// A base to adapt.
struct Base {
    /// What adapter files name it.
    name: &'static str,
    /// What the page shows of it.
    info: BaseInfo,
    /// Its vocabulary: the character of each id.
    vocab: Vec<char>,
    /// Frozen, on the training (autodiff) device.
    model: Gpt,
    /// The text it learned, for what the runs forget.
    tang: Rc<Corpus>,
}

/// The runs of the current experiment.
struct Experiment {
    runs: Vec<Adaptation>,
    target: Rc<Corpus>,
    base: Rc<Base>,
    /// Held-out characters measured per corpus per run.
    held: usize,
}

/// The lab's state.
pub struct LoraLab {
    library: Rc<Library>,
    decoders: Rc<DecoderShelf>,
    base: RefCell<Option<Rc<Base>>>,
    song_ci: RefCell<Option<Rc<String>>>,
    experiment: Slot<Experiment>,
}

impl Lab for LoraLab {
    type Request = LoraRequest;
    type Reply = LoraReply;
    const REPLIES: &'static [(&'static str, &'static str)] = &[
        ("loraSetup", "loraSetup"),
        ("loraTrain", "loraProgress"),
        ("loraSample", "loraSample"),
        ("loraInside", "loraInside"),
        ("loraMerge", "loraMerge"),
        ("loraExport", "loraExport"),
        ("loraImport", "loraImport"),
    ];

    fn new(shared: &Shared) -> Self {
        Self {
            library: shared.library.clone(),
            decoders: shared.decoders.clone(),
            base: RefCell::default(),
            song_ci: RefCell::default(),
            experiment: Slot::default(),
        }
    }

    async fn handle(&self, call: &Call<'_, impl Host>, request: LoraRequest) -> Outcome<LoraReply> {
        let host = call.host;
        Ok(Ok(match request {
            LoraRequest::Setup {
                base,
                target,
                settings,
            } => {
                settings.check()?;
                let device = call.device()?;
                let ticket = self.experiment.ticket();
                let base = match base {
                    LoraBase::Built => self.base(call, &device).await?,
                    LoraBase::GptLab => self.shared_base()?,
                };
                let text = match &target {
                    LoraText::SongCi => self.song_ci(call).await?,
                    LoraText::Text { text } => Rc::new(text.clone()),
                };
                let target = Rc::new(Corpus::over(&text, &base.vocab, MAX_TARGET_CHARS)?);
                let context = base.model.context();
                if target.train_ids().len() < context + 1 {
                    return Err(message!(
                        "lora.msg.textTooShort",
                        "the text has {have} characters the model knows; adapting needs at least {need}",
                        have = target.train_ids().len(),
                        need = context + 1
                    ));
                }
                let runs: Vec<Adaptation> = settings
                    .runs
                    .iter()
                    .map(|spec| {
                        Adaptation::new(
                            &base.model,
                            spec.clone(),
                            &settings,
                            target.clone(),
                            &device,
                        )
                    })
                    .collect();
                let total_base = base.model.num_params();
                let info = runs
                    .iter()
                    .map(|r| {
                        let total = if r.spec.rank == 0 {
                            total_base
                        } else {
                            total_base + r.trainable
                        };
                        LoraRunInfo {
                            rank: r.spec.rank,
                            trainable: r.trainable as u32,
                            total: total as u32,
                            weight_bytes: 4.0 * total as f64,
                            gradient_bytes: 4.0 * r.trainable as f64,
                            optimizer_bytes: 8.0 * r.trainable as f64,
                        }
                    })
                    .collect();
                let first = &runs[0];
                let held = settings.held_out as usize;
                let base_on_target = first.evaluate(target.valid_ids(), held).await?;
                let base_on_base = first.evaluate(base.tang.valid_ids(), held).await?;
                let setup = LoraSetup {
                    base: base.info.clone(),
                    runs: info,
                    target_train: target.train_ids().len() as u32,
                    target_valid: target.valid_ids().len() as u32,
                    base_on_target,
                    base_on_base,
                    notices: target.notices.clone(),
                };
                self.experiment.install(
                    ticket,
                    Experiment {
                        runs,
                        target,
                        base,
                        held,
                    },
                )?;
                LoraReply::LoraSetup(setup)
            }
            LoraRequest::Train { steps, evaluate } => {
                let (steps, _) = crate::slice::limits(steps, 0.0);
                let runs = self
                    .experiment
                    .with(host, async |e| {
                        let mut out = Vec::with_capacity(e.runs.len());
                        for run in &mut e.runs {
                            if run.diverged {
                                out.push(LoraStep {
                                    losses: Vec::new(),
                                    steps: run.steps,
                                    diverged: true,
                                    target_loss: None,
                                    base_loss: None,
                                    tokens_per_second: 0.0,
                                });
                                continue;
                            }
                            let start = host.now_ms();
                            let slice = run.run(steps).await?;
                            let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
                            let trained = slice.losses.len() * run.tokens_per_step();
                            let (target_loss, base_loss) = if evaluate && !slice.diverged {
                                (
                                    run.evaluate(e.target.valid_ids(), e.held).await?,
                                    run.evaluate(e.base.tang.valid_ids(), e.held).await?,
                                )
                            } else {
                                (None, None)
                            };
                            out.push(LoraStep {
                                losses: slice.losses,
                                steps: run.steps,
                                diverged: slice.diverged,
                                target_loss,
                                base_loss,
                                tokens_per_second: trained as f64 / seconds,
                            });
                            host.yield_now().await;
                        }
                        Ok(out)
                    })
                    .await?;
                LoraReply::LoraProgress(LoraProgress { runs })
            }
            LoraRequest::Sample {
                run,
                prompt,
                length,
                temperature,
                seed,
            } => {
                let (model, base) = self.model(host, run).await?;
                let device = call.device()?.inner();
                let tang = &base.tang;
                let mut ids: Vec<u32> = prompt.chars().filter_map(|c| tang.id(c)).collect();
                let given = ids.len();
                if ids.is_empty() {
                    ids.extend(tang.id('\n'));
                }
                let mut rng = Rng::new(u64::from(seed));
                for _ in 0..length.min(MAX_WRITE) {
                    let logits = scores(&model, &ids, &device).await?;
                    ids.push(filter(&logits, temperature, 0, 1.0).draw(&mut rng) as u32);
                }
                let skip = if given == 0 { 1 } else { 0 };
                LoraReply::LoraSample(LoraWritten {
                    text: tang.decode(&ids[skip..]),
                })
            }
            LoraRequest::Inside { run, layer, target } => {
                let inside = self
                    .experiment
                    .with(host, async |e| {
                        inside(e, run as usize, layer as usize, target).await
                    })
                    .await?;
                LoraReply::LoraInside(inside)
            }
            LoraRequest::Merge { run } => {
                let (model, base) = self.model(host, Some(run)).await?;
                let device = call.device()?.inner();
                let merged = model.clone().materialize();
                let context = model.context();
                let valid = base.tang.valid_ids();
                let n = 4.min((valid.len().saturating_sub(1)) / context).max(1);
                let window: Vec<i64> = valid
                    .iter()
                    .take(n * context)
                    .map(|&i| i64::from(i))
                    .collect();
                let n = window.len() / context;
                let input = Tensor::<2, Int>::from_data(
                    TensorData::new(window[..n * context].to_vec(), [n, context]),
                    &device,
                );
                let time = async |m: &Gpt| -> Result<(Vec<f32>, f64), Message> {
                    let mut best = f64::INFINITY;
                    let mut out = Vec::new();
                    for _ in 0..3 {
                        let start = host.now_ms();
                        let logits = m.forward(input.clone()).logits;
                        out = read_f32(Transaction::default().register(logits), "the scores")
                            .await?
                            .pop()
                            .unwrap_or_default();
                        best = best.min(host.now_ms() - start);
                    }
                    Ok((out, best))
                };
                let (a, adapter_ms) = time(&model).await?;
                let (b, merged_ms) = time(&merged).await?;
                let max_difference = a
                    .iter()
                    .zip(&b)
                    .map(|(x, y)| f64::from((x - y).abs()))
                    .fold(0.0, crate::reference::worst);
                LoraReply::LoraMerge(LoraMerge {
                    max_difference,
                    adapter_ms,
                    merged_ms,
                    tokens: (n * context) as u32,
                })
            }
            LoraRequest::Export { run } => {
                let (model, base) = self.model(host, Some(run)).await?;
                let spec = self
                    .experiment
                    .with(host, async |e| {
                        Ok(e.runs.get(run as usize).map(|r| r.spec.clone()))
                    })
                    .await?
                    .ok_or_else(|| no_run(run, 0))?;
                if spec.rank == 0 {
                    return Err(message!(
                        "lora.msg.exportFull",
                        "full fine-tuning has no adapters to export: its update is the whole model"
                    ));
                }
                let file = adapter_file::write(
                    base.name,
                    &model,
                    &AdapterSpec {
                        rank: spec.rank as usize,
                        alpha: spec.alpha,
                        targets: spec.targets.clone(),
                    },
                )
                .await?;
                LoraReply::LoraExport(LoraExport {
                    file,
                    rank: spec.rank,
                    base_bytes: 4.0 * base.model.num_params() as f64,
                })
            }
            LoraRequest::Import { file, compare } => {
                let device = call.device()?;
                let imported = self
                    .experiment
                    .with(host, async |e| {
                        let (model, spec) = adapter_file::read(e.base.name, &e.base.model, file)?;
                        let run = Adaptation::adopt(
                            model,
                            spec.clone(),
                            e.target.clone(),
                            e.runs.first(),
                            &device,
                        );
                        e.runs.push(run);
                        Ok(spec)
                    })
                    .await?;
                let index = self
                    .experiment
                    .with(host, async |e| Ok(e.runs.len() as u32 - 1))
                    .await?;
                let max_difference = match compare {
                    Some(other) => Some(self.difference(host, call, index, other).await?),
                    None => None,
                };
                LoraReply::LoraImport(LoraImported {
                    run: index,
                    rank: imported.rank as u32,
                    alpha: imported.alpha,
                    targets: imported.targets,
                    max_difference,
                })
            }
        }))
    }
}

impl LoraLab {
    /// The base, fetched and loaded on first use.
    async fn base(&self, call: &Call<'_, impl Host>, device: &Device) -> Result<Rc<Base>, Message> {
        if let Some(b) = self.base.borrow().clone() {
            return Ok(b);
        }
        let host = call.host;
        let (card, model) = built::fetch(host, call.id, device).await?;
        let tang = self
            .library
            .corpus(call.id, &TextSource::Tang, host)
            .await?;
        if tang.vocab != card.chars() {
            return Err(message!(
                "lora.msg.baseVocabulary",
                "the base model's vocabulary is not the Tang corpus's; rebuild the assets"
            ));
        }
        let info = BaseInfo {
            source: LoraBase::Built,
            params: model.num_params() as u32,
            vocab: tang.vocab.len() as u32,
            layers: card.config.n_layers as u32,
            width: card.config.d_model as u32,
            context: model.context() as u32,
            steps: card.steps,
            train_seconds: Some(card.train_seconds),
            held_out_bits_per_char: Some(card.held_out_bits_per_char),
        };
        let base = Rc::new(Base {
            name: adapter_file::BASE_NAME,
            info,
            vocab: card.chars(),
            model,
            tang,
        });
        *self.base.borrow_mut() = Some(base.clone());
        Ok(base)
    }

    /// The model the GPT lab shared, frozen.
    fn shared_base(&self) -> Result<Rc<Base>, Message> {
        let shared = self.decoders.get().ok_or_else(|| {
            message!(
                "lora.msg.noSharedGpt",
                "no GPT has been shared yet: train one in the GPT lab and press its “Share with the LoRA and Precision labs”"
            )
        })?;
        let model = shared.model.no_grad();
        let c = model
            .blocks
            .first()
            .map(|b| b.attention.query.weight.dims()[0])
            .unwrap_or(0);
        let info = BaseInfo {
            source: LoraBase::GptLab,
            params: model.num_params() as u32,
            vocab: shared.corpus.vocab.len() as u32,
            layers: model.blocks.len() as u32,
            width: c as u32,
            context: model.context() as u32,
            steps: shared.steps,
            train_seconds: None,
            held_out_bits_per_char: None,
        };
        Ok(Rc::new(Base {
            name: "kindling-gpt-lab",
            info,
            vocab: shared.corpus.vocab.clone(),
            model,
            tang: shared.corpus,
        }))
    }

    /// The Song ci text, fetched on first use.
    async fn song_ci(&self, call: &Call<'_, impl Host>) -> Result<Rc<String>, Message> {
        if let Some(t) = self.song_ci.borrow().clone() {
            return Ok(t);
        }
        let bytes = call.host.fetch(call.id, SONG_CI_ASSET).await?;
        let text = Rc::new(String::from_utf8(bytes).map_err(|_| "the Song ci text is not UTF-8")?);
        *self.song_ci.borrow_mut() = Some(text.clone());
        Ok(text)
    }

    /// The largest difference between runs `a` and `b`'s scores on a few
    /// held-out windows of the base's corpus.
    async fn difference(
        &self,
        host: &impl Host,
        call: &Call<'_, impl Host>,
        a: u32,
        b: u32,
    ) -> Result<f64, Message> {
        let (first, base) = self.model(host, Some(a)).await?;
        let (second, _) = self.model(host, Some(b)).await?;
        let device = call.device()?.inner();
        let context = first.context();
        let window: Vec<i64> = base
            .tang
            .valid_ids()
            .iter()
            .take(2 * context)
            .map(|&i| i64::from(i))
            .collect();
        let n = window.len() / context;
        let input = Tensor::<2, Int>::from_data(
            TensorData::new(window[..n * context].to_vec(), [n, context]),
            &device,
        );
        let tx = Transaction::default()
            .register(first.forward(input.clone()).logits)
            .register(second.forward(input).logits);
        let mut read = read_f32(tx, "the scores").await?.into_iter();
        let (x, y) = (
            read.next().unwrap_or_default(),
            read.next().unwrap_or_default(),
        );
        Ok(x.iter()
            .zip(&y)
            .map(|(p, q)| f64::from((p - q).abs()))
            .fold(0.0, crate::reference::worst))
    }

    /// A copy of run `run`'s model (none: the base) without autodiff.
    async fn model(&self, host: &impl Host, run: Option<u32>) -> Result<(Gpt, Rc<Base>), Message> {
        self.experiment
            .with(host, async |e| {
                let model = match run {
                    None => e.base.model.valid(),
                    Some(i) => {
                        let run = e
                            .runs
                            .get(i as usize)
                            .ok_or_else(|| no_run(i, e.runs.len()))?;
                        if run.diverged {
                            return Err(crate::slice::diverged());
                        }
                        run.snapshot()
                    }
                };
                Ok((model, e.base.clone()))
            })
            .await
    }
}

fn no_run(run: u32, runs: usize) -> Message {
    message!(
        "lora.msg.run",
        "run {run} does not exist (1 to {runs})",
        run = run + 1,
        runs = runs
    )
}

/// The update ΔW of matrix `target` in block `layer` made by `run`:
/// (α/r)·A·B for LoRA, the trained weight less the base's for full
/// fine-tuning.
///
/// # Shapes
/// - returns: [d_in, d_out]
fn update(
    e: &Experiment,
    run: &Adaptation,
    layer: usize,
    target: LoraTarget,
) -> Result<Tensor<2>, Message> {
    let missing = || {
        message!(
            "lora.msg.noAdapter",
            "this run has no update on that matrix"
        )
    };
    let model = run.snapshot();
    let linear = model.matrix(layer, target).ok_or_else(missing)?;
    if run.spec.rank == 0 {
        let base = e.base.model.valid();
        let was = base.matrix(layer, target).ok_or_else(missing)?;
        Ok(linear.weight.val() - was.weight.val())
    } else {
        Ok(linear.weight.adapter().ok_or_else(missing)?.delta())
    }
}

/// The singular values of `run`'s update and of the full fine-tune's.
async fn inside(
    e: &Experiment,
    run: usize,
    layer: usize,
    target: LoraTarget,
) -> Result<LoraInside, Message> {
    let this = e
        .runs
        .get(run)
        .ok_or_else(|| no_run(run as u32, e.runs.len()))?;
    let spectrum = async |r: &Adaptation| -> Result<Vec<f64>, Message> {
        let delta = update(e, r, layer, target)?;
        let [rows, cols] = delta.dims();
        let values = read_f32(Transaction::default().register(delta), "the update")
            .await?
            .pop()
            .unwrap_or_default();
        Ok(singular_values(&values, rows, cols))
    };
    let values = spectrum(this).await?;
    let full = match e.runs.iter().find(|r| r.spec.rank == 0) {
        Some(f) if !f.diverged => Some(spectrum(f).await?),
        _ => None,
    };
    Ok(LoraInside {
        rank: this.spec.rank,
        values,
        full,
    })
}
