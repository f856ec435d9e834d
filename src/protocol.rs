//! The messages between the page and the engine worker.
//!
//! Two tagged enums, [`Request`] and [`Event`], serialised with serde as
//! `{ "type": "...", ...fields }` in camelCase. Every request carries an `id`
//! that all of its events echo, so the page can route progress, results and
//! errors to whoever asked. The TypeScript side (`www/engine/protocol.ts`) is
//! generated from these types by a test (`protocol_ts_is_current`), so the two
//! cannot drift apart silently.

use serde::{Deserialize, Serialize};

use crate::backend::{BackendInfo, BackendPreference};
use crate::concepts::data::DataConfig;
use crate::concepts::lab::{ConceptsProgress, ConceptsSetup, Experiment, RunConfig};
use crate::concepts::race::{Race, RaceConfig};
use crate::diagnostics::DiagnosticsReport;
use crate::matmul_bench::MatmulReport;
use crate::sequence::inspect::{Gates, GradientFlow};
use crate::sequence::lab::{SequenceProgress, SequenceSetup, TextSource};
use crate::sequence::sample::{Sample, SampleConfig};
use crate::sequence::train::SequenceConfig;
use crate::text::Tokenization;
use crate::text::bpe_trainer::Merge;
use crate::text::cache::TokenizerId;
use crate::transformer::{HeadDetail, Inspection, Neighbour, Similarity};
use crate::vision::arch::NetConfig;
use crate::vision::lab::{VisionInspection, VisionProgress, VisionSetup};
use crate::vision::train::TrainConfig;

/// Identifies one request; its events echo it.
pub type RequestId = u32;

/// What the page asks the engine to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Request {
    /// Bring up the device. Answered by [`Event::Ready`].
    Init {
        id: RequestId,
        backend: BackendPreference,
    },
    /// The engine check: a matrix product and an autodiff backward pass,
    /// compared with answers computed independently in plain Rust.
    Diagnose { id: RequestId },
    /// Matrix-product throughput for each size, at least `min_ms` per size.
    MatmulBench {
        id: RequestId,
        sizes: Vec<u32>,
        min_ms: f64,
    },
    /// Cut `text` with each of `tokenizers` (loading them on first use).
    /// Counts and ids cover the whole text; only the first `max_tokens`
    /// tokens of each row are sent, which is all a page can draw.
    Tokenize {
        id: RequestId,
        text: String,
        tokenizers: Vec<TokenizerId>,
        max_tokens: u32,
    },
    /// Train a byte-level BPE with up to `merges` merges on `corpus`, and keep
    /// it for [`Request::EncodeBpe`].
    TrainBpe {
        id: RequestId,
        corpus: String,
        merges: u32,
    },
    /// Cut `text` with the first `upto` merges of the trained BPE.
    EncodeBpe {
        id: RequestId,
        text: String,
        upto: u32,
    },
    /// Run `text` through the Transformer lab's model (loading it on first
    /// use) and return every layer's attention and hidden states.
    Inspect { id: RequestId, text: String },
    /// The queries, keys and values of one head (`layer`, `head` from 0)
    /// for `text`.
    Head {
        id: RequestId,
        text: String,
        layer: u32,
        head: u32,
    },
    /// The `count` vocabulary tokens nearest to token `token` by input
    /// embedding.
    Nearest {
        id: RequestId,
        token: u32,
        count: u32,
    },
    /// Cosine similarities of the sentence embeddings of `sentences`.
    Similarity {
        id: RequestId,
        sentences: Vec<String>,
    },
    /// Build a fresh Vision-lab network and optimizer (fetching the digits
    /// on first use).
    VisionSetup {
        id: RequestId,
        net: NetConfig,
        train: TrainConfig,
    },
    /// Train for at most `steps` steps or about `budget_ms` milliseconds;
    /// with `evaluate`, also measure the test split afterwards.
    VisionTrain {
        id: RequestId,
        steps: u32,
        budget_ms: f64,
        evaluate: bool,
    },
    /// Classify one 28x28 image (784 bytes, 0 = background) and return the
    /// feature maps of every conv block.
    VisionInspect { id: RequestId, pixels: Vec<u8> },
    /// Quantize the trained network to int8 and fold its BatchNorm, and
    /// measure both on the test split.
    VisionCompress { id: RequestId },
    /// Build the Sequence lab's runs: one network, or all three recurrences
    /// when `compare` (fetching the Tang corpus on first use).
    SequenceSetup {
        id: RequestId,
        source: TextSource,
        config: SequenceConfig,
        compare: bool,
    },
    /// Train every run for at most `steps` steps, sharing about `budget_ms`;
    /// with `evaluate`, also measure the held-out text.
    SequenceTrain {
        id: RequestId,
        steps: u32,
        budget_ms: f64,
        evaluate: bool,
    },
    /// Generate text with run `run`, streamed as [`Event::Chunk`]s.
    SequenceSample {
        id: RequestId,
        run: u32,
        sample: SampleConfig,
    },
    /// ‖dLoss/dh_t‖ through `length` steps for each recurrence.
    SequenceGradients { id: RequestId, length: u32 },
    /// Every gate and state of run `run` along `text`.
    SequenceGates {
        id: RequestId,
        run: u32,
        text: String,
    },
    /// Build the networks of one Concepts-lab experiment on a fresh data set.
    ConceptsSetup {
        id: RequestId,
        experiment: Experiment,
        data: DataConfig,
        runs: Vec<RunConfig>,
    },
    /// Train an experiment's networks for about `budget_ms`; with
    /// `details`, also send decision regions, activations and weights.
    ConceptsTrain {
        id: RequestId,
        experiment: Experiment,
        budget_ms: f64,
        details: bool,
    },
    /// Race every optimizer on a 2-D surface.
    ConceptsRace { id: RequestId, race: RaceConfig },
    /// BatchNorm and LayerNorm of a small batch of real activations.
    ConceptsNorm {
        id: RequestId,
        data: DataConfig,
        batch: u32,
        features: u32,
    },
    /// Dropout in training and evaluation mode.
    ConceptsDropout { id: RequestId, p: f64, seed: u32 },
    /// Stop request `target` at its next slice boundary.
    Cancel { id: RequestId, target: RequestId },
    /// Panic on purpose, to prove that a crash surfaces as an error and the
    /// page restarts the engine.
    Crash { id: RequestId },
    /// Destroy the WebGPU device, to prove that a lost device falls back to
    /// the CPU. Does nothing on the CPU backend.
    LoseDevice { id: RequestId },
}

impl Request {
    /// The id its events will echo.
    pub fn id(&self) -> RequestId {
        match self {
            Request::Init { id, .. }
            | Request::Diagnose { id }
            | Request::MatmulBench { id, .. }
            | Request::Tokenize { id, .. }
            | Request::TrainBpe { id, .. }
            | Request::EncodeBpe { id, .. }
            | Request::Inspect { id, .. }
            | Request::Head { id, .. }
            | Request::Nearest { id, .. }
            | Request::Similarity { id, .. }
            | Request::VisionSetup { id, .. }
            | Request::VisionTrain { id, .. }
            | Request::VisionInspect { id, .. }
            | Request::VisionCompress { id }
            | Request::SequenceSetup { id, .. }
            | Request::SequenceTrain { id, .. }
            | Request::SequenceSample { id, .. }
            | Request::SequenceGradients { id, .. }
            | Request::SequenceGates { id, .. }
            | Request::ConceptsSetup { id, .. }
            | Request::ConceptsTrain { id, .. }
            | Request::ConceptsRace { id, .. }
            | Request::ConceptsNorm { id, .. }
            | Request::ConceptsDropout { id, .. }
            | Request::Cancel { id, .. }
            | Request::Crash { id }
            | Request::LoseDevice { id } => *id,
        }
    }
}

/// What the engine tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Event {
    /// The device is up. `fallback` says why it is not the one asked for.
    Ready {
        id: RequestId,
        backend: BackendInfo,
        fallback: Option<String>,
        init_ms: f64,
    },
    /// Long work advanced: `loaded` of `total` units of `stage`.
    Progress {
        id: RequestId,
        stage: String,
        loaded: f64,
        total: f64,
    },
    /// A piece of streamed text (generated characters), before the result.
    Chunk { id: RequestId, text: String },
    /// The request finished with this result.
    Result { id: RequestId, result: Reply },
    /// The request was cancelled before it finished.
    Cancelled { id: RequestId },
    /// The request failed. `fatal` means the engine is gone (a panic trapped
    /// the wasm instance) and must be restarted.
    Error {
        id: RequestId,
        message: String,
        fatal: bool,
    },
    /// The GPU device was lost; the page should restart the engine on the CPU.
    DeviceLost { message: String },
}

/// The result of a finished request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum Reply {
    /// Answer to [`Request::Diagnose`].
    Diagnosis(DiagnosticsReport),
    /// Answer to [`Request::MatmulBench`].
    Matmul(MatmulReport),
    /// Answer to [`Request::Tokenize`]: one row per tokenizer asked for.
    Tokens(Vec<TokenRow>),
    /// Answer to [`Request::TrainBpe`]: the merges learned.
    Bpe(Vec<Merge>),
    /// Answer to [`Request::EncodeBpe`].
    BpeTokens(Tokenization),
    /// Answer to [`Request::Inspect`].
    Inspection(Inspection),
    /// Answer to [`Request::Head`].
    Head(HeadDetail),
    /// Answer to [`Request::Nearest`].
    Neighbours(Vec<Neighbour>),
    /// Answer to [`Request::Similarity`].
    Similarity(Similarity),
    /// Answer to [`Request::VisionSetup`].
    VisionSetup(VisionSetup),
    /// Answer to [`Request::VisionTrain`].
    VisionProgress(VisionProgress),
    /// Answer to [`Request::VisionInspect`].
    VisionInspection(VisionInspection),
    /// Answer to [`Request::VisionCompress`].
    VisionCompression(crate::vision::compress::Compression),
    /// Answer to [`Request::SequenceSetup`].
    SequenceSetup(SequenceSetup),
    /// Answer to [`Request::SequenceTrain`].
    SequenceProgress(SequenceProgress),
    /// Answer to [`Request::SequenceSample`].
    Sample(Sample),
    /// Answer to [`Request::SequenceGradients`].
    GradientFlow(GradientFlow),
    /// Answer to [`Request::SequenceGates`].
    Gates(Gates),
    /// Answer to [`Request::ConceptsSetup`].
    ConceptsSetup(ConceptsSetup),
    /// Answer to [`Request::ConceptsTrain`].
    ConceptsProgress(ConceptsProgress),
    /// Answer to [`Request::ConceptsRace`].
    Race(Race),
    /// Answer to [`Request::ConceptsNorm`].
    NormDemo(crate::concepts::norm::NormDemo),
    /// Answer to [`Request::ConceptsDropout`].
    DropoutDemo(crate::concepts::dropout::DropoutDemo),
    /// Answer to requests that only acknowledge.
    Done,
}

/// One tokenizer's cut of the text, or why it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TokenRow {
    /// Which tokenizer.
    pub tokenizer: TokenizerId,
    /// Its tokens (at most `max_tokens` of them), if it worked.
    pub tokenization: Option<Tokenization>,
    /// How many tokens the whole text has.
    pub count: u32,
    /// Every token's id (empty for tokenizers without ids).
    pub ids: Vec<u32>,
    /// Why it did not.
    pub error: Option<String>,
    /// Time to tokenize (not to load), in milliseconds.
    pub ms: f64,
}

/// Large `f32` arrays travel as little-endian bytes: serde-wasm-bindgen turns
/// bytes into one `Uint8Array` (the page views it as a `Float32Array`)
/// instead of a JavaScript array of numbers, which would cost a conversion
/// per value.
pub mod f32_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Write `values` as bytes.
    pub fn serialize<S: Serializer>(values: &[f32], serializer: S) -> Result<S::Ok, S::Error> {
        // On little-endian targets (wasm32, x86, arm) the floats already are
        // their bytes: hand them over without a copy (tens of MB at 512 tokens).
        #[cfg(target_endian = "little")]
        {
            // SAFETY: f32 has no padding and any byte is a valid u8; the
            // slice covers exactly the floats' memory and borrows `values`.
            let bytes = unsafe {
                std::slice::from_raw_parts(
                    values.as_ptr().cast::<u8>(),
                    std::mem::size_of_val(values),
                )
            };
            serializer.serialize_bytes(bytes)
        }
        #[cfg(not(target_endian = "little"))]
        {
            let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
            serializer.serialize_bytes(&bytes)
        }
    }

    /// Read values written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<f32>, D::Error> {
        let bytes: Vec<u8> = Vec::deserialize(deserializer)?;
        if !bytes.len().is_multiple_of(4) {
            return Err(serde::de::Error::custom(
                "f32 bytes: length is not a multiple of 4",
            ));
        }
        Ok(bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ts_rs::TS;

    /// The TypeScript mirror of the protocol, as the Rust types define it.
    fn generated_ts() -> String {
        use crate::backend::{BackendKind, BackendPreference};
        use crate::diagnostics::{Check, DiagnosticsReport};
        use crate::matmul_bench::{MatmulReport, MatmulTiming};
        let cfg = ts_rs::Config::default();
        let decls = [
            BackendPreference::decl(&cfg),
            BackendKind::decl(&cfg),
            BackendInfo::decl(&cfg),
            Check::decl(&cfg),
            DiagnosticsReport::decl(&cfg),
            MatmulTiming::decl(&cfg),
            MatmulReport::decl(&cfg),
            crate::text::Token::decl(&cfg),
            Tokenization::decl(&cfg),
            TokenizerId::decl(&cfg),
            TokenRow::decl(&cfg),
            Merge::decl(&cfg),
            Inspection::decl(&cfg),
            HeadDetail::decl(&cfg),
            Neighbour::decl(&cfg),
            Similarity::decl(&cfg),
            crate::vision::arch::Pool::decl(&cfg),
            crate::vision::arch::ActivationKind::decl(&cfg),
            crate::vision::arch::ConvBlock::decl(&cfg),
            NetConfig::decl(&cfg),
            crate::vision::arch::LayerInfo::decl(&cfg),
            crate::vision::net::Init::decl(&cfg),
            crate::optimizer::OptimizerKind::decl(&cfg),
            TrainConfig::decl(&cfg),
            crate::vision::train::Evaluation::decl(&cfg),
            VisionSetup::decl(&cfg),
            VisionProgress::decl(&cfg),
            crate::vision::lab::FeatureMaps::decl(&cfg),
            VisionInspection::decl(&cfg),
            crate::vision::compress::Folding::decl(&cfg),
            crate::vision::compress::Compression::decl(&cfg),
            crate::sequence::cell::CellKind::decl(&cfg),
            SequenceConfig::decl(&cfg),
            TextSource::decl(&cfg),
            crate::sequence::lab::RunInfo::decl(&cfg),
            SequenceSetup::decl(&cfg),
            crate::sequence::lab::RunProgress::decl(&cfg),
            SequenceProgress::decl(&cfg),
            SampleConfig::decl(&cfg),
            Sample::decl(&cfg),
            crate::sequence::inspect::GradientRun::decl(&cfg),
            GradientFlow::decl(&cfg),
            crate::sequence::inspect::GateMap::decl(&cfg),
            Gates::decl(&cfg),
            crate::concepts::data::Dataset::decl(&cfg),
            DataConfig::decl(&cfg),
            crate::concepts::data::Points::decl(&cfg),
            crate::concepts::mlp::Act::decl(&cfg),
            crate::concepts::mlp::InitKind::decl(&cfg),
            crate::concepts::mlp::Norm::decl(&cfg),
            crate::concepts::mlp::MlpConfig::decl(&cfg),
            crate::concepts::train::FitConfig::decl(&cfg),
            Experiment::decl(&cfg),
            RunConfig::decl(&cfg),
            ConceptsSetup::decl(&cfg),
            crate::concepts::train::Histogram::decl(&cfg),
            crate::concepts::train::WeightStats::decl(&cfg),
            crate::concepts::train::Details::decl(&cfg),
            crate::concepts::train::FitProgress::decl(&cfg),
            ConceptsProgress::decl(&cfg),
            crate::concepts::race::Surface::decl(&cfg),
            crate::concepts::race::Racer::decl(&cfg),
            RaceConfig::decl(&cfg),
            crate::concepts::race::Path::decl(&cfg),
            Race::decl(&cfg),
            crate::concepts::norm::NormDemo::decl(&cfg),
            crate::concepts::dropout::DropoutDemo::decl(&cfg),
            Reply::decl(&cfg),
            Request::decl(&cfg),
            Event::decl(&cfg),
        ];
        let mut out = String::from(
            "// Generated from src/protocol.rs by `cargo test protocol_ts_is_current`\n\
             // (set KINDLING_BLESS=1 to rewrite). Do not edit by hand.\n\n",
        );
        for decl in decls {
            out.push_str("export ");
            out.push_str(&decl);
            out.push_str("\n\n");
        }
        out.trim_end().to_owned() + "\n"
    }

    #[test]
    fn protocol_ts_is_current() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/www/engine/protocol.generated.ts"
        );
        let want = generated_ts();
        if std::env::var_os("KINDLING_BLESS").is_some() {
            std::fs::write(path, &want).expect("write protocol.generated.ts");
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "www/engine/protocol.generated.ts is out of date with src/protocol.rs; \
             rerun with KINDLING_BLESS=1"
        );
    }

    #[test]
    fn request_wire_format_is_tagged_camel_case() {
        let json = r#"{"type":"matmulBench","id":7,"sizes":[128],"minMs":50}"#;
        let req: Request = serde_json::from_str(json).unwrap();
        assert_eq!(
            req,
            Request::MatmulBench {
                id: 7,
                sizes: vec![128],
                min_ms: 50.0
            }
        );
        assert_eq!(req.id(), 7);
    }

    #[test]
    fn event_wire_format_is_tagged_camel_case() {
        let event = Event::Error {
            id: 3,
            message: "boom".into(),
            fatal: false,
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type":"error","id":3,"message":"boom","fatal":false})
        );
        let done = serde_json::to_value(Event::Result {
            id: 1,
            result: Reply::Done,
        })
        .unwrap();
        assert_eq!(
            done,
            serde_json::json!({"type":"result","id":1,"result":{"kind":"done"}})
        );
    }

    #[test]
    fn f32_arrays_travel_as_bytes_and_come_back() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Holder(#[serde(with = "f32_bytes")] Vec<f32>);
        let values = Holder(vec![1.0, -0.5, f32::MIN_POSITIVE]);
        let json = serde_json::to_value(&values).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 12, "4 bytes per value");
        assert_eq!(serde_json::from_value::<Holder>(json).unwrap(), values);
    }

    #[test]
    fn unknown_request_type_is_an_error_not_a_panic() {
        assert!(serde_json::from_str::<Request>(r#"{"type":"nope","id":1}"#).is_err());
    }
}
