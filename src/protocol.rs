//! The messages between the page and the engine worker, as one union.
//!
//! Each lab defines its own requests and replies beside its front door
//! (`src/<lab>/lab.rs`); this module only gathers them, in one table
//! (`labs!`), above the labs, so that the labs never import it (the small words they share are in
//! [`crate::wire`]). On the wire a request is `{ "type": "...", "id": n,
//! ...fields }` in camelCase: the id travels in the [`Envelope`], not inside
//! every variant, and the `type` tags are the labs' own. Replies are
//! `{ "kind": "...", "value": ... }`. The TypeScript side
//! (`www/engine/protocol.generated.ts`) is generated from these types by a
//! test (`protocol_ts_is_current`), with every type the roots reach found by
//! walking them, so the two cannot drift apart silently.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::backend::{BackendInfo, BackendPreference, ThreadPreference};
use crate::call::Call;
use crate::check::{CheckLab, CheckReply, CheckRequest};
use crate::concepts::{ConceptsLab, ConceptsReply, ConceptsRequest};
use crate::gpt::{GptLab, GptReply, GptRequest};
use crate::host::Host;
use crate::lab::{Lab, Shared};
use crate::lora::{LoraLab, LoraReply, LoraRequest};
use crate::precision::{PrecisionLab, PrecisionReply, PrecisionRequest};
use crate::representations::{RepresentationsLab, RepresentationsReply, RepresentationsRequest};
use crate::sequence::{SequenceLab, SequenceReply, SequenceRequest};
use crate::text::{TextLab, TextReply, TextRequest};
use crate::transformer::{TransformerLab, TransformerReply, TransformerRequest};
use crate::vision::{VisionLab, VisionReply, VisionRequest};
use crate::wire::{Drawn, Message, Outcome, Param, RequestId, Update};

/// One request as it crosses the wire: its id beside its body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Envelope {
    /// The id its events echo.
    pub id: RequestId,
    /// What is asked.
    #[serde(flatten)]
    pub request: Request,
}

/// The table of labs: one row per lab (its variant, front door, request and
/// reply types). From it come the unions of requests and replies, their
/// conversions, the reply-kind table and [`Labs`], which routes a request
/// to its lab. Adding a lab is adding a row.
macro_rules! labs {
    ($($(#[$doc:meta])* $name:ident: $field:ident($lab:ty, $request:ty, $reply:ty)),* $(,)?) => {
        /// What the page asks, by lab. The variants are untagged: each
        /// lab's request carries its own `type` tag.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(test, derive(ts_rs::TS))]
        #[serde(untagged)]
        pub enum Request {
            /// The engine's own requests.
            Engine(EngineRequest),
            $($(#[$doc])* $name($request),)*
        }

        /// The result of a finished request, by lab; each lab's reply
        /// carries its own `kind` tag.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(test, derive(ts_rs::TS))]
        #[serde(untagged)]
        pub enum Reply {
            /// The engine's own acknowledgements.
            Engine(EngineReply),
            $($(#[$doc])* $name($reply),)*
        }

        $(
            impl From<$request> for Request {
                fn from(request: $request) -> Self {
                    Request::$name(request)
                }
            }
            impl From<$reply> for Reply {
                fn from(reply: $reply) -> Self {
                    Reply::$name(reply)
                }
            }
        )*

        /// Every lab's front door.
        pub struct Labs {
            $($field: $lab,)*
        }

        impl Labs {
            /// Every lab, before any request.
            pub fn new(shared: &Shared) -> Self {
                Self {
                    $($field: <$lab as Lab>::new(shared),)*
                }
            }

            /// Send a lab's request to its lab; `Err` gives back a request
            /// that is not a lab's.
            pub async fn handle(
                &self,
                call: &Call<'_, impl Host>,
                request: Request,
            ) -> Result<Outcome<Reply>, EngineRequest> {
                match request {
                    Request::Engine(request) => Err(request),
                    $(Request::$name(request) => Ok(self
                        .$field
                        .handle(call, request)
                        .await
                        .map(|answer| answer.map(Reply::$name))),)*
                }
            }
        }

        /// Which reply kind answers which request type, for every request
        /// the engine takes (`init` is answered by [`Event::Ready`]); the
        /// page's `client.request` derives its result type from it.
        pub fn reply_kinds() -> Vec<(&'static str, &'static str)> {
            let engine: &[(&str, &str)] =
                &[
                ("cancel", "done"),
                ("crash", "done"),
                ("loseDevice", "done"),
                ("memory", "memory"),
            ];
            [engine, $(<$lab as Lab>::REPLIES),*].concat()
        }
    };
}

labs! {
    /// The device check.
    Check: check(CheckLab, CheckRequest, CheckReply),
    /// The Text lab.
    Text: text(TextLab, TextRequest, TextReply),
    /// The Transformer lab.
    Transformer: transformer(TransformerLab, TransformerRequest, TransformerReply),
    /// The Vision lab.
    Vision: vision(VisionLab, VisionRequest, VisionReply),
    /// The Sequence lab.
    Sequence: sequence(SequenceLab, SequenceRequest, SequenceReply),
    /// The Concepts lab.
    Concepts: concepts(ConceptsLab, ConceptsRequest, ConceptsReply),
    /// The GPT lab.
    Gpt: gpt(GptLab, GptRequest, GptReply),
    /// The LoRA lab.
    Lora: lora(LoraLab, LoraRequest, LoraReply),
    /// The Precision lab.
    Precision: precision(PrecisionLab, PrecisionRequest, PrecisionReply),
    /// The Representations lab.
    Representations: representations(RepresentationsLab, RepresentationsRequest, RepresentationsReply),
}

impl From<EngineRequest> for Request {
    fn from(request: EngineRequest) -> Self {
        Request::Engine(request)
    }
}

/// Requests about the engine itself rather than a lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum EngineRequest {
    /// Bring up the device. Answered by [`Event::Ready`]. `threads` is
    /// acted on by the worker, which picks the engine build to load.
    Init {
        backend: BackendPreference,
        threads: ThreadPreference,
    },
    /// Stop request `target` at its next slice boundary.
    Cancel { target: RequestId },
    /// Panic on purpose, to prove that a crash surfaces as an error and the
    /// page restarts the engine.
    Crash,
    /// Destroy the WebGPU device, to prove that a lost device falls back to
    /// the CPU. Refused on the CPU backend.
    LoseDevice,
    /// How much memory the engine holds (answered by [`EngineReply::Memory`]).
    Memory,
}

/// The engine's answer to its own requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum EngineReply {
    /// The request was carried out; there is nothing to return.
    Done,
    /// Bytes of the engine's linear memory (a number: up to 4 GiB does not fit a u32); `None` where the host cannot tell.
    Memory(Option<f64>),
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
    /// Generated tokens with their distributions, before the result.
    Tokens { id: RequestId, tokens: Vec<Drawn> },
    /// The request finished with this result.
    Result { id: RequestId, result: Reply },
    /// The request was cancelled before it finished.
    Cancelled { id: RequestId },
    /// The request failed: `message` in English, `code` and `params` for
    /// the page to say it in the learner's language (see [`Message`]).
    /// `fatal` means the engine is gone (a panic trapped the wasm instance)
    /// and must be restarted.
    Error {
        id: RequestId,
        message: String,
        code: String,
        params: BTreeMap<String, Param>,
        fatal: bool,
    },
    /// The GPU device was lost; the page should restart the engine on the CPU.
    DeviceLost { message: String },
}

impl Event {
    /// The event that ends request `id` with `message`.
    pub fn error(id: RequestId, message: Message, fatal: bool) -> Self {
        Event::Error {
            id,
            message: message.text,
            code: message.code,
            params: message.params,
            fatal,
        }
    }
}

impl From<Update> for Event {
    fn from(update: Update) -> Self {
        match update {
            Update::Progress {
                id,
                stage,
                loaded,
                total,
            } => Event::Progress {
                id,
                stage,
                loaded,
                total,
            },
            Update::Chunk { id, text } => Event::Chunk { id, text },
            Update::Tokens { id, tokens } => Event::Tokens { id, tokens },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::any::TypeId;
    use std::collections::HashSet;

    use ts_rs::{TS, TypeVisitor};

    use super::*;

    /// Every declarable type the roots reach, by name (ts-rs visits them in
    /// no fixed order; TypeScript needs none).
    struct Declarations {
        cfg: ts_rs::Config,
        seen: HashSet<TypeId>,
        out: Vec<(String, String)>,
    }

    impl TypeVisitor for Declarations {
        fn visit<T: TS + 'static + ?Sized>(&mut self) {
            if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
                return;
            }
            T::visit_dependencies(self);
            T::visit_generics(self);
            self.out.push((T::name(&self.cfg), T::decl(&self.cfg)));
        }
    }

    /// The TypeScript mirror of the protocol, as the Rust types define it:
    /// the roots and everything they reach, then the reply-kind table.
    fn generated_ts() -> String {
        let mut found = Declarations {
            cfg: ts_rs::Config::default(),
            seen: HashSet::new(),
            out: Vec::new(),
        };
        found.visit::<Request>();
        found.visit::<Envelope>();
        found.visit::<Event>();
        let mut out = String::from(
            "// Generated from src/protocol.rs and the labs' request and reply types by\n\
             // `cargo test protocol_ts_is_current` (set KINDLING_BLESS=1 to rewrite).\n\
             // Do not edit by hand.\n\n",
        );
        found.out.sort();
        for (_, decl) in found.out {
            out.push_str("export ");
            out.push_str(&decl);
            out.push_str("\n\n");
        }
        out.push_str(
            "/** Which reply kind answers which request type. */\nexport type ReplyKinds = {\n",
        );
        for (request, reply) in reply_kinds() {
            out.push_str(&format!("  {request}: \"{reply}\";\n"));
        }
        out.push_str("};\n");
        out
    }

    #[test]
    fn protocol_ts_is_current() {
        let path = crate::host::testing::checkout("www/engine/protocol.generated.ts");
        let want = generated_ts();
        if std::env::var_os("KINDLING_BLESS").is_some() {
            std::fs::write(&path, &want).expect("write protocol.generated.ts");
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "www/engine/protocol.generated.ts is out of date with src/protocol.rs; \
             rerun with KINDLING_BLESS=1"
        );
    }

    #[test]
    fn every_request_type_has_one_reply_kind() {
        let kinds = reply_kinds();
        let types: HashSet<&str> = kinds.iter().map(|(t, _)| *t).collect();
        assert_eq!(types.len(), kinds.len(), "a request type is listed twice");
    }

    #[test]
    fn request_wire_format_is_tagged_camel_case_with_the_id_beside() {
        let json = r#"{"type":"matmulBench","id":7,"sizes":[128],"minMs":50.0}"#;
        let envelope: Envelope = serde_json::from_str(json).unwrap();
        assert_eq!(
            envelope,
            Envelope {
                id: 7,
                request: Request::Check(CheckRequest::MatmulBench {
                    sizes: vec![128],
                    min_ms: 50.0
                })
            }
        );
        let back = serde_json::to_value(&envelope).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
        let setup = r#"{"type":"visionCompress","id":3}"#;
        assert_eq!(
            serde_json::from_str::<Envelope>(setup).unwrap().request,
            Request::Vision(VisionRequest::Compress)
        );
    }

    #[test]
    fn event_wire_format_is_tagged_camel_case() {
        let refusal = crate::message!("vision.msg.blocks", "use 1 to {max} conv blocks", max = 3);
        let json = serde_json::to_value(Event::error(3, refusal, false)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type":"error","id":3,"message":"use 1 to 3 conv blocks",
                "code":"vision.msg.blocks","params":{"max":3.0},"fatal":false})
        );
        let done = serde_json::to_value(Event::Result {
            id: 1,
            result: Reply::Engine(EngineReply::Done),
        })
        .unwrap();
        assert_eq!(
            done,
            serde_json::json!({"type":"result","id":1,"result":{"kind":"done"}})
        );
        let update = Update::Chunk {
            id: 4,
            text: "床".into(),
        };
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            serde_json::to_value(Event::from(update)).unwrap()
        );
    }

    #[test]
    fn unknown_request_type_is_an_error_not_a_panic() {
        assert!(serde_json::from_str::<Envelope>(r#"{"type":"nope","id":1}"#).is_err());
        assert!(serde_json::from_str::<Envelope>(r#"{"type":"diagnose"}"#).is_err());
    }
}
