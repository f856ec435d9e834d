//! The optimizers a learner can pick, shared by every lab that trains:
//! one enum for the page and one place that turns it into burn's optimizer,
//! with L2 as weight decay and optional gradient clipping.

use burn::optim::decay::WeightDecayConfig;
use burn::optim::grad_clipping::GradientClippingConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, AdamWConfig, ModuleOptimizer, RmsPropConfig, SgdConfig};
use serde::{Deserialize, Serialize};

/// The optimizers on offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum OptimizerKind {
    /// Plain stochastic gradient descent.
    Sgd,
    /// SGD with momentum 0.9.
    Momentum,
    /// Adam (beta 0.9, 0.999); L2 added to the gradient.
    Adam,
    /// Adam with decoupled weight decay.
    AdamW,
    /// RMSprop (alpha 0.99).
    RmsProp,
}

/// burn's optimizer for `kind`, with weight decay `l2` (decoupled for
/// AdamW) and, when given, each parameter's gradient clipped to that norm.
pub fn build(kind: OptimizerKind, l2: f64, clip: Option<f32>) -> ModuleOptimizer {
    let decay = (l2 > 0.0).then(|| WeightDecayConfig::new(l2 as f32));
    let clip = clip.map(GradientClippingConfig::Norm);
    match kind {
        OptimizerKind::Sgd => SgdConfig::new()
            .with_weight_decay(decay)
            .with_gradient_clipping(clip)
            .init(),
        OptimizerKind::Momentum => SgdConfig::new()
            .with_weight_decay(decay)
            .with_momentum(Some(MomentumConfig::new().with_momentum(0.9)))
            .with_gradient_clipping(clip)
            .init(),
        OptimizerKind::Adam => AdamConfig::new()
            .with_weight_decay(decay)
            .with_grad_clipping(clip)
            .init(),
        OptimizerKind::AdamW => AdamWConfig::new()
            .with_weight_decay(l2 as f32)
            .with_grad_clipping(clip)
            .init(),
        OptimizerKind::RmsProp => RmsPropConfig::new()
            .with_weight_decay(decay)
            .with_grad_clipping(clip)
            .init(),
    }
}
