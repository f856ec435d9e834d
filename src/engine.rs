//! The engine: answers each [`Request`] with [`Event`]s through a [`Host`].
//!
//! It owns the active backend (chosen once, by [`Request::Init`]) and routes
//! every other request to the module that does the work. It is plain Rust:
//! the wasm facade in `web.rs` only converts messages and provides the host.
//! Several requests may be in flight at once (a `cancel` arrives while a bench
//! runs), so no borrow of the engine's state is held across an `await`.

use std::cell::RefCell;

use crate::backend::ActiveBackend;
use crate::concepts::lab::ConceptsLab;
use crate::host::{Cancelled, Host};
use crate::protocol::TokenRow;
use crate::protocol::{Event, Reply, Request, RequestId};
use crate::sequence::lab::SequenceLab;
use crate::text::bpe_trainer::BpeModel;
use crate::text::cache::{TokenizerCache, TokenizerId};
use crate::transformer::{self, MiniLm, TransformerLab};
use crate::vision::lab::VisionLab;
use crate::{diagnostics, matmul_bench};
use std::rc::Rc;

/// Most steps one training request may take.
const MAX_SLICE_STEPS: u32 = 10_000;
/// Longest time one training request may train: the worker answers
/// nothing else meanwhile.
const MAX_SLICE_MS: f64 = 10_000.0;

/// Request-handling state of one engine instance.
#[derive(Default)]
pub struct Engine {
    backend: RefCell<Option<ActiveBackend>>,
    tokenizers: TokenizerCache,
    bpe: RefCell<Option<BpeModel>>,
    transformer: TransformerLab,
    vision: VisionLab,
    sequence: SequenceLab,
    concepts: ConceptsLab,
}

impl Engine {
    /// A new engine with no device yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The active backend, once initialised.
    pub fn backend(&self) -> Option<ActiveBackend> {
        self.backend.borrow().clone()
    }

    /// Handle one request to completion, emitting its events through `host`.
    pub async fn handle(&self, request: Request, host: &impl Host) {
        let id = request.id();
        let outcome = self.dispatch(request, host).await;
        if outcome.is_err() && self.device_was_lost(host).await {
            // The page restarts the engine on the CPU and sends the request
            // again; an error now would make it give up instead.
            return;
        }
        let event = match outcome {
            Ok(Ok(Some(result))) => Event::Result { id, result },
            Ok(Ok(None)) => return,
            Ok(Err(Cancelled)) => Event::Cancelled { id },
            Err(message) => Event::Error {
                id,
                message,
                fatal: false,
            },
        };
        host.emit(event);
    }

    /// Whether a failure on WebGPU came from losing the device. The loss is
    /// reported by a callback that may run a moment after the failed read,
    /// so give it a few turns of the event loop.
    async fn device_was_lost(&self, host: &impl Host) -> bool {
        let on_gpu = self
            .backend()
            .is_some_and(|b| b.info.kind == crate::backend::BackendKind::Webgpu);
        if !on_gpu {
            return false;
        }
        for _ in 0..20 {
            if host.device_lost() {
                return true;
            }
            host.yield_now().await;
        }
        host.device_lost()
    }

    /// The Transformer lab's model, loaded on first use.
    async fn minilm(&self, id: RequestId, host: &impl Host) -> Result<(Rc<MiniLm>, bool), String> {
        let device = self.device(id)?;
        self.transformer
            .model(id, &device, &self.tokenizers, host)
            .await
    }

    /// `Ok(Ok(None))` when the handler emitted its own answer.
    async fn dispatch(
        &self,
        request: Request,
        host: &impl Host,
    ) -> Result<Result<Option<Reply>, Cancelled>, String> {
        match request {
            Request::Init { id, backend } => {
                let start = host.now_ms();
                let existing = self.backend();
                let (active, fallback) = match existing {
                    Some(active) => (active, None),
                    None => ActiveBackend::init(backend).await,
                };
                *self.backend.borrow_mut() = Some(active.clone());
                host.emit(Event::Ready {
                    id,
                    backend: active.info,
                    fallback,
                    init_ms: host.now_ms() - start,
                });
                Ok(Ok(None))
            }
            Request::Diagnose { id } => {
                let device = self.device(id)?;
                let report = diagnostics::run(&device, host).await?;
                Ok(Ok(Some(Reply::Diagnosis(report))))
            }
            Request::MatmulBench { id, sizes, min_ms } => {
                let device = self.device(id)?;
                let report = matmul_bench::run(id, &sizes, min_ms, &device, host).await?;
                Ok(report.map(|r| Some(Reply::Matmul(r))))
            }
            Request::Tokenize {
                id,
                text,
                tokenizers,
                max_tokens,
            } => {
                let mut rows = Vec::with_capacity(tokenizers.len());
                for tokenizer in tokenizers {
                    rows.push(self.token_row(id, tokenizer, &text, max_tokens, host).await);
                }
                Ok(Ok(Some(Reply::Tokens(rows))))
            }
            Request::TrainBpe { corpus, merges, .. } => {
                let model = BpeModel::train(&corpus, merges as usize)?;
                let merges = model.merges.clone();
                *self.bpe.borrow_mut() = Some(model);
                Ok(Ok(Some(Reply::Bpe(merges))))
            }
            Request::EncodeBpe { text, upto, .. } => {
                let bpe = self.bpe.borrow();
                let model = bpe.as_ref().ok_or("train the BPE first")?;
                Ok(Ok(Some(Reply::BpeTokens(
                    model.tokenize(&text, upto as usize),
                ))))
            }
            Request::Inspect { id, text } => {
                let (model, loaded) = self.minilm(id, host).await?;
                let mut inspection =
                    transformer::inspect(&self.transformer, &model, &text, host).await?;
                inspection.load_ms = loaded.then_some(model.load_ms);
                Ok(Ok(Some(Reply::Inspection(inspection))))
            }
            Request::Head {
                id,
                text,
                layer,
                head,
            } => {
                let (model, _) = self.minilm(id, host).await?;
                let detail = transformer::head_detail(
                    &self.transformer,
                    &model,
                    &text,
                    layer as usize,
                    head as usize,
                )
                .await?;
                Ok(Ok(Some(Reply::Head(detail))))
            }
            Request::Nearest { id, token, count } => {
                let (model, _) = self.minilm(id, host).await?;
                let found = transformer::nearest(&model, token, count.min(100) as usize).await?;
                Ok(Ok(Some(Reply::Neighbours(found))))
            }
            Request::Similarity { id, sentences } => {
                let (model, _) = self.minilm(id, host).await?;
                let result = transformer::similarity(id, &model, &sentences, host).await?;
                Ok(result.map(|s| Some(Reply::Similarity(s))))
            }
            Request::VisionSetup { id, net, train } => {
                let device = self.device(id)?;
                let setup = self.vision.setup(id, &net, train, &device, host).await?;
                Ok(Ok(Some(Reply::VisionSetup(setup))))
            }
            Request::VisionTrain {
                steps,
                budget_ms,
                evaluate,
                ..
            } => {
                let progress = self
                    .vision
                    .train(
                        steps.min(MAX_SLICE_STEPS),
                        budget_ms.clamp(1.0, MAX_SLICE_MS),
                        evaluate,
                        host,
                    )
                    .await?;
                Ok(Ok(Some(Reply::VisionProgress(progress))))
            }
            Request::VisionInspect { pixels, .. } => {
                let inspection = self.vision.inspect(&pixels, host).await?;
                Ok(Ok(Some(Reply::VisionInspection(inspection))))
            }
            Request::VisionCompress { .. } => {
                let compression = self.vision.compress(host).await?;
                Ok(Ok(Some(Reply::VisionCompression(compression))))
            }
            Request::SequenceSetup {
                id,
                source,
                config,
                compare,
            } => {
                let device = self.device(id)?;
                let setup = self
                    .sequence
                    .setup(id, &source, config, compare, &device, host)
                    .await?;
                Ok(Ok(Some(Reply::SequenceSetup(setup))))
            }
            Request::SequenceTrain {
                steps,
                budget_ms,
                evaluate,
                ..
            } => {
                let progress = self
                    .sequence
                    .train(
                        steps.min(MAX_SLICE_STEPS),
                        budget_ms.clamp(1.0, MAX_SLICE_MS),
                        evaluate,
                        host,
                    )
                    .await?;
                Ok(Ok(Some(Reply::SequenceProgress(progress))))
            }
            Request::SequenceSample { id, run, sample } => {
                let result = self.sequence.sample(id, run, &sample, host).await?;
                Ok(result.map(|s| Some(Reply::Sample(s))))
            }
            Request::SequenceGradients { length, .. } => {
                let flow = self.sequence.gradients(length, host).await?;
                Ok(Ok(Some(Reply::GradientFlow(flow))))
            }
            Request::SequenceGates { run, text, .. } => {
                let gates = self.sequence.gates(run, &text, host).await?;
                Ok(Ok(Some(Reply::Gates(gates))))
            }
            Request::ConceptsSetup {
                id,
                experiment,
                data,
                runs,
            } => {
                let device = self.device(id)?;
                let setup = self.concepts.setup(experiment, &data, &runs, &device)?;
                Ok(Ok(Some(Reply::ConceptsSetup(setup))))
            }
            Request::ConceptsTrain {
                experiment,
                budget_ms,
                details,
                ..
            } => {
                let progress = self
                    .concepts
                    .train(
                        experiment,
                        budget_ms.clamp(1.0, MAX_SLICE_MS),
                        details,
                        host,
                    )
                    .await?;
                Ok(Ok(Some(Reply::ConceptsProgress(progress))))
            }
            Request::ConceptsRace { id, race } => {
                let device = self.device(id)?;
                let race = crate::concepts::race::race(&race, &device).await?;
                Ok(Ok(Some(Reply::Race(race))))
            }
            Request::ConceptsNorm {
                id,
                data,
                batch,
                features,
            } => {
                let device = self.device(id)?;
                data.check()?;
                let (points, _) = data.make();
                let demo = crate::concepts::norm::demo(
                    &points,
                    batch as usize,
                    features as usize,
                    u64::from(data.seed),
                    &device,
                )
                .await?;
                Ok(Ok(Some(Reply::NormDemo(demo))))
            }
            Request::ConceptsDropout { id, p, seed } => {
                let device = self.device(id)?;
                let demo = crate::concepts::dropout::demo(p, u64::from(seed), &device).await?;
                Ok(Ok(Some(Reply::DropoutDemo(demo))))
            }
            Request::Cancel { target, .. } => {
                host.cancel(target);
                Ok(Ok(Some(Reply::Done)))
            }
            Request::LoseDevice { .. } => {
                if host.lose_device() {
                    Ok(Ok(Some(Reply::Done)))
                } else {
                    Err("there is no GPU device to lose on this backend".into())
                }
            }
            Request::Crash { id } => {
                panic!("deliberate engine crash (request {id}), to test recovery")
            }
        }
    }

    /// One tokenizer's row; loading may fetch, so only the cutting is timed.
    async fn token_row(
        &self,
        id: RequestId,
        tokenizer: TokenizerId,
        text: &str,
        max_tokens: u32,
        host: &impl Host,
    ) -> TokenRow {
        let mut row = TokenRow {
            tokenizer,
            tokenization: None,
            count: 0,
            ids: Vec::new(),
            error: None,
            ms: 0.0,
        };
        let cut = match self.tokenizers.load(id, tokenizer, host).await {
            Ok(loaded) => {
                let start = host.now_ms();
                let cut = loaded.tokenize(text);
                row.ms = host.now_ms() - start;
                cut
            }
            Err(e) => Err(e),
        };
        match cut {
            Ok(mut t) => {
                (row.count, row.ids) = (t.tokens.len() as u32, t.ids());
                t.tokens.truncate(max_tokens as usize);
                row.tokenization = Some(t);
            }
            Err(e) => row.error = Some(e),
        }
        row
    }

    fn device(&self, id: RequestId) -> Result<burn::tensor::Device, String> {
        self.backend()
            .map(|b| b.device)
            .ok_or_else(|| format!("request {id} arrived before the engine was initialised"))
    }
}

/// Driving an engine from tests, as the page does.
#[cfg(test)]
pub(crate) mod testing {
    use super::Engine;
    use crate::backend::BackendPreference;
    use crate::host::testing::{TestHost, block_on};
    use crate::protocol::{Event, Reply, Request};

    /// An engine initialised on the CPU backend, and its host.
    pub fn cpu_engine() -> (Engine, TestHost) {
        let (engine, host) = (Engine::new(), TestHost::default());
        let init = Request::Init {
            id: 1,
            backend: BackendPreference::Cpu,
        };
        block_on(engine.handle(init, &host));
        (engine, host)
    }

    /// Send `request` and wait: its result, or its error's message.
    pub fn ask(engine: &Engine, host: &TestHost, request: Request) -> Result<Reply, String> {
        block_on(engine.handle(request, host));
        match host.events.borrow().last() {
            Some(Event::Result { result, .. }) => Ok(result.clone()),
            Some(Event::Error { message, .. }) => Err(message.clone()),
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{BackendKind, BackendPreference};
    use crate::host::testing::{TestHost, block_on};

    fn init(engine: &Engine, host: &TestHost, backend: BackendPreference) {
        block_on(engine.handle(Request::Init { id: 1, backend }, host));
    }

    #[test]
    fn webgpu_request_falls_back_to_cpu_with_a_reason_natively() {
        let (engine, host) = (Engine::new(), TestHost::default());
        init(&engine, &host, BackendPreference::Webgpu);
        let events = host.events.borrow();
        match &events[0] {
            Event::Ready {
                id: 1,
                backend,
                fallback: Some(reason),
                ..
            } => {
                assert_eq!(backend.kind, BackendKind::Cpu);
                assert!(reason.contains("WebGPU"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn diagnose_before_init_is_an_error_event() {
        let (engine, host) = (Engine::new(), TestHost::default());
        block_on(engine.handle(Request::Diagnose { id: 5 }, &host));
        assert!(matches!(
            &host.events.borrow()[0],
            Event::Error {
                id: 5,
                fatal: false,
                ..
            }
        ));
    }

    #[test]
    fn diagnose_after_init_passes() {
        let (engine, host) = (Engine::new(), TestHost::default());
        init(&engine, &host, BackendPreference::Cpu);
        block_on(engine.handle(Request::Diagnose { id: 2 }, &host));
        match &host.events.borrow()[1] {
            Event::Result {
                id: 2,
                result: Reply::Diagnosis(report),
            } => assert!(report.passed),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn cancel_marks_the_target_and_the_bench_stops() {
        let (engine, host) = (Engine::new(), TestHost::default());
        init(&engine, &host, BackendPreference::Cpu);
        block_on(engine.handle(Request::Cancel { id: 3, target: 4 }, &host));
        let bench = Request::MatmulBench {
            id: 4,
            sizes: vec![32],
            min_ms: 1e9,
        };
        block_on(engine.handle(bench, &host));
        let events = host.events.borrow();
        assert!(matches!(events.last(), Some(Event::Cancelled { id: 4 })));
    }

    #[test]
    fn tokenize_loads_each_tokenizer_from_its_asset_and_reports_rows() {
        use crate::text::cache::TokenizerId as T;
        let (engine, host) = (Engine::new(), TestHost::default());
        let all = vec![
            T::Wordpiece,
            T::R50kBase,
            T::Cl100kBase,
            T::O200kBase,
            T::Jieba,
            T::JiebaHmm,
            T::Chars,
            T::Bytes,
        ];
        let text = "我爱北京天安门 hello 😀".to_owned();
        let request = Request::Tokenize {
            id: 8,
            text,
            tokenizers: all.clone(),
            max_tokens: 4,
        };
        block_on(engine.handle(request, &host));
        let events = host.events.borrow();
        let Some(Event::Result {
            result: Reply::Tokens(rows),
            ..
        }) = events.last()
        else {
            panic!("unexpected {:?}", events.last());
        };
        assert_eq!(rows.iter().map(|r| r.tokenizer).collect::<Vec<_>>(), all);
        for row in rows {
            let t = row
                .tokenization
                .as_ref()
                .unwrap_or_else(|| panic!("{:?}", row.error));
            assert!(
                !t.tokens.is_empty() && t.tokens.len() <= 4,
                "{:?}",
                row.tokenizer
            );
            assert!(row.count as usize >= t.tokens.len());
            assert_eq!(t.chars, 15);
        }
        assert_eq!(rows[7].count, 32, "one token per byte");
        assert_eq!(rows[7].ids.len(), 32);
        let jieba: Vec<&str> = rows[4]
            .tokenization
            .as_ref()
            .unwrap()
            .tokens
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(jieba, ["我", "爱", "北京", "天安门"]);
    }

    #[test]
    fn bpe_trains_then_encodes_and_refuses_to_encode_untrained() {
        let (engine, host) = (Engine::new(), TestHost::default());
        let encode = |upto| Request::EncodeBpe {
            id: 2,
            text: "banana bandana".into(),
            upto,
        };
        block_on(engine.handle(encode(3), &host));
        assert!(matches!(
            host.events.borrow().last(),
            Some(Event::Error { .. })
        ));
        let train = Request::TrainBpe {
            id: 1,
            corpus: "banana bandana banana".into(),
            merges: 10,
        };
        block_on(engine.handle(train, &host));
        assert!(
            matches!(host.events.borrow().last(), Some(Event::Result { result: Reply::Bpe(m), .. }) if !m.is_empty())
        );
        block_on(engine.handle(encode(10), &host));
        assert!(matches!(
            host.events.borrow().last(),
            Some(Event::Result { result: Reply::BpeTokens(t), .. }) if t.tokens.len() < 14
        ));
    }

    #[test]
    fn lose_device_on_cpu_is_refused() {
        let (engine, host) = (Engine::new(), TestHost::default());
        init(&engine, &host, BackendPreference::Cpu);
        block_on(engine.handle(Request::LoseDevice { id: 6 }, &host));
        assert!(matches!(
            host.events.borrow().last(),
            Some(Event::Error { id: 6, .. })
        ));
    }
}
