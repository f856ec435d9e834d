//! Which burn device runs the work, and how it is chosen.
//!
//! WebGPU where the browser gives an adapter, burn's pure-Rust CPU backend
//! (`flex`) everywhere else. The WebGPU runtime may be initialised only once per
//! wasm instance (a second `init_async` fails), so [`ActiveBackend`] is built once
//! and its device cloned; a failed or refused WebGPU init falls back to the CPU
//! and says why, never leaving the page without an engine.

use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use crate::host::Host;

/// What the page asked for (`?backend=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum BackendPreference {
    /// WebGPU when an adapter is available, else the CPU.
    #[default]
    Auto,
    /// WebGPU or, failing that, the CPU with a notice.
    Webgpu,
    /// burn's CPU backend, even where WebGPU is available.
    Cpu,
}

/// How many threads the CPU backend may use (`?threads=`). Read by the
/// engine worker before it loads an engine, as the backend preference is:
/// the threaded CPU engine is a separate build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ThreadPreference {
    /// Every core the browser reports, where the page is cross-origin
    /// isolated (shared memory needs it); one thread otherwise.
    #[default]
    All,
    /// One thread, even where more could run: to compare.
    One,
}

/// The backend that actually runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum BackendKind {
    /// burn-wgpu on the browser's WebGPU.
    Webgpu,
    /// burn-flex, pure Rust on the CPU (on `threads` of them; see [`BackendInfo`]).
    Cpu,
}

/// What the page shows in its backend badge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackendInfo {
    /// The backend in use.
    pub kind: BackendKind,
    /// The WebGPU adapter's name as the browser reports it; `None` on the CPU
    /// or where the browser keeps it private.
    pub adapter: Option<String>,
    /// The threads the CPU backend's kernels run on: rayon's pool in the
    /// threaded CPU engine, one in the others and natively.
    pub threads: u32,
}

/// The size of the CPU backend's thread pool (see [`BackendInfo::threads`]).
fn cpu_threads() -> u32 {
    #[cfg(all(target_arch = "wasm32", feature = "threads"))]
    return u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX);
    #[cfg(not(all(target_arch = "wasm32", feature = "threads")))]
    1
}

/// The device every model of this engine runs on, with autodiff enabled.
#[derive(Clone)]
pub struct ActiveBackend {
    /// burn device (autodiff-enabled; models detach where they need no tape).
    pub device: Device,
    /// What to show the user.
    pub info: BackendInfo,
}

impl ActiveBackend {
    /// burn's pure-Rust CPU backend.
    pub fn cpu() -> Self {
        Self {
            device: Device::flex().autodiff(),
            info: BackendInfo {
                kind: BackendKind::Cpu,
                adapter: None,
                threads: cpu_threads(),
            },
        }
    }

    /// Bring up the backend the user asked for, falling back to the CPU.
    ///
    /// Returns the backend and, when it is not the one asked for, the reason.
    /// A new WebGPU device is handed to `host` to watch for its loss.
    pub async fn init(preference: BackendPreference, host: &impl Host) -> (Self, Option<String>) {
        if preference == BackendPreference::Cpu {
            return (Self::cpu(), None);
        }
        match Self::webgpu(host).await {
            Ok(backend) => (backend, None),
            Err(reason) => (Self::cpu(), Some(reason)),
        }
    }

    /// The browser's WebGPU through burn-wgpu.
    #[cfg(all(target_arch = "wasm32", feature = "webgpu"))]
    async fn webgpu(host: &impl Host) -> Result<Self, String> {
        let (device, setup) = Device::wgpu_options()
            .init_with_setup_async()
            .await
            .map_err(|err| err.to_string())?;
        // Browsers often leave the adapter's description empty; the worker
        // then names it from `GPUAdapterInfo.vendor` and `.architecture`.
        let adapter = setup.adapter.get_info();
        let name = (!adapter.name.is_empty()).then_some(adapter.name);
        host.watch_device(&setup.device);
        Ok(Self {
            device: device.autodiff(),
            info: BackendInfo {
                kind: BackendKind::Webgpu,
                adapter: name,
                threads: cpu_threads(),
            },
        })
    }

    /// Native builds and the CPU engine carry no wgpu: the CPU backend is
    /// the only one.
    #[cfg(not(all(target_arch = "wasm32", feature = "webgpu")))]
    async fn webgpu(_host: &impl Host) -> Result<Self, String> {
        Err("this build has no WebGPU backend".to_owned())
    }
}
