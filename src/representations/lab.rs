//! The Representations lab's front door: set up a word2vec run on a text,
//! train it slice by slice, and ask its vectors for neighbours, analogies
//! and a map, and the count baselines of the same text for theirs; one word
//! in two sentences through MiniLM; and an autoencoder or a VAE on the
//! digits, whose code space the page walks, with β = 0, 1 and 4 side by side.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::ae_run::{AeEvaluation, AeRun, AeSettings};
use super::baselines::{CountSource, W2vCounts};
use super::beta::{BetaRace, BetaRun};
use super::contextual::{Contextual, contextual};
use super::neighbours::{Embeddings, Neighbour};
use super::tokens::{TokenUnit, sentences};
use super::train::{Training, W2vSettings};
use super::vocab::Vocab;
use super::w2v_file::{self, W2vSpec};
use crate::call::Call;
use crate::corpus::{Library, TextSource};
use crate::host::Host;
use crate::inspection::pca;
use crate::lab::{Lab, Shared};
use crate::message;
use crate::model_file::ModelFile;
use crate::models::bert::MiniLmCache;
use crate::models::cnn::dataset::{Digits, DigitsCache};
use crate::slice::{self, Trainer as _};
use crate::slot::Slot;
use crate::tokenize::cache::{Loaded, TokenizerCache, TokenizerId};
use crate::wire::{Message, Outcome};

/// Most tokens a vocabulary may have.
pub const MAX_VOCAB: u32 = 5_000;
/// Most neighbours, answers or map points one request may ask for.
const MAX_LIST: u32 = 50;
const MAX_MAP: u32 = 500;
/// Most points one decoding request may ask for (a 20 × 20 grid).
const MAX_DECODE: usize = 400;
/// Most test digits one view may encode.
const MAX_CODES: usize = 2000;
/// Most steps one β round may take per run.
const MAX_BETA_STEPS: usize = 200;

/// What the page asks the Representations lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum RepresentationsRequest {
    /// A fresh word2vec run on `source`, cut into `unit`s, learning the
    /// `max_vocab` most frequent tokens that occur at least `min_count` times.
    #[serde(rename = "w2vSetup")]
    Setup {
        source: TextSource,
        unit: TokenUnit,
        max_vocab: u32,
        min_count: u32,
        settings: W2vSettings,
    },
    /// Train for about `budget_ms`.
    #[serde(rename = "w2vTrain")]
    Train { budget_ms: f64 },
    /// The `k` nearest neighbours of each token, now and after the first epoch.
    #[serde(rename = "w2vNeighbours")]
    Neighbours { tokens: Vec<String>, k: u32 },
    /// `a − b + c` and the `k` tokens nearest to it.
    #[serde(rename = "w2vAnalogy")]
    Analogy {
        a: String,
        b: String,
        c: String,
        k: u32,
    },
    /// The `n` most frequent tokens on their two principal axes.
    #[serde(rename = "w2vMap")]
    Map { n: u32 },
    /// The count baselines on the same text and vocabulary: each token's
    /// `k` nearest neighbours by PPMI + SVD vectors, and its `k` likeliest
    /// followers under the bigram model.
    #[serde(rename = "w2vCounts")]
    Counts { tokens: Vec<String>, k: u32 },
    /// A fresh autoencoder or VAE on the digits.
    #[serde(rename = "aeSetup")]
    AeSetup { settings: AeSettings },
    /// Train it for about `budget_ms`.
    #[serde(rename = "aeTrain")]
    AeTrain { budget_ms: f64 },
    /// Its test loss, the first `count` test digits beside their
    /// reconstructions, and the codes of the first `codes` test digits.
    #[serde(rename = "aeView")]
    AeView { count: u32, codes: u32 },
    /// Decode points of a two-number code.
    #[serde(rename = "aeDecode")]
    AeDecode { points: Vec<[f32; 2]> },
    /// The code of one drawn digit (784 bytes).
    #[serde(rename = "aeEncode")]
    AeEncode { image: Vec<u8> },
    /// The word2vec run as a model file.
    #[serde(rename = "w2vExport")]
    W2vExport,
    /// A word2vec model file: its setup run again on its text, with its
    /// weights; refused, keeping the current run, unless its text gives
    /// the file's vocabulary.
    #[serde(rename = "w2vImport")]
    W2vImport {
        #[serde(with = "crate::wire::bytes")]
        #[cfg_attr(test, ts(type = "Uint8Array"))]
        file: Vec<u8>,
    },
    /// The autoencoder as a model file.
    #[serde(rename = "aeExport")]
    AeExport,
    /// A model file as the autoencoder (its settings, weights and steps);
    /// refused, keeping the current one, unless it is an autoencoder's.
    #[serde(rename = "aeImport")]
    AeImport {
        #[serde(with = "crate::wire::bytes")]
        #[cfg_attr(test, ts(type = "Uint8Array"))]
        file: Vec<u8>,
    },
    /// The β experiment: one VAE per KL weight, each as `settings` but for β.
    #[serde(rename = "aeBetaSetup")]
    AeBetaSetup {
        settings: AeSettings,
        betas: Vec<f64>,
    },
    /// Train each `steps` steps; with `codes` above 0, measure each and
    /// encode that many test digits.
    #[serde(rename = "aeBetaRound")]
    AeBetaRound { steps: u32, codes: u32 },
    /// One word in two sentences through MiniLM: its vector at each depth
    /// and the `k` vocabulary tokens nearest each last-layer vector.
    #[serde(rename = "contextual")]
    Contextual {
        sentences: Vec<String>,
        word: String,
        k: u32,
    },
}

/// What the Representations lab answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum RepresentationsReply {
    /// Answer to `w2vSetup`.
    W2vSetup(W2vSetup),
    /// Answer to `w2vTrain`.
    W2vProgress(W2vProgress),
    /// Answer to `w2vNeighbours`.
    W2vNeighbours(Vec<W2vNeighbourRow>),
    /// Answer to `w2vAnalogy`.
    W2vAnalogy(W2vAnalogy),
    /// Answer to `w2vMap`.
    W2vMap(W2vMap),
    /// Answer to `w2vCounts`.
    W2vCounts(W2vCounts),
    /// Answer to `aeSetup`: trainable values.
    AeSetup(u32),
    /// Answer to `aeTrain`.
    AeProgress(AeProgress),
    /// Answer to `aeView`.
    AeView(AeView),
    /// Answer to `aeDecode`: 784 bytes per point.
    AeImages(Vec<u8>),
    /// Answer to `aeEncode`: the point.
    AeCode([f32; 2]),
    /// Answer to `contextual`.
    Contextual(Contextual),
    /// Answer to `w2vExport`.
    W2vFile(ModelFile),
    /// Answer to `w2vImport`.
    W2vImported(W2vImported),
    /// Answer to `aeExport`.
    AeFile(ModelFile),
    /// Answer to `aeImport`.
    AeImported(AeImported),
    /// Answer to `aeBetaSetup`: the runs.
    AeBetaSetup(u32),
    /// Answer to `aeBetaRound`.
    AeBetaRound(Vec<BetaRun>),
}

/// Answer to `w2vImport`: the setup the file asked for (the page takes it
/// as its knobs and text) and what it gave, and the steps trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vImported {
    pub spec: W2vSpec,
    pub setup: W2vSetup,
    pub steps: u32,
}

/// Answer to `aeImport`: what the file set up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AeImported {
    /// The settings it was trained with.
    pub settings: AeSettings,
    /// Steps it was trained.
    pub steps: u32,
    /// Trainable values.
    pub params: u32,
}

/// Answer to `aeTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AeProgress {
    /// Loss per digit of each step of this slice (reconstruction + β · KL).
    pub losses: Vec<f32>,
    /// Steps taken in all.
    pub steps: u32,
    /// Digits trained per second in this slice.
    pub images_per_second: f64,
    /// The loss blew up.
    pub diverged: bool,
}

/// Answer to `aeView`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AeView {
    /// Test loss, KL and pixel error.
    pub evaluation: AeEvaluation,
    /// The first test digits, 784 bytes each.
    pub originals: Vec<u8>,
    /// Their reconstructions, 784 bytes each.
    pub reconstructions: Vec<u8>,
    /// Codes of test digits on the plane.
    pub points: Vec<[f32; 2]>,
    /// Their labels.
    pub labels: Vec<u8>,
    /// Share of the code's variance the plane shows (1 for two numbers).
    pub explained: f32,
}

/// A token and how often it occurs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vTokenCount {
    /// The token.
    pub token: String,
    /// Its occurrences in the corpus.
    pub count: u32,
}

/// Answer to `w2vSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vSetup {
    /// Tokens with a vector.
    pub vocab: u32,
    /// Distinct tokens in the text (those beyond the vocabulary are dropped).
    pub distinct: u32,
    /// Token occurrences trained on (out-of-vocabulary ones dropped).
    pub tokens: u32,
    /// Sentences (lines) trained on.
    pub sentences: u32,
    /// The most frequent tokens.
    pub top: Vec<W2vTokenCount>,
    /// Trainable values: two tables of `vocab × dim`.
    pub params: u32,
}

/// Answer to `w2vTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vProgress {
    /// Loss per example of each step of this slice.
    pub losses: Vec<f32>,
    /// Steps taken in all.
    pub steps: u32,
    /// Epochs done, with the current one's fraction.
    pub epochs: f64,
    /// The learning rate now.
    pub lr: f64,
    /// Examples (skip-gram: pairs) trained per second in this slice.
    pub examples_per_second: f64,
    /// The epochs asked are done.
    pub finished: bool,
    /// The loss blew up.
    pub diverged: bool,
}

/// A token's neighbours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vNeighbourRow {
    /// The token asked.
    pub token: String,
    /// Whether it has a vector (false: not in the vocabulary).
    pub known: bool,
    /// Its nearest tokens now.
    pub now: Vec<W2vNeighbour>,
    /// Its nearest tokens when the first epoch ended (none before that).
    pub first_epoch: Option<Vec<W2vNeighbour>>,
}

/// A neighbour with its token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vNeighbour {
    /// The token.
    pub token: String,
    /// Its cosine with the query.
    pub cosine: f32,
}

/// Answer to `w2vAnalogy`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vAnalogy {
    /// Tokens asked that have no vector (then there are no answers).
    pub unknown: Vec<String>,
    /// The tokens nearest to `a − b + c`, best first.
    pub answers: Vec<W2vNeighbour>,
}

/// Answer to `w2vMap`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct W2vMap {
    /// The most frequent tokens, most frequent first.
    pub tokens: Vec<String>,
    /// Each token's `[x, y]` on the two principal axes of their vectors.
    pub points: Vec<[f32; 2]>,
    /// Share of the variance the two axes explain.
    pub explained: f32,
    /// Each token's unit-length vector, `tokens × dim` row-major (the page
    /// lays them out with UMAP off the main thread).
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub vectors: Vec<f32>,
    /// Values per vector.
    pub dim: u32,
}

/// The lab's state: the run being trained.
pub struct RepresentationsLab {
    run: Slot<Training>,
    library: Rc<Library>,
    tokenizers: Rc<TokenizerCache>,
    ae: Slot<AeRun>,
    betas: Slot<BetaRace>,
    digits: Rc<DigitsCache>,
    minilm: Rc<MiniLmCache>,
    counts: RefCell<Option<CountSource>>,
    /// What the word2vec run was set up from (its file says so).
    spec: RefCell<Option<W2vSpec>>,
}

impl Lab for RepresentationsLab {
    type Request = RepresentationsRequest;
    type Reply = RepresentationsReply;
    const REPLIES: &'static [(&'static str, &'static str)] = &[
        ("w2vSetup", "w2vSetup"),
        ("w2vTrain", "w2vProgress"),
        ("w2vNeighbours", "w2vNeighbours"),
        ("w2vAnalogy", "w2vAnalogy"),
        ("w2vMap", "w2vMap"),
        ("w2vCounts", "w2vCounts"),
        ("aeSetup", "aeSetup"),
        ("aeTrain", "aeProgress"),
        ("aeView", "aeView"),
        ("aeDecode", "aeImages"),
        ("aeEncode", "aeCode"),
        ("contextual", "contextual"),
        ("w2vExport", "w2vFile"),
        ("w2vImport", "w2vImported"),
        ("aeExport", "aeFile"),
        ("aeImport", "aeImported"),
        ("aeBetaSetup", "aeBetaSetup"),
        ("aeBetaRound", "aeBetaRound"),
    ];

    fn new(shared: &Shared) -> Self {
        Self {
            run: Slot::default(),
            library: shared.library.clone(),
            tokenizers: shared.tokenizers.clone(),
            ae: Slot::default(),
            betas: Slot::default(),
            digits: shared.digits.clone(),
            minilm: shared.minilm.clone(),
            counts: RefCell::new(None),
            spec: RefCell::new(None),
        }
    }

    async fn handle(
        &self,
        call: &Call<'_, impl Host>,
        request: RepresentationsRequest,
    ) -> Outcome<RepresentationsReply> {
        let host = call.host;
        Ok(Ok(match request {
            RepresentationsRequest::Setup {
                source,
                unit,
                max_vocab,
                min_count,
                settings,
            } => {
                let spec = W2vSpec {
                    source,
                    unit,
                    max_vocab,
                    min_count,
                    settings,
                };
                let ticket = self.run.ticket();
                let (setup, run, counts) = self.w2v_build(call, &spec).await?;
                self.run.install(ticket, run)?;
                *self.counts.borrow_mut() = Some(counts);
                *self.spec.borrow_mut() = Some(spec);
                RepresentationsReply::W2vSetup(setup)
            }
            RepresentationsRequest::W2vExport => {
                let spec = self
                    .spec
                    .borrow()
                    .clone()
                    .ok_or("no word2vec run is set up")?;
                let file = self
                    .run
                    .with(host, async |run| w2v_file::export(run, &spec).await)
                    .await?;
                RepresentationsReply::W2vFile(ModelFile { file })
            }
            RepresentationsRequest::W2vImport { file } => {
                let (spec, steps) = w2v_file::read(&file)?;
                let ticket = self.run.ticket();
                let (setup, run, counts) = self.w2v_build(call, &spec).await?;
                let run = w2v_file::load(run, file, steps)?;
                self.run.install(ticket, run)?;
                *self.counts.borrow_mut() = Some(counts);
                *self.spec.borrow_mut() = Some(spec.clone());
                RepresentationsReply::W2vImported(W2vImported {
                    spec,
                    setup,
                    steps: steps as u32,
                })
            }
            RepresentationsRequest::Train { budget_ms } => {
                let budget_ms = slice::budget(budget_ms);
                let progress = self
                    .run
                    .with(host, async |run| {
                        let (slice, seconds) = timed_slice(run, budget_ms, host).await?;
                        Ok(W2vProgress {
                            examples_per_second: (slice.losses.len() * run.batch()) as f64
                                / seconds,
                            losses: slice.losses,
                            steps: run.steps as u32,
                            epochs: run.epochs(),
                            lr: run.lr(),
                            finished: run.finished(),
                            diverged: run.diverged(),
                        })
                    })
                    .await?;
                RepresentationsReply::W2vProgress(progress)
            }
            RepresentationsRequest::Neighbours { tokens, k } => {
                let k = k.clamp(1, MAX_LIST) as usize;
                let rows = self
                    .run
                    .with(host, async |run| {
                        let now = run.embeddings().await?;
                        let named = |e: &Embeddings, id: u32| name(&run.vocab, e.neighbours(id, k));
                        Ok(tokens
                            .iter()
                            .take(MAX_LIST as usize)
                            .map(|token| {
                                let id = run.vocab.id(&normalise(token));
                                W2vNeighbourRow {
                                    token: token.clone(),
                                    known: id.is_some(),
                                    now: id.map(|id| named(&now, id)).unwrap_or_default(),
                                    first_epoch: id.and_then(|id| {
                                        run.first_epoch.as_ref().map(|e| named(e, id))
                                    }),
                                }
                            })
                            .collect())
                    })
                    .await?;
                RepresentationsReply::W2vNeighbours(rows)
            }
            RepresentationsRequest::Analogy { a, b, c, k } => {
                let k = k.clamp(1, MAX_LIST) as usize;
                let answer = self
                    .run
                    .with(host, async |run| {
                        let ids: Vec<Option<u32>> = [&a, &b, &c]
                            .iter()
                            .map(|t| run.vocab.id(&normalise(t)))
                            .collect();
                        let unknown: Vec<String> = [&a, &b, &c]
                            .iter()
                            .zip(&ids)
                            .filter(|(_, id)| id.is_none())
                            .map(|(t, _)| (*t).clone())
                            .collect();
                        let answers = match ids[..] {
                            [Some(a), Some(b), Some(c)] => {
                                name(&run.vocab, run.embeddings().await?.analogy(a, b, c, k))
                            }
                            _ => Vec::new(),
                        };
                        Ok(W2vAnalogy { unknown, answers })
                    })
                    .await?;
                RepresentationsReply::W2vAnalogy(answer)
            }
            RepresentationsRequest::Map { n } => {
                let n = n.clamp(2, MAX_MAP) as usize;
                let map = self
                    .run
                    .with(host, async |run| {
                        let embeddings = run.embeddings().await?;
                        let n = n.min(embeddings.len());
                        let dim = embeddings.dim();
                        let values: Vec<f32> = (0..n as u32)
                            .flat_map(|id| embeddings.row(id).to_vec())
                            .collect();
                        let projection = pca::project(&values, n, dim);
                        Ok(W2vMap {
                            tokens: run.vocab.tokens[..n].to_vec(),
                            points: projection.points,
                            explained: projection.explained,
                            vectors: values,
                            dim: dim as u32,
                        })
                    })
                    .await?;
                RepresentationsReply::W2vMap(map)
            }
            RepresentationsRequest::Counts { tokens, k } => {
                let k = k.clamp(1, MAX_LIST) as usize;
                let tokens = &tokens[..tokens.len().min(MAX_LIST as usize)];
                let mut kept = self.counts.borrow_mut();
                let source = kept.as_mut().ok_or_else(|| {
                    message!("representations.msg.noRun", "set up a word2vec run first")
                })?;
                RepresentationsReply::W2vCounts(source.answer(tokens, k, host))
            }
            RepresentationsRequest::AeSetup { settings } => {
                settings.check()?;
                let device = call.device()?;
                let ticket = self.ae.ticket();
                let digits = self.digits(call).await?;
                let run = AeRun::new(settings, digits, &device)?;
                let params = run.params() as u32;
                self.ae.install(ticket, run)?;
                RepresentationsReply::AeSetup(params)
            }
            RepresentationsRequest::AeTrain { budget_ms } => {
                let budget_ms = slice::budget(budget_ms);
                let progress = self
                    .ae
                    .with(host, async |run| {
                        let (slice, seconds) = timed_slice(run, budget_ms, host).await?;
                        Ok(AeProgress {
                            images_per_second: (slice.losses.len() * run.batch()) as f64 / seconds,
                            losses: slice.losses,
                            steps: run.steps as u32,
                            diverged: run.diverged(),
                        })
                    })
                    .await?;
                RepresentationsReply::AeProgress(progress)
            }
            RepresentationsRequest::AeView { count, codes } => {
                let view = self
                    .ae
                    .with(host, async |run| {
                        let evaluation = run.evaluate().await?;
                        let (originals, reconstructions) =
                            run.reconstructions(count.min(MAX_LIST) as usize).await?;
                        let (points, labels, explained) =
                            run.codes((codes as usize).min(MAX_CODES)).await?;
                        Ok(AeView {
                            evaluation,
                            originals,
                            reconstructions,
                            points,
                            labels,
                            explained,
                        })
                    })
                    .await?;
                RepresentationsReply::AeView(view)
            }
            RepresentationsRequest::AeDecode { points } => {
                let points: Vec<[f32; 2]> = points.into_iter().take(MAX_DECODE).collect();
                let images = self
                    .ae
                    .with(host, async |run| run.decode(&points).await)
                    .await?;
                RepresentationsReply::AeImages(images)
            }
            RepresentationsRequest::AeEncode { image } => {
                let code = self
                    .ae
                    .with(host, async |run| run.encode(&image).await)
                    .await?;
                RepresentationsReply::AeCode(code)
            }
            RepresentationsRequest::AeExport => {
                let file = self.ae.with(host, async |run| run.export().await).await?;
                RepresentationsReply::AeFile(ModelFile { file })
            }
            RepresentationsRequest::AeImport { file } => {
                let device = call.device()?;
                let ticket = self.ae.ticket();
                let digits = self.digits(call).await?;
                let run = AeRun::import(file, digits, &device)?;
                let imported = AeImported {
                    settings: run.settings().clone(),
                    steps: run.steps as u32,
                    params: run.params() as u32,
                };
                self.ae.install(ticket, run)?;
                RepresentationsReply::AeImported(imported)
            }
            RepresentationsRequest::AeBetaSetup { settings, betas } => {
                settings.check()?;
                let device = call.device()?;
                let ticket = self.betas.ticket();
                let digits = self.digits(call).await?;
                let race = BetaRace::new(&settings, &betas, &digits, &device)?;
                self.betas.install(ticket, race)?;
                RepresentationsReply::AeBetaSetup(betas.len() as u32)
            }
            RepresentationsRequest::AeBetaRound { steps, codes } => {
                let steps = (steps as usize).min(MAX_BETA_STEPS);
                let codes = (codes as usize).min(MAX_CODES);
                let runs = self
                    .betas
                    .with(host, async |race| race.round(steps, codes).await)
                    .await?;
                RepresentationsReply::AeBetaRound(runs)
            }
            RepresentationsRequest::Contextual { sentences, word, k } => {
                let device = call.device()?;
                let (model, _) = self
                    .minilm
                    .get(call.id, &device, &self.tokenizers, host)
                    .await?;
                let k = k.clamp(1, MAX_LIST) as usize;
                RepresentationsReply::Contextual(contextual(&model, &sentences, &word, k).await?)
            }
        }))
    }
}

impl RepresentationsLab {
    /// The digits, fetched on first use.
    /// A fresh word2vec run for `spec`: what its text gave, the run, and
    /// the count baselines of the same text.
    async fn w2v_build(
        &self,
        call: &Call<'_, impl Host>,
        spec: &W2vSpec,
    ) -> Result<(W2vSetup, Training, CountSource), Message> {
        let W2vSpec {
            source,
            unit,
            max_vocab,
            min_count,
            settings,
        } = spec.clone();

        settings.check()?;
        if !(2..=MAX_VOCAB).contains(&max_vocab) || min_count == 0 {
            return Err(message!(
                "representations.msg.vocab",
                "the vocabulary has 2 to {max} tokens, each seen at least once",
                max = MAX_VOCAB
            ));
        }
        let device = call.device()?;
        let text = self.text(call, &source).await?;
        let segmenter = match unit {
            TokenUnit::Words => match self
                .tokenizers
                .load(call.id, TokenizerId::Jieba, call.host)
                .await?
            {
                Loaded::Segmenter(segmenter, _) => Some(segmenter),
                _ => None,
            },
            TokenUnit::Chars => None,
        };
        let cut = sentences(&text, unit, segmenter.as_deref());
        let distinct = cut
            .iter()
            .flatten()
            .collect::<std::collections::HashSet<_>>()
            .len();
        let (vocab, corpus) = Vocab::build(&cut, max_vocab as usize, u64::from(min_count))?;
        let setup = W2vSetup {
            vocab: vocab.len() as u32,
            distinct: distinct as u32,
            tokens: corpus.iter().map(Vec::len).sum::<usize>() as u32,
            sentences: corpus.len() as u32,
            top: (0..vocab.len().min(20))
                .map(|i| W2vTokenCount {
                    token: vocab.tokens[i].clone(),
                    count: vocab.counts[i] as u32,
                })
                .collect(),
            params: (2 * vocab.len() * settings.dim as usize) as u32,
        };
        let vocab = Rc::new(vocab);
        let source = CountSource::new(vocab.clone(), corpus.clone(), &cut, &settings);
        let run = Training::new(vocab, corpus, settings, &device)?;
        Ok((setup, run, source))
    }

    async fn digits(&self, call: &Call<'_, impl Host>) -> Result<Rc<Digits>, Message> {
        self.digits.get(call.id, call.host).await
    }

    /// The text of `source`: the learner's, or the Tang poems one per line.
    async fn text(
        &self,
        call: &Call<'_, impl Host>,
        source: &TextSource,
    ) -> Result<String, Message> {
        match source {
            TextSource::Text { text } => {
                if text.trim().is_empty() {
                    return Err(message!(
                        "representations.msg.empty",
                        "the text is empty; paste some text first"
                    ));
                }
                Ok(text.chars().take(crate::corpus::chars::MAX_CHARS).collect())
            }
            TextSource::Tang => {
                let corpus = self.library.corpus(call.id, source, call.host).await?;
                Ok(corpus.decode(&corpus.ids))
            }
        }
    }
}

/// Train `run` for about `budget_ms`; its slice and the seconds it took.
async fn timed_slice(
    run: &mut impl slice::Trainer,
    budget_ms: f64,
    host: &impl Host,
) -> Result<(slice::Slice, f64), Message> {
    let start = host.now_ms();
    let slice = slice::time_boxed(usize::MAX, Some(budget_ms), host, async |n| {
        run.run(n).await
    })
    .await?;
    Ok((slice, ((host.now_ms() - start) / 1000.0).max(1e-6)))
}

/// A token as the vocabulary holds it (lower-cased, trimmed).
pub(super) fn normalise(token: &str) -> String {
    token.trim().to_lowercase()
}

/// Neighbours by token.
pub(super) fn name(vocab: &Vocab, neighbours: Vec<Neighbour>) -> Vec<W2vNeighbour> {
    neighbours
        .into_iter()
        .map(|n| W2vNeighbour {
            token: vocab.tokens[n.id as usize].clone(),
            cosine: n.cosine,
        })
        .collect()
}
