//! Activation quantization for the GPT: every input of a matrix (see
//! [`crate::models::gpt::tap`]) rounded to int8 as well as the weights
//! (W8A8). Activations change with every input, so their ranges are
//! calibrated beforehand on a few batches of text: the largest |x| seen
//! (min/max), or a percentile of |x| that clips the rare outliers to give
//! every other value a finer grid.

use std::collections::HashMap;

use burn::tensor::{Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::fake_quant::{clipped_round, quantized};
use super::grid::{Granularity, Scheme};
use super::subject::gpt_bits_tapped;
use crate::corpus::Corpus;
use crate::message;
use crate::models::gpt::{Gpt, Site};
use crate::readback::read_f32;
use crate::rng::Rng;
use crate::wire::Message;

/// Windows of text the ranges are calibrated on.
const CALIBRATION_WINDOWS: usize = 16;
/// Histogram bins of the site on view.
const BINS: usize = 96;

/// How an activation's range is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Calibration {
    /// The largest |x| seen.
    MinMax,
    /// The 99.99th percentile of |x|.
    P9999,
    /// The 99.9th percentile of |x|.
    P999,
}

/// One site's calibrated ranges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SiteRange {
    /// Where.
    pub site: Site,
    /// Lowest value seen.
    pub min: f32,
    /// Highest value seen.
    pub max: f32,
    /// 99.99th percentile of |x|.
    pub p9999: f32,
    /// 99.9th percentile of |x|.
    pub p999: f32,
}

impl SiteRange {
    /// The clipping range `calibration` picks.
    pub fn range(&self, calibration: Calibration) -> f32 {
        match calibration {
            Calibration::MinMax => self.min.abs().max(self.max.abs()),
            Calibration::P9999 => self.p9999,
            Calibration::P999 => self.p999,
        }
    }
}

/// The model quantized with one calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActivationRow {
    /// None: weights only (W8A32).
    pub calibration: Option<Calibration>,
    /// Held-out bits per character.
    pub bits_per_char: f64,
}

/// What the page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActivationsView {
    /// Every site's ranges, in the order the forward pass meets them.
    pub sites: Vec<SiteRange>,
    /// The site whose values are drawn.
    pub shown: u32,
    /// Its values: counts in equal bins from its min to its max.
    pub histogram: Vec<u32>,
    /// The f32 model's bits per character.
    pub f32_bits: f64,
    /// Weights int8 per channel, then with activations at each calibration.
    pub rows: Vec<ActivationRow>,
}

/// The value at `q` (0..1) of sorted `values`.
fn percentile(sorted: &[f32], q: f64) -> f32 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

/// Calibrate `model` on the first windows of `corpus`'s training text,
/// quantize with each calibration, and measure on `held` held-out
/// characters. `shown` picks the site drawn.
pub async fn activations(
    model: &Gpt,
    corpus: &Corpus,
    shown: u32,
    held: usize,
) -> Result<ActivationsView, Message> {
    let device = model.token.weight.device();
    let context = model.context();
    let ids = corpus.train_ids();
    if ids.len() < context * CALIBRATION_WINDOWS + 1 {
        return Err(message!(
            "precision.msg.calibrationText",
            "the text is too short to calibrate on"
        ));
    }
    // Windows spread over the training text, the same every time.
    let mut rng = Rng::new(7);
    let mut windows = Vec::with_capacity(CALIBRATION_WINDOWS * context);
    for _ in 0..CALIBRATION_WINDOWS {
        let start = (rng.next_u64() % (ids.len() - context) as u64) as usize;
        windows.extend(ids[start..start + context].iter().map(|&i| i64::from(i)));
    }
    let input = Tensor::<2, Int>::from_data(
        TensorData::new(windows, [CALIBRATION_WINDOWS, context]),
        &device,
    );
    let mut seen: Vec<(Site, Tensor<3>)> = Vec::new();
    model.forward_tapped(input, None, &mut |site, x| {
        seen.push((site, x.clone()));
        x
    });
    let tx = seen
        .iter()
        .fold(Transaction::default(), |tx, (_, x)| tx.register(x.clone()));
    let values = read_f32(tx, "the activations").await?;
    let shown = (shown as usize).min(seen.len().saturating_sub(1));
    let mut sites = Vec::with_capacity(seen.len());
    let mut histogram = vec![0u32; BINS];
    for (i, ((site, _), v)) in seen.iter().zip(&values).enumerate() {
        let (min, max) = v
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        let mut abs: Vec<f32> = v.iter().map(|x| x.abs()).collect();
        abs.sort_by(f32::total_cmp);
        sites.push(SiteRange {
            site: *site,
            min,
            max,
            p9999: percentile(&abs, 0.9999),
            p999: percentile(&abs, 0.999),
        });
        if i == shown {
            let span = (max - min).max(f32::MIN_POSITIVE);
            for &x in v {
                histogram[((((x - min) / span) * BINS as f32) as usize).min(BINS - 1)] += 1;
            }
        }
    }
    let weights = quantized(
        model.clone(),
        Scheme {
            bits: 8,
            symmetric: true,
            granularity: Granularity::Channel,
        },
        None,
    )?;
    let f32_bits = gpt_bits_tapped(model, corpus, held, &mut |_, x| x).await?;
    let mut rows = vec![ActivationRow {
        calibration: None,
        bits_per_char: gpt_bits_tapped(&weights, corpus, held, &mut |_, x| x).await?,
    }];
    for calibration in [Calibration::MinMax, Calibration::P9999, Calibration::P999] {
        let ranges: HashMap<Site, f64> = sites
            .iter()
            .map(|s| (s.site, f64::from(s.range(calibration)).max(1e-12)))
            .collect();
        let mut quantize = |site: Site, x: Tensor<3>| match ranges.get(&site) {
            Some(&r) => clipped_round(x, -r, r, r / 127.0),
            None => x,
        };
        rows.push(ActivationRow {
            calibration: Some(calibration),
            bits_per_char: gpt_bits_tapped(&weights, corpus, held, &mut quantize).await?,
        });
    }
    Ok(ActivationsView {
        sites,
        shown: shown as u32,
        histogram,
        f32_bits,
        rows,
    })
}
