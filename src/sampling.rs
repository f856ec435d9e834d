//! Drawing the next token from a decoder's scores: the temperature, top-k
//! and top-p filters and the draw (shared by the labs that write: the GPT
//! lab shows each step, the LoRA lab compares the writing of its runs).

use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};

use crate::models::gpt::Gpt;
use crate::readback;
use crate::rng::Rng;
use crate::wire::Message;

/// One step's distribution through the temperature and the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct Filtered {
    /// The model's probabilities (temperature 1).
    pub p: Vec<f32>,
    /// After the temperature (one-hot on the likeliest at 0).
    pub tempered: Vec<f32>,
    /// What is drawn from: the kept tokens renormalised, 0 elsewhere.
    pub drawn_with: Vec<f32>,
    /// Token ids by tempered probability, likeliest first.
    pub order: Vec<usize>,
    /// How many of `order` were kept.
    pub kept: usize,
    /// Tempered mass of the kept tokens.
    pub kept_mass: f32,
}

fn softmax(logits: &[f32], temperature: f64) -> Vec<f32> {
    let best = logits
        .iter()
        .copied()
        .filter(|l| l.is_finite())
        .fold(f32::NEG_INFINITY, f32::max);
    let weights: Vec<f64> = logits
        .iter()
        .map(|&l| {
            if l.is_finite() {
                ((f64::from(l) - f64::from(best)) / temperature).exp()
            } else {
                0.0
            }
        })
        .collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| (w / total) as f32).collect()
}

/// `logits` through the temperature (≤ 0: greedy), top-k (0: off) and top-p
/// (≥ 1: off).
pub fn filter(logits: &[f32], temperature: f64, top_k: u32, top_p: f64) -> Filtered {
    let p = softmax(logits, 1.0);
    let mut order: Vec<usize> = (0..logits.len()).collect();
    // Ties by id, so the same scores always give the same order.
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    let tempered = if temperature <= 0.0 {
        let mut one_hot = vec![0.0; p.len()];
        one_hot[order[0]] = 1.0;
        one_hot
    } else {
        softmax(logits, temperature)
    };
    // Greedy keeps the likeliest alone, whatever the filters say.
    let mut kept = if temperature <= 0.0 {
        1
    } else if top_k == 0 {
        order.len()
    } else {
        (top_k as usize).min(order.len())
    };
    if top_p < 1.0 {
        let mut mass = 0.0f64;
        let mut n = 0;
        while n < kept {
            mass += f64::from(tempered[order[n]]);
            n += 1;
            if mass >= top_p {
                break;
            }
        }
        kept = n;
    }
    let kept = kept.max(1);
    let kept_mass: f32 = order[..kept].iter().map(|&i| tempered[i]).sum();
    let mut drawn_with = vec![0.0; p.len()];
    for &i in &order[..kept] {
        drawn_with[i] = if kept_mass > 0.0 {
            tempered[i] / kept_mass
        } else {
            1.0 / kept as f32
        };
    }
    Filtered {
        p,
        tempered,
        drawn_with,
        order,
        kept,
        kept_mass,
    }
}

impl Filtered {
    /// Draw a token id.
    pub fn draw(&self, rng: &mut Rng) -> usize {
        let mut target = rng.unit();
        for &i in &self.order[..self.kept] {
            target -= self.drawn_with[i];
            if target < 0.0 {
                return i;
            }
        }
        self.order[self.kept - 1]
    }
}

/// The next-token scores after the last `context` of `ids`.
pub async fn scores(model: &Gpt, ids: &[u32], device: &Device) -> Result<Vec<f32>, Message> {
    let window = &ids[ids.len().saturating_sub(model.context())..];
    let n = window.len();
    let input = Tensor::<2, Int>::from_data(
        TensorData::new(window.iter().map(|&i| i64::from(i)).collect(), [1, n]),
        device,
    );
    let logits = model.forward(input).logits;
    let vocab = logits.dims()[2];
    let last = logits.narrow(1, n - 1, 1).reshape([vocab]);
    readback::read_f32(Transaction::default().register(last), "the scores")
        .await?
        .pop()
        .ok_or_else(|| "missing scores".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperature_zero_and_top_k_one_are_greedy() {
        let logits = [0.5, 3.0, 1.0, 2.9];
        let mut rng = Rng::new(1);
        for f in [
            filter(&logits, 0.0, 0, 1.0),
            filter(&logits, 1.0, 1, 1.0),
            filter(&logits, 5.0, 1, 1.0),
        ] {
            assert_eq!(f.kept, 1);
            assert!((0..50).all(|_| f.draw(&mut rng) == 1));
            assert_eq!(f.drawn_with[1], 1.0);
        }
    }

    #[test]
    fn top_p_keeps_the_smallest_set_whose_mass_reaches_p() {
        // probabilities 0.5, 0.3, 0.15, 0.05
        let logits: Vec<f32> = [0.5f32, 0.3, 0.15, 0.05].iter().map(|p| p.ln()).collect();
        let kept = |p| filter(&logits, 1.0, 0, p).kept;
        assert_eq!(kept(0.5), 1, "0.5 alone reaches 0.5");
        assert_eq!(kept(0.51), 2);
        assert_eq!(kept(0.8), 2);
        assert_eq!(kept(0.81), 3);
        assert_eq!(kept(0.96), 4);
        assert_eq!(kept(1.0), 4);
        let f = filter(&logits, 1.0, 0, 0.8);
        assert!((f.kept_mass - 0.8).abs() < 1e-6);
        assert!((f.drawn_with[0] - 0.625).abs() < 1e-6, "0.5 / 0.8");
        assert_eq!(f.drawn_with[2], 0.0);
        let total: f32 = f.drawn_with.iter().sum();
        assert!((total - 1.0).abs() < 1e-6);
        // Top-k and top-p together keep the smaller set.
        assert_eq!(filter(&logits, 1.0, 3, 0.96).kept, 3);
        assert_eq!(filter(&logits, 1.0, 3, 0.5).kept, 1);
    }

    #[test]
    fn draws_follow_the_renormalised_probabilities() {
        let logits: Vec<f32> = [0.5f32, 0.3, 0.2].iter().map(|p| p.ln()).collect();
        let f = filter(&logits, 1.0, 2, 1.0);
        let mut rng = Rng::new(7);
        let mut seen = [0; 3];
        for _ in 0..4000 {
            seen[f.draw(&mut rng)] += 1;
        }
        assert_eq!(seen[2], 0, "filtered out");
        assert!((seen[0] as f64 / 4000.0 - 0.625).abs() < 0.03, "{seen:?}");
    }

    #[test]
    fn a_high_temperature_flattens() {
        let logits = [0.0, 3.0, 1.0];
        let f = filter(&logits, 100.0, 0, 1.0);
        assert!(
            f.tempered.iter().all(|&p| (p - 1.0 / 3.0).abs() < 0.02),
            "{:?}",
            f.tempered
        );
        assert!(
            (f.p[1] - 0.844).abs() < 0.001,
            "the model's own p stays: {:?}",
            f.p
        );
    }
}
