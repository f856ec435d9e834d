//! Activation quantization for the GPT and the CNN: every input of a
//! matrix (the GPT's, see [`crate::models::gpt::tap`]; the CNN's conv and
//! dense layers, see [`crate::models::cnn::tap`]) rounded to int8 as well
//! as the weights (W8A8). Activations change with every input, so their
//! ranges are calibrated beforehand on a few batches of the model's own
//! training data: the largest |x| seen (min/max), or a percentile of |x|
//! that clips the rare outliers to give every other value a finer grid.
//!
//! Both models share the view, the ranges and the rounding; only the
//! calibration data and the score differ (the GPT's held-out bits per
//! character, the CNN's test accuracy), as in the rest of the lab.

use std::collections::HashMap;

use burn::tensor::{Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::fake_quant::{clipped_round, quantized};
use super::grid::{Granularity, Scheme};
use super::qat::Metric;
use super::subject::gpt_bits_tapped;
use crate::corpus::Corpus;
use crate::message;
use crate::models::cnn::dataset::{Digits, TRAIN};
use crate::models::cnn::net::Cnn;
use crate::models::cnn::tap::{LayerInput, LayerTap};
use crate::models::cnn::train::{evaluate, evaluate_tapped};
use crate::models::gpt::{Gpt, Site};
use crate::readback::read_f32;
use crate::rng::Rng;
use crate::wire::Message;

/// Windows of text the GPT's ranges are calibrated on.
const CALIBRATION_WINDOWS: usize = 16;
/// Batches of training digits the CNN's ranges are calibrated on.
const CALIBRATION_BATCHES: usize = 4;
/// Digits per calibration batch.
const CALIBRATION_BATCH: usize = 128;
/// Histogram bins of the site on view.
const BINS: usize = 96;
/// Levels each side of zero of a symmetric int8 grid.
const LEVELS: f64 = 127.0;

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

impl Calibration {
    /// Every calibration, in the order the view measures them.
    pub const ALL: [Calibration; 3] = [Calibration::MinMax, Calibration::P9999, Calibration::P999];
}

/// Where an activation enters a matrix, in either model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "model", content = "at", rename_all = "camelCase")]
pub enum ActivationSite {
    /// An input of a matrix of the GPT.
    Gpt(Site),
    /// The input of a layer of the CNN.
    Cnn(LayerInput),
}

/// One site's calibrated ranges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SiteRange {
    /// Where.
    pub site: ActivationSite,
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
    /// Its score, in the view's metric.
    pub score: f64,
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
    /// What the scores are: the GPT's bits per character, the CNN's accuracy.
    pub metric: Metric,
    /// Windows of text (GPT) or training digits (CNN) calibrated on.
    pub calibrated_on: u32,
    /// The f32 model's score.
    pub f32_score: f64,
    /// Weights int8 per channel, then with activations at each calibration.
    pub rows: Vec<ActivationRow>,
}

/// The weights' scheme in every row: int8, symmetric, per output channel.
const WEIGHTS: Scheme = Scheme {
    bits: 8,
    symmetric: true,
    granularity: Granularity::Channel,
};

/// `x` clipped to ±`range` and rounded to the symmetric int8 grid of it
/// (steps of `range / 127`).
///
/// # Shapes
/// - x: any; returned as it came
pub fn quantize_activation<const D: usize>(x: Tensor<D>, range: f64) -> Tensor<D> {
    let range = range.max(1e-12);
    clipped_round(x, -range, range, range / LEVELS)
}

/// The value at `q` (0..1) of sorted `values`.
fn percentile(sorted: &[f32], q: f64) -> f32 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

/// The ranges of one site's `values`.
fn site_range(site: ActivationSite, values: &[f32]) -> SiteRange {
    let (min, max) = values
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    let mut abs: Vec<f32> = values.iter().map(|x| x.abs()).collect();
    abs.sort_by(f32::total_cmp);
    SiteRange {
        site,
        min,
        max,
        p9999: percentile(&abs, 0.9999),
        p999: percentile(&abs, 0.999),
    }
}

/// Counts of `values` in [`BINS`] equal bins from `min` to `max`.
fn histogram(values: &[f32], min: f32, max: f32) -> Vec<u32> {
    let mut counts = vec![0u32; BINS];
    let span = (max - min).max(f32::MIN_POSITIVE);
    for &x in values {
        counts[((((x - min) / span) * BINS as f32) as usize).min(BINS - 1)] += 1;
    }
    counts
}

/// Every site's ranges from its calibration `values` (in the same order),
/// and the histogram of site `shown` (clamped to the last).
fn calibrate(
    sites: Vec<ActivationSite>,
    values: &[Vec<f32>],
    shown: u32,
) -> (Vec<SiteRange>, u32, Vec<u32>) {
    let shown = (shown as usize).min(sites.len().saturating_sub(1));
    let ranges: Vec<SiteRange> = sites
        .into_iter()
        .zip(values)
        .map(|(site, v)| site_range(site, v))
        .collect();
    let counts = match (ranges.get(shown), values.get(shown)) {
        (Some(r), Some(v)) => histogram(v, r.min, r.max),
        _ => vec![0; BINS],
    };
    (ranges, shown as u32, counts)
}

/// Calibrate the GPT `model` on windows of `corpus`'s training text,
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
    let (sites, shown, histogram) = calibrate(
        seen.iter().map(|(s, _)| ActivationSite::Gpt(*s)).collect(),
        &values,
        shown,
    );
    let weights = quantized(model.clone(), WEIGHTS, None)?;
    let f32_score = gpt_bits_tapped(model, corpus, held, &mut |_, x| x).await?;
    let mut rows = vec![ActivationRow {
        calibration: None,
        score: gpt_bits_tapped(&weights, corpus, held, &mut |_, x| x).await?,
    }];
    for calibration in Calibration::ALL {
        let ranges: HashMap<Site, f64> = sites
            .iter()
            .filter_map(|s| match s.site {
                ActivationSite::Gpt(site) => Some((site, f64::from(s.range(calibration)))),
                ActivationSite::Cnn(_) => None,
            })
            .collect();
        let mut quantize = |site: Site, x: Tensor<3>| match ranges.get(&site) {
            Some(&r) => quantize_activation(x, r),
            None => x,
        };
        rows.push(ActivationRow {
            calibration: Some(calibration),
            score: gpt_bits_tapped(&weights, corpus, held, &mut quantize).await?,
        });
    }
    Ok(ActivationsView {
        sites,
        shown,
        histogram,
        metric: Metric::BitsPerChar,
        calibrated_on: CALIBRATION_WINDOWS as u32,
        f32_score,
        rows,
    })
}

/// Records every layer input of the CNN, flattened.
struct Record(Vec<(LayerInput, Tensor<1>)>);

impl LayerTap for Record {
    fn tap<const D: usize>(&mut self, at: LayerInput, x: Tensor<D>) -> Tensor<D> {
        self.0.push((at, x.clone().flatten(0, D - 1)));
        x
    }
}

/// Rounds every layer input of the CNN to int8 on its calibrated range.
struct RoundToRange(HashMap<LayerInput, f64>);

impl LayerTap for RoundToRange {
    fn tap<const D: usize>(&mut self, at: LayerInput, x: Tensor<D>) -> Tensor<D> {
        match self.0.get(&at) {
            Some(&r) => quantize_activation(x, r),
            None => x,
        }
    }
}

/// The CNN's calibrated ranges as its rounding tap wants them.
fn cnn_ranges(sites: &[SiteRange], calibration: Calibration) -> RoundToRange {
    RoundToRange(
        sites
            .iter()
            .filter_map(|s| match s.site {
                ActivationSite::Cnn(at) => Some((at, f64::from(s.range(calibration)))),
                ActivationSite::Gpt(_) => None,
            })
            .collect(),
    )
}

/// Every layer input of the CNN `model` on [`CALIBRATION_BATCHES`]
/// batches of training digits spread over the training split, read back:
/// the sites in forward order and each one's values.
async fn cnn_calibration_values(
    model: &Cnn,
    digits: &Digits,
) -> Result<(Vec<LayerInput>, Vec<Vec<f32>>), Message> {
    let device = model.output.weight.device();
    let inputs = model.layer_inputs();
    let mut record = Record(Vec::new());
    for b in 0..CALIBRATION_BATCHES {
        let start = b * (TRAIN / CALIBRATION_BATCHES);
        let (images, _) = digits.tensors(start..start + CALIBRATION_BATCH, &device);
        model.forward_tapped(images, &mut record);
    }
    let tx = inputs.iter().fold(Transaction::default(), |tx, at| {
        let batches: Vec<Tensor<1>> = record
            .0
            .iter()
            .filter(|(a, _)| a == at)
            .map(|(_, x)| x.clone())
            .collect();
        tx.register(Tensor::cat(batches, 0))
    });
    Ok((inputs, read_f32(tx, "the activations").await?))
}

/// Calibrate the CNN `model` on a few batches of training digits, quantize
/// with each calibration, and measure on the test digits. `shown` picks the
/// site drawn.
pub async fn cnn_activations(
    model: &Cnn,
    digits: &Digits,
    shown: u32,
) -> Result<ActivationsView, Message> {
    let (inputs, values) = cnn_calibration_values(model, digits).await?;
    let (sites, shown, histogram) = calibrate(
        inputs.into_iter().map(ActivationSite::Cnn).collect(),
        &values,
        shown,
    );
    let accuracy = |e: crate::models::cnn::train::Evaluation| f64::from(e.accuracy);
    let weights = quantized(model.clone(), WEIGHTS, None)?;
    let f32_score = accuracy(evaluate(model, digits).await?);
    let mut rows = vec![ActivationRow {
        calibration: None,
        score: accuracy(evaluate(&weights, digits).await?),
    }];
    for calibration in Calibration::ALL {
        let mut round = cnn_ranges(&sites, calibration);
        rows.push(ActivationRow {
            calibration: Some(calibration),
            score: accuracy(evaluate_tapped(&weights, digits, &mut round).await?),
        });
    }
    Ok(ActivationsView {
        sites,
        shown,
        histogram,
        metric: Metric::Accuracy,
        calibrated_on: (CALIBRATION_BATCHES * CALIBRATION_BATCH) as u32,
        f32_score,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::block_on;
    use crate::models::cnn::arch::NetConfig;
    use crate::models::cnn::dataset::tests::digits;
    use crate::models::cnn::net::Init;
    use crate::rng::Rng;
    use burn::tensor::Device;

    #[test]
    fn percentile_ranges_clip_the_outliers_and_never_exceed_min_max() {
        // 20,000 values within ±1 and two outliers: min/max spans the
        // outliers, the percentiles the bulk.
        let mut rng = Rng::new(3);
        let mut values: Vec<f32> = (0..20_000)
            .map(|_| (rng.next_u64() % 2001) as f32 / 1000.0 - 1.0)
            .collect();
        values.extend([40.0, -25.0]);
        let r = site_range(ActivationSite::Cnn(LayerInput::Output), &values);
        assert_eq!((r.min, r.max), (-25.0, 40.0));
        assert_eq!(r.range(Calibration::MinMax), 40.0);
        assert!(r.p999 <= r.p9999 && r.p9999 <= 1.0, "{r:?}");
        assert!(r.p999 > 0.99, "the bulk reaches ±1: {r:?}");
    }

    /// Rounds with [`RoundToRange`], then records what each layer reads.
    struct Reads(RoundToRange, Record);

    impl LayerTap for Reads {
        fn tap<const D: usize>(&mut self, at: LayerInput, x: Tensor<D>) -> Tensor<D> {
            let x = self.0.tap(at, x);
            self.1.tap(at, x)
        }
    }

    #[test]
    fn every_layer_reads_values_on_the_int8_grid_of_its_range() {
        let d = digits();
        let device = Device::flex();
        device.seed(1);
        let config = NetConfig {
            hidden: 32,
            ..NetConfig::default()
        };
        let model = Cnn::new(&config, Init::He, &device).unwrap();
        let (inputs, values) = block_on(cnn_calibration_values(&model, &d)).unwrap();
        assert_eq!(inputs, model.layer_inputs());
        assert_eq!(
            values[0].len(),
            CALIBRATION_BATCHES * CALIBRATION_BATCH * 28 * 28
        );
        let (sites, _, _) = calibrate(
            inputs.iter().copied().map(ActivationSite::Cnn).collect(),
            &values,
            0,
        );
        for s in &sites {
            assert!(
                s.p999 <= s.p9999 && s.p9999 <= s.range(Calibration::MinMax),
                "{s:?}"
            );
        }
        let (images, _) = d.tensors(TRAIN..TRAIN + 64, &device);
        for calibration in Calibration::ALL {
            let mut reads = Reads(cnn_ranges(&sites, calibration), Record(Vec::new()));
            model.forward_tapped(images.clone(), &mut reads);
            assert_eq!(reads.1.0.len(), sites.len());
            for ((at, x), s) in reads.1.0.into_iter().zip(&sites) {
                assert_eq!(ActivationSite::Cnn(at), s.site);
                let range = s.range(calibration);
                let step = range / 127.0;
                let x = x.into_data().try_into_vec::<f32>().unwrap();
                let mut levels = std::collections::BTreeSet::new();
                for v in x {
                    let q = v / step;
                    assert!(
                        (q - q.round()).abs() < 1e-3 && q.round().abs() <= 127.0,
                        "{at:?} at {calibration:?}: {v} is not on the grid of ±{range}"
                    );
                    levels.insert(q.round() as i32);
                }
                assert!(levels.len() > 8, "{at:?} uses only {levels:?}");
            }
        }
    }
}
