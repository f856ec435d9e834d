//! The engine: routes each request to the lab that answers it.
//!
//! It owns the active backend (chosen once, by `init`) and the labs' front
//! doors ([`Labs`], from the table in `protocol.rs`), with what they share;
//! it does no work of its own. It is plain Rust: the wasm edge (`web.rs`)
//! converts messages and provides the [`Host`]. Several requests may be in
//! flight at once (a `cancel` arrives while a bench runs), so no borrow of
//! the engine's state is held across an `await`.

use std::cell::RefCell;

use crate::backend::{ActiveBackend, BackendKind};
use crate::call::Call;
use crate::host::Host;
use crate::lab::Shared;
use crate::message;
use crate::protocol::{EngineReply, EngineRequest, Envelope, Event, Labs, Reply};
use crate::wire::{Outcome, RequestId};

/// The engine's state: the device and every lab.
pub struct Engine {
    backend: RefCell<Option<ActiveBackend>>,
    labs: Labs,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// A new engine with no device yet.
    pub fn new() -> Self {
        Self {
            backend: RefCell::default(),
            labs: Labs::new(&Shared::default()),
        }
    }

    /// The active backend, once initialised.
    pub fn backend(&self) -> Option<ActiveBackend> {
        self.backend.borrow().clone()
    }

    /// Handle one request to completion; updates go out through `host` as
    /// it runs, and the last event (ready, result, cancelled or error) is
    /// returned for the edge to send. `None` when nothing is to be sent: the
    /// GPU device was lost, so the page restarts the engine on the CPU and
    /// sends the request again (an error now would make it give up).
    pub async fn handle(&self, envelope: Envelope, host: &impl Host) -> Option<Event> {
        let Envelope { id, request } = envelope;
        let call = Call::new(id, host, self.backend().map(|b| b.device));
        let outcome = match self.labs.handle(&call, request).await {
            Ok(outcome) => outcome,
            Err(request) => return Some(self.engine(&call, request).await),
        };
        if outcome.is_err() && self.device_was_lost(host).await {
            return None;
        }
        Some(finish(id, outcome))
    }

    /// The engine's own requests.
    async fn engine(&self, call: &Call<'_, impl Host>, request: EngineRequest) -> Event {
        let (id, host) = (call.id, call.host);
        let done = Ok(Ok(Reply::Engine(EngineReply::Done)));
        let outcome = match request {
            EngineRequest::Init { backend, .. } => {
                let start = host.now_ms();
                let (active, fallback) = match self.backend() {
                    Some(active) => (active, None),
                    None => ActiveBackend::init(backend, host).await,
                };
                *self.backend.borrow_mut() = Some(active.clone());
                return Event::Ready {
                    id,
                    backend: active.info,
                    fallback,
                    init_ms: host.now_ms() - start,
                };
            }
            EngineRequest::Cancel { target } => {
                host.cancel(target);
                done
            }
            EngineRequest::LoseDevice => {
                if host.lose_device() {
                    done
                } else {
                    Err(message!(
                        "engine.noDevice",
                        "there is no GPU device to lose on this backend"
                    ))
                }
            }
            EngineRequest::Memory => Ok(Ok(Reply::Engine(EngineReply::Memory(
                host.memory_bytes().map(|b| b as f64),
            )))),
            EngineRequest::Crash => crash(id),
        };
        finish(id, outcome)
    }

    /// Whether a failure on WebGPU came from losing the device. The loss is
    /// reported by a callback that may run a moment after the failed read,
    /// so give it a few turns of the event loop.
    async fn device_was_lost(&self, host: &impl Host) -> bool {
        let on_gpu = self
            .backend()
            .is_some_and(|b| b.info.kind == BackendKind::Webgpu);
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
}

/// The event that ends request `id`.
fn finish(id: RequestId, outcome: Outcome<Reply>) -> Event {
    match outcome {
        Ok(Ok(result)) => Event::Result { id, result },
        Ok(Err(_)) => Event::Cancelled { id },
        Err(message) => Event::error(id, message, false),
    }
}

/// Driving an engine from tests, as the page does.
/// Panic on purpose, for the recovery tests. The threaded engine panics on
/// one of rayon's threads, the hardest place to recover from (the engine's
/// own thread is left waiting for it).
fn crash(id: RequestId) -> ! {
    #[cfg(all(target_arch = "wasm32", feature = "threads"))]
    if rayon::current_num_threads() > 1 {
        rayon::join(
            || {
                panic!(
                    "deliberate engine crash (request {id}) on one of rayon's threads, to test recovery"
                )
            },
            || (),
        );
    }
    panic!("deliberate engine crash (request {id}), to test recovery")
}

#[cfg(test)]
pub(crate) mod testing {
    use super::Engine;
    use crate::backend::{BackendPreference, ThreadPreference};
    use crate::host::testing::{TestHost, block_on};
    use crate::protocol::{EngineRequest, Envelope, Event, Reply, Request, reply_kinds};
    use crate::wire::RequestId;

    /// An engine initialised on the CPU backend, and its host.
    pub fn cpu_engine() -> (Engine, TestHost) {
        let (engine, host) = (Engine::new(), TestHost::default());
        let init = EngineRequest::Init {
            backend: BackendPreference::Cpu,
            threads: ThreadPreference::All,
        };
        send(&engine, &host, 1, init);
        (engine, host)
    }

    /// Send request `id` and wait for its last event. A result must be of
    /// the kind the page's types expect for the request.
    pub fn send(
        engine: &Engine,
        host: &TestHost,
        id: RequestId,
        request: impl Into<Request>,
    ) -> Option<Event> {
        let request = request.into();
        let tag = serde_json::to_value(&request).unwrap()["type"].clone();
        let event = block_on(engine.handle(Envelope { id, request }, host));
        if let Some(Event::Result { result, .. }) = &event {
            let kind = serde_json::to_value(result).unwrap()["kind"].clone();
            let want = reply_kinds()
                .into_iter()
                .find(|(t, _)| tag == *t)
                .map(|(_, k)| k);
            assert_eq!(kind.as_str(), want, "{tag} was answered by {kind}");
        }
        event
    }

    /// Send `request` and wait: its result, or its error's message.
    pub fn ask(
        engine: &Engine,
        host: &TestHost,
        id: RequestId,
        request: impl Into<Request>,
    ) -> Result<Reply, String> {
        match send(engine, host, id, request) {
            Some(Event::Result { result, .. }) => Ok(result),
            Some(Event::Error { message, .. }) => Err(message),
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{cpu_engine, send};
    use super::*;
    use crate::backend::{BackendPreference, ThreadPreference};
    use crate::check::{CheckReply, CheckRequest};
    use crate::host::testing::TestHost;

    #[test]
    fn webgpu_request_falls_back_to_cpu_with_a_reason_natively() {
        let (engine, host) = (Engine::new(), TestHost::default());
        let init = EngineRequest::Init {
            backend: BackendPreference::Webgpu,
            threads: ThreadPreference::All,
        };
        match send(&engine, &host, 1, init) {
            Some(Event::Ready {
                id: 1,
                backend,
                fallback: Some(reason),
                ..
            }) => {
                assert_eq!(backend.kind, BackendKind::Cpu);
                assert!(reason.contains("WebGPU"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn diagnose_before_init_is_an_error_event() {
        let (engine, host) = (Engine::new(), TestHost::default());
        assert!(matches!(
            send(&engine, &host, 5, CheckRequest::Diagnose),
            Some(Event::Error {
                id: 5,
                fatal: false,
                ..
            })
        ));
    }

    #[test]
    fn diagnose_after_init_passes() {
        let (engine, host) = cpu_engine();
        match send(&engine, &host, 2, CheckRequest::Diagnose) {
            Some(Event::Result {
                id: 2,
                result: Reply::Check(CheckReply::Diagnosis(report)),
            }) => assert!(report.passed),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn cancel_marks_the_target_and_the_bench_stops() {
        let (engine, host) = cpu_engine();
        send(&engine, &host, 3, EngineRequest::Cancel { target: 4 });
        let bench = CheckRequest::MatmulBench {
            sizes: vec![32],
            min_ms: 1e9,
        };
        assert!(matches!(
            send(&engine, &host, 4, bench),
            Some(Event::Cancelled { id: 4 })
        ));
    }

    #[test]
    fn lose_device_on_cpu_is_refused() {
        let (engine, host) = cpu_engine();
        assert!(matches!(
            send(&engine, &host, 6, EngineRequest::LoseDevice),
            Some(Event::Error { id: 6, .. })
        ));
    }

    #[test]
    fn memory_is_not_made_up_where_the_host_cannot_tell() {
        let (engine, host) = cpu_engine();
        assert!(matches!(
            send(&engine, &host, 7, EngineRequest::Memory),
            Some(Event::Result {
                id: 7,
                result: Reply::Engine(EngineReply::Memory(None))
            })
        ));
    }
}
