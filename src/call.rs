//! One request as a lab's front door sees it: its id (progress and streamed
//! text are reported against it), the host it runs in, and the device, once
//! the engine has one.

use burn::tensor::Device;

use crate::host::Host;
use crate::message;
use crate::wire::{Message, RequestId, Update};

/// The context of one request.
pub struct Call<'a, H: Host> {
    /// The request's id.
    pub id: RequestId,
    /// Where it runs.
    pub host: &'a H,
    device: Option<Device>,
}

impl<'a, H: Host> Call<'a, H> {
    /// A request `id` running in `host` on `device` (`None` before `init`).
    pub fn new(id: RequestId, host: &'a H, device: Option<Device>) -> Self {
        Self { id, host, device }
    }

    /// The engine's device (autodiff-enabled), or why there is none yet.
    pub fn device(&self) -> Result<Device, Message> {
        self.device.clone().ok_or_else(|| {
            message!(
                "engine.notReady",
                "request {id} arrived before the engine was initialised",
                id = self.id
            )
        })
    }

    /// Report `loaded` of `total` units of `stage` done.
    pub fn progress(&self, stage: &str, loaded: f64, total: f64) {
        self.host.emit(Update::Progress {
            id: self.id,
            stage: stage.to_owned(),
            loaded,
            total,
        });
    }

    /// Whether the page cancelled this request.
    pub fn is_cancelled(&self) -> bool {
        self.host.is_cancelled(self.id)
    }
}
