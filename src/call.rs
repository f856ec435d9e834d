//! One request as a lab's front door sees it: its id (progress and streamed
//! text are reported against it through the host), the host it runs in, and
//! the device, once the engine has one.

use burn::tensor::Device;

use crate::host::Host;
use crate::message;
use crate::wire::{Message, RequestId};

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
}
