//! What a long job needs from whoever runs it: a clock, a way to let other
//! messages in, a way to report, a cancel flag, the site's assets and the
//! GPU device's fate.
//!
//! The browser's worker is single-threaded: a job that never yields would keep
//! `cancel` messages waiting until it ends. Jobs therefore run in bounded
//! slices and await [`Host::yield_now`] between them. The wasm edge
//! (`web.rs`) implements the trait with the worker's macrotasks and
//! callbacks; native tests with a no-op. Everything the core needs from the
//! browser comes through here, so nothing below the edge names the edge
//! (ruffle's core/web split). With [`crate::wire`] it is the bottom layer:
//! every layer may use it.

use crate::wire::{Message, RequestId, Update};

/// The environment a job runs in.
pub trait Host {
    /// Milliseconds from an arbitrary origin, monotonic.
    fn now_ms(&self) -> f64;
    /// Let pending messages (cancel, new requests) run.
    fn yield_now(&self) -> impl Future<Output = ()>;
    /// Tell the page how a running job is getting on.
    fn emit(&self, update: Update);
    /// Whether the page cancelled this request.
    fn is_cancelled(&self, id: RequestId) -> bool;
    /// Mark request `target` as cancelled.
    fn cancel(&self, target: RequestId);
    /// Fetch an asset of the site (`data/...`), reporting download progress
    /// as `progress` updates of request `id`.
    fn fetch(&self, id: RequestId, path: &str) -> impl Future<Output = Result<Vec<u8>, Message>>;
    /// Watch a freshly created WebGPU device: report its loss to the page and
    /// keep it so that [`Host::lose_device`] can destroy it.
    #[cfg(all(target_arch = "wasm32", feature = "webgpu"))]
    fn watch_device(&self, _device: &burn::tensor::wgpu::wgpu::Device) {}
    /// Destroy the GPU device, if there is one; `false` if there is none.
    fn lose_device(&self) -> bool {
        false
    }
    /// Whether the GPU device has been lost (the page is told separately).
    fn device_lost(&self) -> bool {
        false
    }
    /// Bytes of the engine's own memory (the wasm module's linear memory),
    /// where the host can tell: it only grows, so a long run that keeps
    /// growing it is leaking.
    fn memory_bytes(&self) -> Option<u64> {
        None
    }
}

/// A host for native tests: a real clock, nothing to yield to, updates kept.
#[cfg(test)]
pub mod testing {
    use std::cell::RefCell;
    use std::collections::HashSet;
    use std::task::{Context, Poll, Waker};
    use std::time::Instant;

    use super::Host;
    use crate::wire::{Message, RequestId, Update};

    /// Records updates; cancels the ids in `cancel` as soon as they are asked about.
    pub struct TestHost {
        start: Instant,
        /// Every update emitted, in order.
        pub updates: RefCell<Vec<Update>>,
        /// Request ids to report as cancelled.
        pub cancel: RefCell<HashSet<RequestId>>,
    }

    impl Default for TestHost {
        fn default() -> Self {
            Self {
                start: Instant::now(),
                updates: RefCell::default(),
                cancel: RefCell::default(),
            }
        }
    }

    impl Host for TestHost {
        fn now_ms(&self) -> f64 {
            self.start.elapsed().as_secs_f64() * 1e3
        }
        async fn yield_now(&self) {}
        fn emit(&self, update: Update) {
            self.updates.borrow_mut().push(update);
        }
        fn is_cancelled(&self, id: RequestId) -> bool {
            self.cancel.borrow().contains(&id)
        }
        fn cancel(&self, target: RequestId) {
            self.cancel.borrow_mut().insert(target);
        }
        /// Reads the asset from `www/public/`, where `cargo xtask assets` puts it.
        async fn fetch(&self, _id: RequestId, path: &str) -> Result<Vec<u8>, Message> {
            let full = checkout(&format!("www/public/{path}"));
            std::fs::read(&full)
                .map_err(|e| format!("{}: {e}; run `cargo xtask assets`", full.display()).into())
        }
    }

    /// `path` in the checkout whose tests are running. Cargo sets
    /// `CARGO_MANIFEST_DIR` when it runs a test; the value compiled in is
    /// only the fallback, as a test binary reused from a shared build folder
    /// may have been compiled in another checkout of the same sources.
    pub fn checkout(path: &str) -> std::path::PathBuf {
        std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(
                || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
                std::path::PathBuf::from,
            )
            .join(path)
    }

    /// Drive a future that never waits on anything external (the CPU backend
    /// resolves its reads at once) to completion.
    pub fn block_on<F: Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }
}
