//! What the position views show of the learner's model: the sinusoid table
//! and, when the model learned its own, the learned one (positions ×
//! dimensions) with each one's position-to-position cosine similarity;
//! RoPE's check that a rotated query·key depends only on the distance
//! between the two positions, on the model's own query and key; and
//! ALiBi's slope per head.

use burn::tensor::{Tensor, Transaction};
use serde::{Deserialize, Serialize};

use crate::models::gpt::positions::{alibi_slopes, rope_angle, rope_rotate, sinusoid};
use crate::models::gpt::{Gpt, Positions};
use crate::readback::read_f32;
use crate::wire::Message;

/// A table of positions × dimensions and its similarity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PositionTable {
    /// Positions (rows).
    pub positions: u32,
    /// Dimensions (columns).
    pub width: u32,
    /// Row-major values, [positions × width].
    pub values: Vec<f32>,
    /// Cosine similarity of every pair of positions, [positions × positions].
    pub similarity: Vec<f32>,
}

/// One line of the RoPE check: the rotated query at `m` against the
/// rotated key at `n`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RopeRow {
    /// The query's position.
    pub m: u32,
    /// The key's position.
    pub n: u32,
    /// q_m · k_n after both rotations.
    pub dot: f64,
}

/// RoPE on the model's own vectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RopeCheck {
    /// Width of a head: d_head / 2 pairs turn.
    pub d_head: u32,
    /// Each pair's angle per position step (radians): BASE^(−2k/d_head).
    pub speeds: Vec<f64>,
    /// The unrotated q · k.
    pub plain: f64,
    /// Pairs of positions, several at the same distance and a few not.
    pub rows: Vec<RopeRow>,
}

/// Answer to `gptPositions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PositionsView {
    /// What the model uses.
    pub positions: Positions,
    /// The sinusoids for the model's context and width.
    pub sinusoidal: PositionTable,
    /// The learned table, when the model has one (its trained rows).
    pub learned: Option<PositionTable>,
    /// RoPE turning the first two tokens' query and key (layer 1, head 1).
    pub rope: RopeCheck,
    /// ALiBi's slope per head of the model.
    pub alibi_slopes: Vec<f64>,
}

/// Query and key positions of the RoPE check: distance 3 at growing
/// offsets, then other distances.
const ROPE_PAIRS: [(u32, u32); 8] = [
    (3, 0),
    (4, 1),
    (13, 10),
    (103, 100),
    (1003, 1000),
    (4, 0),
    (10, 0),
    (1, 0),
];

/// # Shapes
/// - `table`: [positions, width]
fn table(values: Vec<f32>, positions: usize, width: usize) -> PositionTable {
    let norms: Vec<f64> = values
        .chunks(width)
        .map(|r| {
            r.iter()
                .map(|&v| f64::from(v).powi(2))
                .sum::<f64>()
                .sqrt()
                .max(1e-12)
        })
        .collect();
    let mut similarity = Vec::with_capacity(positions * positions);
    for i in 0..positions {
        for j in 0..positions {
            let (a, b) = (
                &values[i * width..(i + 1) * width],
                &values[j * width..(j + 1) * width],
            );
            let dot: f64 = a
                .iter()
                .zip(b)
                .map(|(x, y)| f64::from(*x) * f64::from(*y))
                .sum();
            similarity.push((dot / (norms[i] * norms[j])) as f32);
        }
    }
    PositionTable {
        positions: positions as u32,
        width: width as u32,
        values,
        similarity,
    }
}

/// The views' numbers for `model`, whose first block reads `input`
/// (the embedded text, at least two positions).
///
/// # Shapes
/// - input: [1, seq, d_model], seq ≥ 2
pub async fn positions_view(model: &Gpt, input: Tensor<3>) -> Result<PositionsView, Message> {
    let [_, _, width] = input.dims();
    let context = model.context();
    let sinusoidal: Vec<f32> = (0..context)
        .flat_map(|p| (0..width).map(move |i| sinusoid(p, i, width) as f32))
        .collect();
    let block = &model.blocks[0];
    let attention = &block.attention;
    let d_k = attention.d_k();
    let x = block.attention_input(input);
    // The first token's query and the second's key, before any rotation.
    let q = attention
        .query
        .forward(x.clone())
        .narrow(1, 1, 1)
        .narrow(2, 0, d_k);
    let k = attention.key.forward(x).narrow(1, 0, 1).narrow(2, 0, d_k);
    let mut tx = Transaction::default().register(q).register(k);
    if let Some(table) = &model.position {
        tx = tx.register(table.weight.val().narrow(0, 0, context));
    }
    let mut read = read_f32(tx, "the positions").await?.into_iter();
    let (q, k) = (
        read.next().unwrap_or_default(),
        read.next().unwrap_or_default(),
    );
    let learned = read.next().map(|values| table(values, context, width));
    let (q, k): (Vec<f64>, Vec<f64>) = (
        q.iter().map(|&v| f64::from(v)).collect(),
        k.iter().map(|&v| f64::from(v)).collect(),
    );
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let rows = ROPE_PAIRS
        .iter()
        .map(|&(m, n)| RopeRow {
            m,
            n,
            dot: dot(&rope_rotate(&q, m as usize), &rope_rotate(&k, n as usize)),
        })
        .collect();
    Ok(PositionsView {
        positions: model.positions,
        sinusoidal: table(sinusoidal, context, width),
        learned,
        rope: RopeCheck {
            d_head: d_k as u32,
            speeds: (0..d_k / 2).map(|i| rope_angle(1, i, d_k)).collect(),
            plain: dot(&q, &k),
            rows,
        },
        alibi_slopes: alibi_slopes(attention.n_heads),
    })
}
