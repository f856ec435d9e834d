//! The knobs of a LoRA experiment: one or more runs over the same base,
//! text, seed and steps, each either LoRA at a rank (with its α and the
//! matrices it adapts) or full fine-tuning (rank 0: every weight trains).

use serde::{Deserialize, Serialize};

use crate::message;
use crate::models::gpt::LoraTarget;
use crate::wire::Message;

/// Most runs side by side (the sweep: ranks 1, 2, 4, 8, 16 and full).
pub const MAX_RUNS: usize = 6;
/// Highest rank offered.
pub const MAX_RANK: u32 = 64;

/// One run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraRunSpec {
    /// The adapters' rank r, 1 to 64; 0 is full fine-tuning.
    pub rank: u32,
    /// α: the update is scaled by α/r.
    pub alpha: f64,
    /// The matrices that get adapters (ignored by full fine-tuning).
    pub targets: Vec<LoraTarget>,
}

/// Every knob of an experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoraSettings {
    /// The runs, trained side by side.
    pub runs: Vec<LoraRunSpec>,
    /// Learning rate (AdamW).
    pub lr: f64,
    /// Sequences per step.
    pub batch: u32,
    /// Seed of the adapters' initialisation and of the batches.
    pub seed: u32,
    /// Held-out characters measured per corpus per run: more is steadier,
    /// fewer is quicker.
    pub held_out: u32,
}

impl Default for LoraSettings {
    fn default() -> Self {
        Self {
            runs: vec![LoraRunSpec {
                rank: 8,
                alpha: 16.0,
                targets: vec![LoraTarget::Query, LoraTarget::Value],
            }],
            lr: 2e-3,
            batch: 16,
            seed: 1,
            held_out: 2_048,
        }
    }
}

impl LoraSettings {
    /// Refuse what the lab does not offer, naming the limit.
    pub fn check(&self) -> Result<(), Message> {
        if self.runs.is_empty() || self.runs.len() > MAX_RUNS {
            return Err(message!(
                "lora.msg.runs",
                "an experiment has 1 to {max} runs",
                max = MAX_RUNS
            ));
        }
        for run in &self.runs {
            crate::wire::within(
                "lora.msg.range",
                "lora.msg.knob.rank",
                "the rank",
                run.rank,
                0,
                MAX_RANK,
            )?;
            if run.rank > 0 && run.targets.is_empty() {
                return Err(message!(
                    "lora.msg.noTargets",
                    "pick at least one matrix to adapt"
                ));
            }
            if !(run.alpha > 0.0 && run.alpha <= 1024.0) {
                return Err(message!(
                    "lora.msg.alpha",
                    "α must be above 0 and at most 1024"
                ));
            }
        }
        crate::wire::within(
            "lora.msg.range",
            "lora.msg.knob.batch",
            "the batch",
            self.batch,
            1,
            64,
        )?;
        crate::wire::within(
            "lora.msg.range",
            "lora.msg.knob.heldOut",
            "the held-out characters",
            self.held_out,
            128,
            65_536,
        )?;
        crate::limits::learning_rate(self.lr)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_refused_with_the_knob_named() {
        assert!(LoraSettings::default().check().is_ok());
        let mut s = LoraSettings::default();
        s.runs[0].rank = 65;
        assert!(s.check().unwrap_err().contains("rank must be 0 to 64"));
        let mut s = LoraSettings::default();
        s.runs[0].targets.clear();
        assert!(s.check().unwrap_err().contains("at least one matrix"));
        let s = LoraSettings {
            runs: vec![LoraSettings::default().runs[0].clone(); 7],
            ..LoraSettings::default()
        };
        assert!(s.check().unwrap_err().contains("1 to 6 runs"));
        let s = LoraSettings {
            lr: f64::NAN,
            ..LoraSettings::default()
        };
        assert!(s.check().unwrap_err().contains("learning rate"));
    }
}
