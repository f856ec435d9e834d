//! The GPT lab's front door: its requests, its replies and its state (the
//! run being trained). Training works as in the other labs: each `gptTrain`
//! trains for a bounded time, so pausing is the page not asking again; views
//! work on a copy of the weights, so training can go on meanwhile. The
//! learner's model can be saved as a model file and a file read back in its
//! place (`file.rs`); a refused file leaves the model as it was.

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};

use super::cache_run::{CacheConfig, CacheRun, cache_run};
use super::config::GptSettings;
use super::cost::{Cost, cost};
use super::file;
use super::lineup::{Lineup, LineupKind, LineupLosses, LineupProgress, LineupSetup};
use super::positions_view::{PositionsView, positions_view};
use super::sample::{self, GptSample, WriteConfig};
use super::train::Trainer;
use super::vocabulary::Vocabulary;
use crate::call::Call;
use crate::corpus::{Library, TextSource};
use crate::host::Host;
use crate::inspection::{HeadDetail, Inspection, Tensors};
use crate::lab::{Lab, Shared};
use crate::message;
use crate::model_file::ModelFile;
use crate::models::gpt::{DecoderShelf, Gpt, SharedDecoder};
use crate::slice::{self, Trainer as _};
use crate::slot::Slot;
use crate::tokenize::Token;
use crate::wire::{Message, Outcome, RequestId};

/// What the page asks the GPT lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum GptRequest {
    /// Build a fresh model for `settings` on `source` (fetching the Tang
    /// corpus on first use); with `race`, the race's model, leaving the
    /// learner's own alone.
    #[serde(rename = "gptSetup")]
    Setup {
        source: TextSource,
        settings: GptSettings,
        race: bool,
    },
    /// Train the learner's model (or with `race`, the race's) for at most
    /// `steps` steps or about `budget_ms`; with `evaluate`, also measure
    /// the held-out text.
    #[serde(rename = "gptTrain")]
    Train {
        steps: u32,
        budget_ms: f64,
        evaluate: bool,
        race: bool,
    },
    /// Write, streaming every token with its distribution.
    #[serde(rename = "gptSample")]
    Sample { sample: WriteConfig },
    /// Run `text` through the trained model for the attention views.
    #[serde(rename = "gptInspect")]
    Inspect { text: String },
    /// One head's queries, keys and values for `text`.
    #[serde(rename = "gptHead")]
    Head { text: String, layer: u32, head: u32 },
    /// The position views of the trained model, its first tokens of `text`
    /// feeding the RoPE check.
    #[serde(rename = "gptPositions")]
    Positions { text: String },
    /// Build the `kind` lineup: one fresh model per settings on `source`,
    /// learned position tables reaching `reach` positions.
    #[serde(rename = "gptLineupSetup")]
    LineupSetup {
        kind: LineupKind,
        source: TextSource,
        variants: Vec<GptSettings>,
        reach: u32,
    },
    /// Train every model of the `kind` lineup `steps` steps; with
    /// `evaluate`, measure each one's held-out loss.
    #[serde(rename = "gptLineupTrain")]
    LineupTrain {
        kind: LineupKind,
        steps: u32,
        evaluate: bool,
    },
    /// Each model's held-out loss at every position of windows `length`
    /// tokens long, averaged over at most `windows` windows.
    #[serde(rename = "gptLineupLosses")]
    LineupLosses {
        kind: LineupKind,
        length: u32,
        windows: u32,
    },
    /// Write greedily with and without the KV cache, timing both.
    #[serde(rename = "gptCache")]
    Cache { cache: CacheConfig },
    /// Hand the learner's model to the LoRA lab as a base.
    #[serde(rename = "gptShare")]
    Share {},
    /// The learner's model as a model file.
    #[serde(rename = "gptExport")]
    Export {},
    /// A model file as the learner's model (its settings, text, weights and
    /// steps); refused, keeping the current one, unless it is a GPT's that
    /// fits its settings.
    #[serde(rename = "gptImport")]
    Import {
        #[serde(with = "crate::wire::bytes")]
        #[cfg_attr(test, ts(type = "Uint8Array"))]
        file: Vec<u8>,
    },
}

/// What the GPT lab answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum GptReply {
    /// Answer to `gptSetup`.
    GptSetup(GptSetup),
    /// Answer to `gptTrain`.
    GptProgress(GptProgress),
    /// Answer to `gptSample`.
    GptSample(GptSample),
    /// Answer to `gptInspect`.
    GptInspection(Inspection),
    /// Answer to `gptHead`.
    GptHead(HeadDetail),
    /// Answer to `gptPositions`.
    GptPositions(PositionsView),
    /// Answer to `gptLineupSetup`.
    GptLineup(LineupSetup),
    /// Answer to `gptLineupTrain`.
    GptLineupProgress(LineupProgress),
    /// Answer to `gptLineupLosses`.
    GptLineupLosses(LineupLosses),
    /// Answer to `gptCache`.
    GptCache(CacheRun),
    /// Answer to `gptShare`.
    GptShared(GptShared),
    /// Answer to `gptExport`.
    GptFile(ModelFile),
    /// Answer to `gptImport`.
    GptImported(GptImported),
}

/// Answer to `gptImport`: what the file set up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GptImported {
    /// The model, as a setup describes it.
    pub setup: GptSetup,
    /// The settings it was trained with.
    pub settings: GptSettings,
    /// The text it was trained on.
    pub source: TextSource,
    /// Steps it was trained.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
}

/// Answer to `gptShare`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GptShared {
    /// Steps the shared model was trained for.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// Its trainable values.
    pub params: u32,
}

/// Answer to `gptSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GptSetup {
    /// Vocabulary size.
    pub vocab: u32,
    /// Tokens trained on.
    pub train_tokens: u32,
    /// Tokens held out.
    pub valid_tokens: u32,
    /// Characters per token (held out): bits per token ÷ this = bits per
    /// character.
    pub chars_per_token: f64,
    /// Trainable values, as burn counts them.
    pub params: u32,
    /// The parameter and operation table.
    pub cost: Cost,
    /// Tokens each step predicts.
    pub tokens_per_step: u32,
    /// What was changed on the way in.
    pub notices: Vec<Message>,
    /// A line of the held-out text, for the views to start with.
    pub example: String,
}

/// Answer to `gptTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GptProgress {
    /// Loss of each step taken (nats per token).
    pub losses: Vec<f32>,
    /// Steps since setup.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// The loss blew up; training has stopped.
    pub diverged: bool,
    /// Held-out loss (nats per token), when asked for and available.
    pub valid_loss: Option<f32>,
    /// Tokens trained on per second in this slice.
    pub tokens_per_second: f64,
    /// The learning rate of the next step.
    pub rate: f64,
}

/// Held-out tokens measured per evaluation.
const VALID_TOKENS: usize = 8_192;
/// Longest text the views take, in characters.
const MAX_VIEW_CHARS: usize = 4_000;

/// The lab's state.
pub struct GptLab {
    library: Rc<Library>,
    /// The learner's model: what the views and writing use.
    run: Slot<Trainer>,
    /// A model trained against the LSTM in the page's race, so that racing
    /// does not replace the learner's own.
    race: Slot<Trainer>,
    /// The positional encodings trained side by side.
    positions: Slot<Lineup>,
    /// GPT-2's block against LLaMA's.
    blocks: Slot<Lineup>,
    /// Where a model is handed to other labs.
    decoders: Rc<DecoderShelf>,
    /// The last text as tokens, by source and merges: learning BPE merges
    /// takes seconds, and most setups change the model, not the text.
    vocabulary: RefCell<Option<(TextSource, u32, Rc<Vocabulary>)>>,
}

impl Lab for GptLab {
    type Request = GptRequest;
    type Reply = GptReply;
    const REPLIES: &'static [(&'static str, &'static str)] = &[
        ("gptSetup", "gptSetup"),
        ("gptTrain", "gptProgress"),
        ("gptSample", "gptSample"),
        ("gptInspect", "gptInspection"),
        ("gptHead", "gptHead"),
        ("gptPositions", "gptPositions"),
        ("gptLineupSetup", "gptLineup"),
        ("gptLineupTrain", "gptLineupProgress"),
        ("gptLineupLosses", "gptLineupLosses"),
        ("gptCache", "gptCache"),
        ("gptShare", "gptShared"),
        ("gptExport", "gptFile"),
        ("gptImport", "gptImported"),
    ];

    fn new(shared: &Shared) -> Self {
        Self {
            library: shared.library.clone(),
            run: Slot::default(),
            race: Slot::default(),
            positions: Slot::default(),
            blocks: Slot::default(),
            decoders: shared.decoders.clone(),
            vocabulary: RefCell::default(),
        }
    }

    async fn handle(&self, call: &Call<'_, impl Host>, request: GptRequest) -> Outcome<GptReply> {
        let host = call.host;
        Ok(Ok(match request {
            GptRequest::Setup {
                source,
                settings,
                race,
            } => {
                settings.check()?;
                let device = call.device()?;
                let slot = if race { &self.race } else { &self.run };
                let ticket = slot.ticket();
                let text = self
                    .vocabulary(call.id, &source, settings.merges, host)
                    .await?;
                let mut trainer = Trainer::new(settings, text.clone(), &device)?;
                trainer.source = Some(source);
                let setup = describe(&trainer);
                slot.install(ticket, trainer)?;
                GptReply::GptSetup(setup)
            }
            GptRequest::Export {} => {
                let file = self
                    .run
                    .with(host, async |run| {
                        if run.diverged() {
                            return Err(slice::diverged());
                        }
                        let source = run.source.clone().ok_or("the text is unknown")?;
                        file::export(run, &source).await
                    })
                    .await?;
                GptReply::GptFile(ModelFile { file })
            }
            GptRequest::Import { file: bytes } => {
                let device = call.device()?;
                let ticket = self.run.ticket();
                let (meta, file) = file::read(&bytes)?;
                let corpus = self.library.corpus(call.id, &file.source, host).await?;
                let text = file::tokens(corpus, &file)?;
                let mut trainer = Trainer::new(file.settings.clone(), text, &device)?
                    .with_weights(bytes, meta.steps)?;
                trainer.source = Some(file.source.clone());
                let imported = GptImported {
                    setup: describe(&trainer),
                    settings: file.settings,
                    source: file.source,
                    steps: meta.steps,
                };
                self.run.install(ticket, trainer)?;
                GptReply::GptImported(imported)
            }
            GptRequest::Train {
                steps,
                budget_ms,
                evaluate,
                race,
            } => {
                let (steps, budget_ms) = slice::limits(steps, budget_ms);
                let slot = if race { &self.race } else { &self.run };
                let progress = slot
                    .with(host, async |run| {
                        let start = host.now_ms();
                        let slice = slice::time_boxed(steps, Some(budget_ms), host, async |n| {
                            run.run(n).await
                        })
                        .await?;
                        let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
                        let trained = slice.losses.len() * run.tokens_per_step();
                        let valid_loss = if evaluate && !slice.diverged {
                            run.evaluate(VALID_TOKENS).await?
                        } else {
                            None
                        };
                        Ok(GptProgress {
                            losses: slice.losses,
                            steps: run.steps,
                            diverged: slice.diverged,
                            valid_loss,
                            tokens_per_second: trained as f64 / seconds,
                            rate: run.settings().rate(run.steps),
                        })
                    })
                    .await?;
                GptReply::GptProgress(progress)
            }
            GptRequest::Sample { sample } => {
                let (model, text, device) = self.snapshot(host).await?;
                match sample::sample(call.id, &model, &text, &sample, &device, host).await? {
                    Ok(written) => GptReply::GptSample(written),
                    Err(cancelled) => return Ok(Err(cancelled)),
                }
            }
            GptRequest::Inspect { text } => {
                let (model, vocabulary, device) = self.snapshot(host).await?;
                let start = host.now_ms();
                let (ids, tokens) = encode(&vocabulary, &text, model.context())?;
                let out = model.forward(ids_tensor(&ids, &device));
                let tensors = Tensors {
                    attentions: out.attentions,
                    hidden: out.hidden,
                    word: out.word,
                    position: out.position,
                };
                let mut inspection = Inspection::read(tokens, tensors).await?;
                inspection.total_tokens = text.chars().count() as u32;
                inspection.unknown = vocabulary.rare(&ids) as u32;
                inspection.forward_ms = host.now_ms() - start;
                GptReply::GptInspection(inspection)
            }
            GptRequest::Head { text, layer, head } => {
                let (model, vocabulary, device) = self.snapshot(host).await?;
                let (ids, _) = encode(&vocabulary, &text, model.context())?;
                let detail = head_detail(&model, ids_tensor(&ids, &device), layer, head).await?;
                GptReply::GptHead(detail)
            }
            GptRequest::Positions { text } => {
                let (model, vocabulary, device) = self.snapshot(host).await?;
                let (mut ids, _) = encode(&vocabulary, &text, model.context())?;
                if ids.len() < 2 {
                    ids.push(ids[0]);
                }
                let input = model
                    .forward(ids_tensor(&ids, &device))
                    .hidden
                    .swap_remove(0);
                GptReply::GptPositions(positions_view(&model, input).await?)
            }
            GptRequest::LineupSetup {
                kind,
                source,
                variants,
                reach,
            } => {
                for v in &variants {
                    v.check()?;
                }
                let merges = variants.first().map_or(0, |v| v.merges);
                let device = call.device()?;
                let slot = self.lineup(kind);
                let ticket = slot.ticket();
                let text = self.vocabulary(call.id, &source, merges, host).await?;
                let (lineup, runs) = Lineup::new(&variants, text.clone(), &device, reach)?;
                slot.install(ticket, lineup)?;
                GptReply::GptLineup(LineupSetup {
                    kind,
                    runs,
                    chars_per_token: text.chars_per_token(),
                })
            }
            GptRequest::LineupTrain {
                kind,
                steps,
                evaluate,
            } => {
                let (steps, _) = slice::limits(steps, 0.0);
                let runs = self
                    .lineup(kind)
                    .with(host, async |lineup| {
                        lineup.round(steps, evaluate, VALID_TOKENS, host).await
                    })
                    .await?;
                GptReply::GptLineupProgress(LineupProgress { kind, runs })
            }
            GptRequest::LineupLosses {
                kind,
                length,
                windows,
            } => {
                let (context, runs) = self
                    .lineup(kind)
                    .with(host, async |lineup| {
                        let runs = lineup.losses_by_position(length, windows, host).await?;
                        Ok((lineup.context(), runs))
                    })
                    .await?;
                GptReply::GptLineupLosses(LineupLosses {
                    kind,
                    context,
                    windows,
                    runs,
                })
            }
            GptRequest::Share {} => {
                let shared = self
                    .run
                    .with(host, async |run| {
                        if run.diverged() {
                            return Err(slice::diverged());
                        }
                        let corpus = run.text().chars().cloned().ok_or_else(|| {
                            message!(
                                "gpt.msg.shareChars",
                                "the LoRA lab adapts character models; set Tokens to characters and train again"
                            )
                        })?;
                        Ok(SharedDecoder {
                            model: run.model().clone(),
                            corpus,
                            steps: run.steps,
                        })
                    })
                    .await?;
                let reply = GptShared {
                    steps: shared.steps,
                    params: burn::module::Module::num_params(&shared.model) as u32,
                };
                self.decoders.put(shared);
                GptReply::GptShared(reply)
            }
            GptRequest::Cache { cache } => {
                let (model, vocabulary, device) = self.snapshot(host).await?;
                let settings = self
                    .run
                    .with(host, async |run| Ok(run.settings().clone()))
                    .await?;
                match cache_run(
                    call.id,
                    &model,
                    &settings,
                    &vocabulary,
                    &cache,
                    &device,
                    host,
                )
                .await?
                {
                    Ok(run) => GptReply::GptCache(run),
                    Err(cancelled) => return Ok(Err(cancelled)),
                }
            }
        }))
    }
}

impl GptLab {
    /// The slot of the `kind` lineup.
    fn lineup(&self, kind: LineupKind) -> &Slot<Lineup> {
        match kind {
            LineupKind::Positions => &self.positions,
            LineupKind::Blocks => &self.blocks,
        }
    }

    /// `source` as tokens with `merges` BPE merges (0: characters), kept
    /// for the next setup.
    async fn vocabulary(
        &self,
        id: RequestId,
        source: &TextSource,
        merges: u32,
        host: &impl Host,
    ) -> Result<Rc<Vocabulary>, Message> {
        if let Some((s, m, v)) = self.vocabulary.borrow().as_ref()
            && s == source
            && *m == merges
        {
            return Ok(v.clone());
        }
        let corpus = self.library.corpus(id, source, host).await?;
        let vocabulary = Rc::new(Vocabulary::new(corpus, merges)?);
        *self.vocabulary.borrow_mut() = Some((source.clone(), merges, vocabulary.clone()));
        Ok(vocabulary)
    }

    /// A copy of the model (without autodiff), its tokens and device.
    async fn snapshot(&self, host: &impl Host) -> Result<(Gpt, Rc<Vocabulary>, Device), Message> {
        self.run
            .with(host, async |run| {
                if run.diverged() {
                    return Err(slice::diverged());
                }
                Ok((run.snapshot(), run.text().clone(), run.device().inner()))
            })
            .await
    }
}

/// What the page is told of a fresh or loaded `trainer`.
fn describe(trainer: &Trainer) -> GptSetup {
    let text = trainer.text();
    GptSetup {
        vocab: text.size() as u32,
        train_tokens: text.train_ids().len() as u32,
        valid_tokens: text.valid_ids().len() as u32,
        chars_per_token: text.chars_per_token(),
        params: burn::module::Module::num_params(trainer.model()) as u32,
        cost: cost(trainer.settings(), text.size()),
        tokens_per_step: trainer.tokens_per_step() as u32,
        notices: text.notices.clone(),
        example: text.example_line(trainer.settings().context as usize),
    }
}

/// `text` (its first [`MAX_VIEW_CHARS`] characters) as the model's ids
/// and the views' tokens, cut to the context.
fn encode(
    vocabulary: &Vocabulary,
    text: &str,
    context: usize,
) -> Result<(Vec<u32>, Vec<Token>), Message> {
    let text: String = text.chars().take(MAX_VIEW_CHARS).collect();
    let (ids, tokens, _) = vocabulary.encode(&text, context);
    if ids.is_empty() {
        return Err(message!(
            "gpt.msg.noKnownCharacters",
            "none of these characters is in the vocabulary"
        ));
    }
    Ok((ids, tokens))
}

/// # Shapes
/// - returns: [1, ids.len()]
fn ids_tensor(ids: &[u32], device: &Device) -> Tensor<2, Int> {
    let data = TensorData::new(ids.iter().map(|&i| i64::from(i)).collect(), [1, ids.len()]);
    Tensor::from_data(data, device)
}

/// The queries, keys and values of `head` in block `layer`.
///
/// # Shapes
/// - ids: [1, seq]
async fn head_detail(
    model: &Gpt,
    ids: Tensor<2, Int>,
    layer: u32,
    head: u32,
) -> Result<HeadDetail, Message> {
    let (layer, head) = (layer as usize, head as usize);
    let layers = model.blocks.len();
    let Some(block) = model.blocks.get(layer) else {
        return Err(message!(
            "gpt.msg.layer",
            "layer {layer} does not exist (1 to {layers})",
            layer = layer + 1,
            layers = layers
        ));
    };
    let attention = &block.attention;
    let heads = attention.n_heads;
    if head >= heads {
        return Err(message!(
            "gpt.msg.head",
            "head {head} does not exist (1 to {heads})",
            head = head + 1,
            heads = heads
        ));
    }
    let out = model.forward(ids);
    let input = block.attention_input(out.hidden[layer].clone());
    // As the attention uses them: RoPE's rotation applied, and the key and
    // value head this query head shares under grouped-query attention.
    let [q, k, v] = attention.projections(input, 0);
    let shared = head / (heads / attention.kv_heads);
    let pick = |x: Tensor<4>, h: usize| {
        let [_, _, seq, d_k] = x.dims();
        x.narrow(1, h, 1).reshape([seq, d_k])
    };
    let slope = attention
        .alibi
        .then(|| crate::models::gpt::positions::alibi_slopes(heads)[head]);
    HeadDetail::of(
        layer,
        head,
        [pick(q, head), pick(k, shared), pick(v, shared)],
        slope,
    )
    .await
}
