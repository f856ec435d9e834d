//! The wasm boundary: the only module that knows about wasm-bindgen.
//!
//! Shaped after ruffle's: JavaScript holds one opaque [`EngineHandle`], sends
//! requests through [`EngineHandle::handle`] and receives every event through
//! the one callback given to the constructor. Errors become `error` events
//! here, at the edge; nothing in this file unwraps. What the core needs from
//! the browser (clock, yielding, assets, the GPU device's fate) it gets
//! through the [`Host`] built here; the core never names this module.
//!
//! With `panic = "abort"` a panic traps the whole wasm instance and its
//! pending promises never settle. The panic hook therefore sends a fatal
//! `error` event (with the panic message and the id of the request being
//! polled) before the trap, so the worker can tell the page, which restarts it.
//! In the threaded engine a panic on one of rayon's threads cannot go that
//! way: that thread has no event callback, and the engine's thread is
//! blocked waiting for it. It goes to the page over a `BroadcastChannel`
//! instead ([`panic_channel`]).

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

#[cfg(feature = "webgpu")]
use burn::tensor::wgpu::wgpu;
use js_sys::{Function, Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use crate::engine::Engine;
use crate::host::Host;
use crate::message;
use crate::protocol::{Envelope, Event};
use crate::wire::{Message, RequestId, Update};

thread_local! {
    /// The page's event callback, for the panic hook and device-loss callback.
    static SINK: RefCell<Option<Function>> = const { RefCell::new(None) };
    /// The request whose future is being polled, for the panic hook.
    static POLLING: Cell<RequestId> = const { Cell::new(0) };
    /// The WebGPU device, kept so that `loseDevice` can destroy it.
    #[cfg(feature = "webgpu")]
    static GPU_DEVICE: RefCell<Option<wgpu::Device>> = const { RefCell::new(None) };
    /// Set once the device-lost callback has run.
    static DEVICE_LOST: Cell<bool> = const { Cell::new(false) };
}

/// Send an event to the page's callback. Serialisation failures are logged,
/// never thrown: there is no one to catch them.
/// `event` as the page receives it: plain objects and null as JSON would
/// have them, but bytes (the large f32 arrays, see `wire::f32_bytes`) as one
/// Uint8Array each.
fn to_js(event: &Event) -> Option<JsValue> {
    let serializer =
        serde_wasm_bindgen::Serializer::json_compatible().serialize_bytes_as_arrays(false);
    match event.serialize(&serializer) {
        Ok(value) => Some(value),
        Err(err) => {
            web_sys::console::error_1(&format!("cannot serialise event: {err}").into());
            None
        }
    }
}

fn emit(event: &Event) {
    let Some(value) = to_js(event) else { return };
    SINK.with_borrow(|sink| {
        if let Some(sink) = sink
            && let Err(err) = sink.call1(&JsValue::NULL, &value)
        {
            web_sys::console::error_2(&"event callback threw".into(), &err);
        }
    });
}

// Static constructors. cubecl's IR (pliron) registers thousands of items
// with `inventory`, i.e. through static constructors. When nothing in the
// module references `__wasm_call_ctors`, wasm-ld wraps *every* export so that
// it runs all of them on each call (about 2 ms per JS-to-wasm call here, which
// made a reply of 2,000 tokens take seconds). Referencing it turns that off;
// the engine then runs the constructors exactly once, before anything else.
unsafe extern "C" {
    fn __wasm_call_ctors();
}

fn run_static_constructors_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: wasm-ld's synthetic constructor list, run once and before any
    // code that reads what the constructors register.
    ONCE.call_once(|| unsafe { __wasm_call_ctors() });
}

fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = match info.payload_as_str() {
            Some(text) => text.to_owned(),
            None => info.to_string(),
        };
        let crashed = message!(
            "engine.crashed",
            "the engine crashed: {reason}",
            reason = message
        );
        let event = Event::error(POLLING.get(), crashed, true);
        if SINK.with_borrow(Option::is_some) {
            emit(&event);
        } else {
            report_from_pool(&event);
        }
    }));
}

/// The name of the channel a panic on one of rayon's threads is reported
/// on, one per engine (a page may run several, in tabs of one origin). The
/// worker asks for it once the module is loaded and tells the page.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = panicChannel)]
pub fn panic_channel() -> String {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| format!("kindling-engine-panic-{}", js_sys::Math::random()))
        .clone()
}

/// Send `event` to the page from a thread without the event callback:
/// `new BroadcastChannel(name).postMessage(event)`, through js-sys (web-sys's
/// binding is a feature that would rebuild wgpu's dependencies too).
#[cfg(feature = "threads")]
fn report_from_pool(event: &Event) {
    let Some(value) = to_js(event) else { return };
    let sent = (|| {
        let class: Function =
            Reflect::get(&js_sys::global(), &"BroadcastChannel".into())?.dyn_into()?;
        let channel = Reflect::construct(&class, &js_sys::Array::of1(&panic_channel().into()))?;
        let post: Function = Reflect::get(&channel, &"postMessage".into())?.dyn_into()?;
        post.call1(&channel, &value)
    })();
    if let Err(err) = sent {
        web_sys::console::error_2(&"cannot report the panic".into(), &err);
    }
}

/// Without threads every panic happens where the callback is.
#[cfg(not(feature = "threads"))]
fn report_from_pool(_event: &Event) {}

/// What the core needs from the browser: clock, yielding, events, cancel.
struct WorkerHost {
    cancelled: RefCell<HashSet<RequestId>>,
    /// `(path, requestId) => Promise<Uint8Array>`, from the worker: it knows
    /// the site's base URL and reports download progress.
    fetch_asset: Function,
}

impl Host for WorkerHost {
    fn now_ms(&self) -> f64 {
        // `performance.now()` exists in windows and workers alike.
        let performance = Reflect::get(&js_sys::global(), &"performance".into());
        let now = performance.as_ref().ok().and_then(|p| {
            let now = Reflect::get(p, &"now".into())
                .ok()?
                .dyn_into::<Function>()
                .ok()?;
            now.call0(p).ok()?.as_f64()
        });
        now.unwrap_or_else(js_sys::Date::now)
    }

    async fn yield_now(&self) {
        // A macrotask, so that queued `message` events (cancel) run first.
        let promise = Promise::new(&mut |resolve, _reject| {
            let global = js_sys::global();
            let set_timeout = Reflect::get(&global, &"setTimeout".into())
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok());
            match set_timeout {
                Some(set_timeout) => {
                    let _ = set_timeout.call2(&global, &resolve, &0.into());
                }
                None => {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            }
        });
        let _ = JsFuture::from(promise).await;
    }

    fn emit(&self, update: Update) {
        emit(&Event::from(update));
    }

    fn is_cancelled(&self, id: RequestId) -> bool {
        self.cancelled.borrow().contains(&id)
    }

    fn cancel(&self, target: RequestId) {
        self.cancelled.borrow_mut().insert(target);
    }

    async fn fetch(&self, id: RequestId, path: &str) -> Result<Vec<u8>, Message> {
        let cannot = |reason: String| {
            message!(
                "engine.fetch",
                "cannot fetch {path}: {reason}",
                path = path,
                reason = reason
            )
        };
        let promise = self
            .fetch_asset
            .call2(&JsValue::NULL, &path.into(), &id.into())
            .map_err(|e| cannot(format!("{e:?}")))?;
        let promise: Promise = promise
            .dyn_into()
            .map_err(|_| "fetchAsset must return a promise".to_owned())?;
        let bytes = JsFuture::from(promise)
            .await
            .map_err(|e| cannot(e.as_string().unwrap_or_else(|| format!("{e:?}"))))?;
        let bytes: js_sys::Uint8Array =
            bytes.dyn_into().map_err(|_| format!("{path}: not bytes"))?;
        Ok(bytes.to_vec())
    }

    #[cfg(feature = "webgpu")]
    fn watch_device(&self, device: &wgpu::Device) {
        device.set_device_lost_callback(|reason, message| {
            DEVICE_LOST.set(true);
            emit(&Event::DeviceLost {
                message: format!("{reason:?}: {message}"),
            });
        });
        GPU_DEVICE.set(Some(device.clone()));
    }

    fn device_lost(&self) -> bool {
        DEVICE_LOST.get()
    }

    fn memory_bytes(&self) -> Option<u64> {
        // Memory 0 is the module's linear memory, counted in 64 KiB pages.
        Some(core::arch::wasm32::memory_size::<0>() as u64 * 65_536)
    }

    #[cfg(feature = "webgpu")]
    fn lose_device(&self) -> bool {
        GPU_DEVICE.with_borrow(|device| match device {
            Some(device) => {
                device.destroy();
                true
            }
            None => false,
        })
    }
}

struct Inner {
    engine: Engine,
    host: WorkerHost,
}

/// The threaded CPU engine's pool: `initThreadPool(n)` starts `n` Web
/// Workers on the module's shared memory and makes them rayon's global pool.
/// The worker awaits it before creating the [`EngineHandle`]: rayon's pool is
/// built once, so anything using rayon first would fix it at one thread.
#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// The engine as JavaScript sees it: one opaque handle, one entry point.
#[wasm_bindgen]
pub struct EngineHandle {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl EngineHandle {
    /// Create the engine; every event is passed to `on_event`, and assets
    /// are read through `fetch_asset(path, requestId) -> Promise<Uint8Array>`.
    #[wasm_bindgen(constructor)]
    pub fn new(on_event: Function, fetch_asset: Function) -> EngineHandle {
        run_static_constructors_once();
        SINK.set(Some(on_event));
        install_panic_hook();
        EngineHandle {
            inner: Rc::new(Inner {
                engine: Engine::new(),
                host: WorkerHost {
                    cancelled: RefCell::default(),
                    fetch_asset,
                },
            }),
        }
    }

    /// Handle one request (an `Envelope` object). The promise resolves when the
    /// request's last event has been sent; failures arrive as `error` events.
    pub fn handle(&self, request: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let id = Reflect::get(&request, &"id".into())
                .ok()
                .and_then(|v| v.as_f64())
                .map_or(0, |v| v as RequestId);
            let request: Envelope = match serde_wasm_bindgen::from_value(request) {
                Ok(request) => request,
                Err(err) => {
                    let malformed = message!(
                        "engine.malformed",
                        "malformed request: {reason}",
                        reason = err.to_string()
                    );
                    emit(&Event::error(id, malformed, false));
                    return Ok(JsValue::UNDEFINED);
                }
            };
            let mut work = std::pin::pin!(inner.engine.handle(request, &inner.host));
            let last = std::future::poll_fn(|cx| {
                POLLING.set(id);
                work.as_mut().poll(cx)
            })
            .await;
            if let Some(event) = last {
                emit(&event);
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}
