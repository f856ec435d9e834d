//! Every knob of a GPT run, the limits the lab offers, and the learning-rate
//! schedule: a linear warm-up (Adam's moment estimates are noise for the
//! first steps, and a full-size step on them can wreck a fresh Transformer),
//! then a cosine decay to a tenth of the rate.

use serde::{Deserialize, Serialize};

use crate::message;
use crate::models::gpt::{GptConfig, MlpKind, NormKind, Positions};
use crate::optimizer::OptimizerKind;
use crate::wire::Message;

/// Every knob of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GptSettings {
    /// Blocks, 1 to 6.
    pub layers: u32,
    /// Model width, 32 to 256, a multiple of `heads`.
    pub width: u32,
    /// Attention heads, 1 to 8.
    pub heads: u32,
    /// Longest input in tokens, 16 to 256.
    pub context: u32,
    /// MLP width as a multiple of the model width, 1 to 8.
    pub mlp_ratio: u32,
    /// Dropout on attention weights and branch outputs while training.
    pub dropout: f64,
    /// The output layer reuses the token embedding.
    pub tie: bool,
    /// LayerNorm before each branch (GPT-2) or after each residual sum.
    pub pre_norm: bool,
    /// Where order comes from.
    pub positions: Positions,
    /// LayerNorm (GPT-2) or RMSNorm (LLaMA).
    pub norm: NormKind,
    /// GELU MLP (GPT-2) or SwiGLU (LLaMA).
    pub mlp: MlpKind,
    /// Key/value heads, dividing `heads`: 1 is multi-query attention, as
    /// many as `heads` (or 0) plain multi-head.
    pub kv_heads: u32,
    /// Optimizer.
    pub optimizer: OptimizerKind,
    /// Peak learning rate.
    pub lr: f64,
    /// Steps of linear warm-up to the peak rate.
    pub warmup: u32,
    /// Steps of cosine decay after the warm-up, down to a tenth of the
    /// peak (0: no decay).
    pub decay: u32,
    /// Weight decay (decoupled for AdamW).
    pub weight_decay: f64,
    /// Sequences per step.
    pub batch: u32,
    /// Clip each weight's gradient to norm `clip_at`.
    pub clip: bool,
    /// The clipping threshold.
    pub clip_at: f64,
    /// Seed of the weights, the batches and dropout.
    pub seed: u32,
    /// Byte-level BPE merges to learn from the text; 0 reads characters.
    pub merges: u32,
}

impl Default for GptSettings {
    fn default() -> Self {
        Self {
            layers: 2,
            width: 128,
            heads: 4,
            context: 64,
            mlp_ratio: 4,
            dropout: 0.0,
            tie: true,
            pre_norm: true,
            positions: Positions::Learned,
            norm: NormKind::LayerNorm,
            mlp: MlpKind::Gelu,
            kv_heads: 0,
            optimizer: OptimizerKind::AdamW,
            lr: 3e-3,
            warmup: 100,
            decay: 3_000,
            weight_decay: 0.01,
            batch: 32,
            clip: true,
            clip_at: 1.0,
            seed: 1,
            merges: 0,
        }
    }
}

/// The learning rate's floor after the decay, as a share of the peak.
const FLOOR: f64 = 0.1;

impl GptSettings {
    /// Refuse what the lab does not offer, naming the limit.
    pub fn check(&self) -> Result<(), Message> {
        let within = |knob: &str, name: &str, v: u32, lo: u32, hi: u32| {
            crate::wire::within("gpt.msg.range", knob, name, v, lo, hi)
        };
        within("gpt.msg.knob.layers", "layers", self.layers, 1, 6)?;
        within("gpt.msg.knob.width", "the model width", self.width, 32, 256)?;
        within("gpt.msg.knob.heads", "heads", self.heads, 1, 8)?;
        within("gpt.msg.knob.context", "the context", self.context, 16, 256)?;
        within(
            "gpt.msg.knob.mlpRatio",
            "the MLP ratio",
            self.mlp_ratio,
            1,
            8,
        )?;
        within("gpt.msg.knob.batch", "the batch", self.batch, 1, 128)?;
        within("gpt.msg.knob.warmup", "the warm-up", self.warmup, 0, 10_000)?;
        within("gpt.msg.knob.decay", "the decay", self.decay, 0, 100_000)?;
        within(
            "gpt.msg.knob.merges",
            "the BPE merges",
            self.merges,
            0,
            super::vocabulary::MAX_MERGES,
        )?;
        if !self.width.is_multiple_of(self.heads) {
            return Err(message!(
                "gpt.msg.headsDivide",
                "the width {width} does not split into {heads} heads; pick a width divisible by the heads",
                width = self.width,
                heads = self.heads
            ));
        }
        if self.kv_heads > self.heads || !self.heads.is_multiple_of(self.kv_heads.max(1)) {
            return Err(message!(
                "gpt.msg.kvHeads",
                "{kv} key/value heads do not divide {heads} heads; pick a divisor of the heads",
                kv = self.kv_heads,
                heads = self.heads
            ));
        }
        if self.positions == Positions::Rope && !(self.width / self.heads).is_multiple_of(2) {
            return Err(message!(
                "gpt.msg.ropeOdd",
                "RoPE turns pairs of dimensions, and a head is {dk} wide; pick a width and heads that give an even head width",
                dk = self.width / self.heads
            ));
        }
        crate::limits::dropout(self.dropout)?;
        crate::limits::learning_rate(self.lr)?;
        if !(0.0..=1.0).contains(&self.weight_decay) {
            return Err(message!(
                "gpt.msg.weightDecay",
                "the weight decay must be 0 to 1"
            ));
        }
        if self.clip && !(self.clip_at > 0.0 && self.clip_at.is_finite()) {
            return Err(message!(
                "gpt.msg.clip",
                "the clipping threshold must be above 0"
            ));
        }
        Ok(())
    }

    /// Key/value heads, 0 read as one per head.
    pub fn kv_heads(&self) -> u32 {
        if self.kv_heads == 0 {
            self.heads
        } else {
            self.kv_heads
        }
    }

    /// The model's shape over `vocab` tokens.
    pub fn model(&self, vocab: usize) -> GptConfig {
        GptConfig::new(vocab)
            .with_context(self.context as usize)
            .with_d_model(self.width as usize)
            .with_n_heads(self.heads as usize)
            .with_n_layers(self.layers as usize)
            .with_mlp_ratio(self.mlp_ratio as usize)
            .with_dropout(self.dropout)
            .with_tie_embeddings(self.tie)
            .with_pre_norm(self.pre_norm)
            .with_positions(self.positions)
            .with_norm(self.norm)
            .with_mlp(self.mlp)
            .with_kv_heads(self.kv_heads() as usize)
    }

    /// The learning rate of step `step` (from 0).
    pub fn rate(&self, step: u64) -> f64 {
        let (warmup, decay) = (u64::from(self.warmup), u64::from(self.decay));
        if step < warmup {
            return self.lr * (step + 1) as f64 / warmup as f64;
        }
        if decay == 0 {
            return self.lr;
        }
        let t = ((step - warmup) as f64 / decay as f64).min(1.0);
        let cosine = 0.5 * (1.0 + (std::f64::consts::PI * t).cos());
        self.lr * (FLOOR + (1.0 - FLOOR) * cosine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_warms_up_then_decays_to_a_tenth() {
        let s = GptSettings {
            lr: 1.0,
            warmup: 10,
            decay: 100,
            ..GptSettings::default()
        };
        assert!((s.rate(0) - 0.1).abs() < 1e-12);
        assert!((s.rate(9) - 1.0).abs() < 1e-12);
        assert!((s.rate(10) - 1.0).abs() < 1e-12);
        assert!(
            (s.rate(60) - 0.55).abs() < 1e-12,
            "half way: {}",
            s.rate(60)
        );
        assert!((s.rate(110) - 0.1).abs() < 1e-12);
        assert!((s.rate(10_000) - 0.1).abs() < 1e-12);
        let flat = GptSettings { decay: 0, ..s };
        assert_eq!(flat.rate(500), 1.0);
    }

    #[test]
    fn limits_are_refused_with_the_knob_named() {
        assert!(GptSettings::default().check().is_ok());
        let e = GptSettings {
            layers: 7,
            ..GptSettings::default()
        }
        .check()
        .unwrap_err();
        assert!(e.contains("layers must be 1 to 6"), "{e}");
        let e = GptSettings {
            width: 100,
            heads: 8,
            ..GptSettings::default()
        }
        .check()
        .unwrap_err();
        assert!(e.contains("does not split into 8 heads"), "{e}");
        let e = GptSettings {
            lr: f64::NAN,
            ..GptSettings::default()
        }
        .check()
        .unwrap_err();
        assert!(e.contains("learning rate"), "{e}");
        let e = GptSettings {
            context: 512,
            ..GptSettings::default()
        }
        .check()
        .unwrap_err();
        assert!(e.contains("context must be 16 to 256"), "{e}");
        let e = GptSettings {
            kv_heads: 3,
            ..GptSettings::default()
        }
        .check()
        .unwrap_err();
        assert!(e.contains("3 key/value heads do not divide 4"), "{e}");
        let e = GptSettings {
            positions: Positions::Rope,
            width: 36,
            heads: 4,
            ..GptSettings::default()
        }
        .check()
        .unwrap_err();
        assert!(e.contains("head is 9 wide"), "{e}");
    }
}
