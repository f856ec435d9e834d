//! Loss scaling for fp16 training: the loss is multiplied by a scale before
//! the backward pass, which multiplies every gradient by it (the chain
//! rule) and lifts the small ones above fp16's smallest values; the
//! gradients are divided by it again, in f32, before the update. A static
//! scale stays put; a dynamic one (PyTorch's `GradScaler`, Micikevicius et
//! al. 2018) halves and skips the step when a gradient overflowed, and
//! doubles after a run of good steps.

use serde::{Deserialize, Serialize};

/// How the loss is scaled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Scaling {
    /// Not at all (a scale of 1).
    None,
    /// One fixed scale.
    Static {
        /// The scale.
        scale: f64,
    },
    /// Halved on overflow, doubled after `interval` good steps.
    Dynamic {
        /// The scale to start from.
        initial: f64,
        /// Good steps before the scale doubles.
        interval: u32,
    },
}

impl Scaling {
    /// Whether the scale is one a run can train with.
    pub fn check(&self) -> Result<(), crate::wire::Message> {
        let ok = match *self {
            Scaling::None => true,
            Scaling::Static { scale } => (1.0..=MAX_SCALE).contains(&scale),
            Scaling::Dynamic { initial, interval } => {
                (1.0..=MAX_SCALE).contains(&initial) && interval >= 1
            }
        };
        if ok {
            Ok(())
        } else {
            Err(crate::message!(
                "precision.msg.scale",
                "a loss scale runs from 1 to 16,777,216, and a dynamic one doubles after at least 1 good step"
            ))
        }
    }
}

/// The scale as training goes.
#[derive(Debug, Clone, PartialEq)]
pub struct LossScaler {
    scaling: Scaling,
    scale: f64,
    good: u32,
}

/// Smallest scale a dynamic scaler halves to.
const MIN_SCALE: f64 = 1.0 / 65536.0;
/// Largest scale it doubles to.
const MAX_SCALE: f64 = 16_777_216.0;

impl LossScaler {
    /// A scaler at its starting scale.
    pub fn new(scaling: Scaling) -> Self {
        let scale = match scaling {
            Scaling::None => 1.0,
            Scaling::Static { scale } => scale,
            Scaling::Dynamic { initial, .. } => initial,
        };
        Self {
            scaling,
            scale,
            good: 0,
        }
    }

    /// The scale for the next step.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// After a step: whether a gradient overflowed (inf or NaN once
    /// scaled). Returns whether the step is taken (a dynamic scaler skips
    /// a step that overflowed; the others take it, and the inf reaches the
    /// weights).
    pub fn update(&mut self, overflowed: bool) -> bool {
        let Scaling::Dynamic { interval, .. } = self.scaling else {
            return true;
        };
        if overflowed {
            self.scale = (self.scale / 2.0).max(MIN_SCALE);
            self.good = 0;
            return false;
        }
        self.good += 1;
        if self.good >= interval {
            self.scale = (self.scale * 2.0).min(MAX_SCALE);
            self.good = 0;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dynamic_scale_halves_on_overflow_and_grows_after_good_steps() {
        let mut s = LossScaler::new(Scaling::Dynamic {
            initial: 1024.0,
            interval: 3,
        });
        assert!(!s.update(true), "an overflowed step is skipped");
        assert_eq!(s.scale(), 512.0);
        assert!(s.update(false) && s.update(false));
        assert_eq!(s.scale(), 512.0, "two good steps are not enough");
        assert!(s.update(false));
        assert_eq!(s.scale(), 1024.0, "the third doubles it");
        s.update(false);
        s.update(true);
        assert_eq!(s.scale(), 512.0, "an overflow restarts the count");
        s.update(false);
        s.update(false);
        assert_eq!(s.scale(), 512.0);
    }

    #[test]
    fn static_and_no_scaling_never_change_or_skip() {
        let mut s = LossScaler::new(Scaling::Static { scale: 128.0 });
        assert!(s.update(true));
        assert_eq!(s.scale(), 128.0);
        let mut n = LossScaler::new(Scaling::None);
        assert!(n.update(true) && n.update(false));
        assert_eq!(n.scale(), 1.0);
    }
}
