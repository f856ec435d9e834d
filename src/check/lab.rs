//! The device check's front door: its requests and replies. It keeps no
//! state; the computations are [`super::diagnostics`] and
//! [`super::matmul_bench`].

use serde::{Deserialize, Serialize};

use super::diagnostics::{self, DiagnosticsReport};
use super::matmul_bench::{self, MatmulReport};
use crate::call::Call;
use crate::host::Host;
use crate::lab::{Lab, Shared};
use crate::wire::Outcome;

/// What the page asks the device check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum CheckRequest {
    /// A matrix product and an autodiff backward pass, compared with
    /// answers computed independently in plain Rust.
    Diagnose,
    /// Matrix-product throughput for each size, at least `min_ms` per size.
    MatmulBench { sizes: Vec<u32>, min_ms: f64 },
}

/// What the device check answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum CheckReply {
    /// Answer to `diagnose`.
    Diagnosis(DiagnosticsReport),
    /// Answer to `matmulBench`.
    Matmul(MatmulReport),
}

/// The device check (stateless).
#[derive(Default)]
pub struct CheckLab;

impl Lab for CheckLab {
    type Request = CheckRequest;
    type Reply = CheckReply;
    const REPLIES: &'static [(&'static str, &'static str)] =
        &[("diagnose", "diagnosis"), ("matmulBench", "matmul")];

    fn new(_shared: &Shared) -> Self {
        Self
    }

    async fn handle(
        &self,
        call: &Call<'_, impl Host>,
        request: CheckRequest,
    ) -> Outcome<CheckReply> {
        let device = call.device()?;
        match request {
            CheckRequest::Diagnose => {
                let report = diagnostics::run(&device, call.host).await?;
                Ok(Ok(CheckReply::Diagnosis(report)))
            }
            CheckRequest::MatmulBench { sizes, min_ms } => {
                let report = matmul_bench::run(call.id, &sizes, min_ms, &device, call.host).await?;
                Ok(report.map(CheckReply::Matmul))
            }
        }
    }
}
