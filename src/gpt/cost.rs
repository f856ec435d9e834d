//! What a GPT costs: its parameters and the floating-point operations per
//! token of each part, counted from the shapes (the table the page shows,
//! beside the 12·L·d² rule of thumb), and checked against burn's own count
//! of the built model.
//!
//! A multiply-add is two operations. Per token, a `d_in × d_out` linear
//! layer costs `2·d_in·d_out`; attention also compares the query with every
//! key and mixes every value, `2·2·context·d` per layer (the causal mask
//! hides half of them, but the matrix is computed whole). Training costs
//! about three forward passes: the backward pass computes two products for
//! each one of the forward.

use serde::{Deserialize, Serialize};

use super::config::GptSettings;
use crate::models::gpt::{MlpKind, NormKind};

/// One part of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Part {
    /// The token embedding (a lookup: no arithmetic).
    Embedding,
    /// The learned positions (none for the other encodings).
    Positions,
    /// Queries, keys, values (one per key/value head), output projection,
    /// and the score and mixing products, in every block.
    Attention,
    /// The MLP's matrices in every block (two for GELU, three for SwiGLU).
    Mlp,
    /// Every norm's gain (and LayerNorm's bias).
    Norms,
    /// The output layer (free in parameters when tied to the embedding).
    Output,
}

/// A row of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CostRow {
    /// Which part.
    pub part: Part,
    /// How many of it (blocks for attention and MLP).
    pub count: u32,
    /// Trainable values, all of them together.
    pub params: f64,
    /// Forward operations per token, all of them together.
    pub flops: f64,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Cost {
    /// One row per part.
    pub rows: Vec<CostRow>,
    /// Every trainable value.
    pub params: f64,
    /// 12·layers·width², the usual estimate of the blocks' parameters.
    pub rule_of_thumb: f64,
    /// The blocks' exact parameters (attention, MLP and their norms), what
    /// the rule of thumb estimates.
    pub block_params: f64,
    /// Forward operations per token.
    pub forward_flops: f64,
    /// Training operations per token (forward and backward).
    pub train_flops: f64,
    /// What the KV cache holds per token at f32: 2 × layers × K/V heads ×
    /// head width × 4 bytes.
    pub cache_bytes_per_token: f64,
}

/// The cost of `settings` over `vocab` tokens.
pub fn cost(settings: &GptSettings, vocab: usize) -> Cost {
    reaching(settings, vocab, 0)
}

/// The cost of `settings` over `vocab` tokens, a learned position table
/// holding `reach` rows when that is more than the context.
pub fn reaching(settings: &GptSettings, vocab: usize, reach: usize) -> Cost {
    let v = vocab as f64;
    let table = f64::from(settings.context).max(reach as f64);
    let d = f64::from(settings.width);
    let l = f64::from(settings.layers);
    let t = f64::from(settings.context);
    let d_k = d / f64::from(settings.heads);
    let kv = f64::from(settings.kv_heads()) * d_k;
    let ratio = settings.mlp_ratio as usize;
    let h = settings.mlp.hidden(settings.width as usize, ratio) as f64;
    let linear = |i: f64, o: f64| i * o + o;
    let (mlp_params, mlp_matrices) = match settings.mlp {
        MlpKind::Gelu => (linear(d, h) + linear(h, d), 2.0),
        // burn's SwiGLU gate has no biases, like LLaMA's.
        MlpKind::SwiGlu => (2.0 * d * h + linear(h, d), 3.0),
    };
    let norm = match settings.norm {
        NormKind::LayerNorm => 2.0 * d,
        NormKind::RmsNorm => d,
    };
    let rows = vec![
        CostRow {
            part: Part::Embedding,
            count: 1,
            params: v * d,
            flops: 0.0,
        },
        CostRow {
            part: Part::Positions,
            count: u32::from(settings.positions.is_learned()),
            params: if settings.positions.is_learned() {
                table * d
            } else {
                0.0
            },
            flops: 0.0,
        },
        CostRow {
            part: Part::Attention,
            count: settings.layers,
            params: l * (2.0 * linear(d, d) + 2.0 * linear(d, kv)),
            flops: l * (2.0 * (2.0 * d * d + 2.0 * d * kv) + 2.0 * 2.0 * t * d),
        },
        CostRow {
            part: Part::Mlp,
            count: settings.layers,
            params: l * mlp_params,
            flops: l * 2.0 * mlp_matrices * d * h,
        },
        CostRow {
            part: Part::Norms,
            count: 2 * settings.layers + 1,
            params: (2.0 * l + 1.0) * norm,
            flops: 0.0,
        },
        CostRow {
            part: Part::Output,
            count: 1,
            params: if settings.tie { 0.0 } else { linear(d, v) },
            flops: 2.0 * d * v,
        },
    ];
    let params = rows.iter().map(|r| r.params).sum();
    let forward_flops: f64 = rows.iter().map(|r| r.flops).sum();
    let block_params = rows
        .iter()
        .filter(|r| matches!(r.part, Part::Attention | Part::Mlp))
        .map(|r| r.params)
        .sum::<f64>()
        + l * 2.0 * norm;
    Cost {
        rows,
        params,
        rule_of_thumb: 12.0 * l * d * d,
        block_params,
        forward_flops,
        train_flops: 3.0 * forward_flops,
        cache_bytes_per_token: crate::models::gpt::cache_bytes(
            settings.layers as usize,
            settings.kv_heads() as usize,
            d_k as usize,
            1,
            4,
        ) as f64,
    }
}

#[cfg(test)]
mod tests {
    use burn::module::Module;
    use burn::tensor::Device;

    use super::*;
    use crate::models::gpt::Positions;

    #[test]
    fn the_table_counts_what_burn_builds() {
        let device = Device::flex();
        let llama = (NormKind::RmsNorm, MlpKind::SwiGlu);
        let gpt2 = (NormKind::LayerNorm, MlpKind::Gelu);
        for (tie, layers, width, heads, ratio, kv_heads, (norm, mlp), positions) in [
            (true, 2, 128, 4, 4, 0, gpt2, Positions::Learned),
            (false, 1, 32, 1, 2, 1, gpt2, Positions::Sinusoidal),
            (true, 3, 48, 6, 3, 2, llama, Positions::Rope),
            (false, 2, 64, 8, 4, 1, llama, Positions::Alibi),
            (
                true,
                1,
                40,
                2,
                1,
                2,
                (NormKind::RmsNorm, MlpKind::Gelu),
                Positions::None,
            ),
        ] {
            let settings = GptSettings {
                tie,
                layers,
                width,
                heads,
                mlp_ratio: ratio,
                context: 24,
                kv_heads,
                norm,
                mlp,
                positions,
                ..GptSettings::default()
            };
            let model = settings.model(57).init(&device);
            assert_eq!(
                cost(&settings, 57).params,
                model.num_params() as f64,
                "{settings:?}"
            );
        }
    }

    #[test]
    fn the_rule_of_thumb_is_close_for_wide_blocks() {
        let settings = GptSettings {
            width: 256,
            layers: 4,
            ..GptSettings::default()
        };
        let c = cost(&settings, 100);
        let ratio = c.block_params / c.rule_of_thumb;
        assert!(
            (1.0..1.01).contains(&ratio),
            "biases and norms add under 1%: {ratio}"
        );
        assert_eq!(c.train_flops, 3.0 * c.forward_flops);
    }
}
