//! Writing with the GPT, one token at a time, showing each choice: the model
//! scores every token after the text so far (the last `context` tokens of
//! it: the positions end there), the scores are divided by the temperature
//! and turned into probabilities, top-k keeps the k likeliest, top-p the
//! fewest whose mass reaches p, the kept ones are renormalised and one is
//! drawn. Every step goes to the page with its ten likeliest candidates, so
//! the learner sees what each filter kept.
//!
//! Without a KV cache (the positions issue adds one) each step runs the
//! whole window again: simple, and exactly what the model was trained on.

use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::vocabulary::Vocabulary;
use crate::corpus::acrostic::Acrostic;
use crate::host::Host;
use crate::message;
use crate::models::gpt::Gpt;
use crate::readback;
use crate::rng::Rng;
use crate::wire::{Cancelled, Candidate, Drawn, Message, RequestId, Update};

/// Longest sample, in tokens.
pub const MAX_SAMPLE: u32 = 2_000;
/// Highest temperature used; higher ones are lowered to it.
pub const MAX_TEMPERATURE: f64 = 10.0;
/// Candidates shown per step.
pub const SHOWN: usize = 10;
/// Streamed tokens go out at most this often.
const STREAM_MS: f64 = 40.0;

/// What to write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WriteConfig {
    /// Text fed in first, or the first character of each line (acrostic).
    pub prompt: String,
    /// Force one prompt character at the start of each line.
    pub acrostic: bool,
    /// Softmax temperature: 0 always takes the likeliest token.
    pub temperature: f64,
    /// Keep only the k likeliest tokens (0: all).
    pub top_k: u32,
    /// Keep the fewest likeliest tokens whose probability reaches p (1: all).
    pub top_p: f64,
    /// Tokens to write.
    pub length: u32,
    /// Seed of the draws.
    pub seed: u32,
}

/// A written text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GptSample {
    /// The prompt (when fed) and what followed.
    pub text: String,
    /// Tokens written.
    pub written: u32,
    /// Writing speed.
    pub tokens_per_second: f64,
    /// What was adjusted (temperature, filters, unknown characters).
    pub notices: Vec<Message>,
}

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

    /// The step as the page sees it, for token `text`.
    pub fn drawn(&self, text: String, forced: bool, vocabulary: &Vocabulary) -> Drawn {
        let top = self
            .order
            .iter()
            .take(SHOWN)
            .map(|&i| Candidate {
                text: vocabulary.piece(i as u32).to_owned(),
                p: self.p[i],
                tempered: self.tempered[i],
                kept: self.drawn_with[i] > 0.0,
                drawn_with: self.drawn_with[i],
            })
            .collect();
        Drawn {
            text,
            forced,
            top,
            kept: self.kept as u32,
            kept_mass: self.kept_mass,
        }
    }
}

/// The next-token scores after the last `context` of `ids`.
async fn scores(model: &Gpt, ids: &[u32], device: &Device) -> Result<Vec<f32>, Message> {
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

/// Write with `model` (on a device without autodiff), streaming every token
/// as [`Update::Tokens`] of request `id`.
pub async fn sample(
    id: RequestId,
    model: &Gpt,
    vocabulary: &Vocabulary,
    config: &WriteConfig,
    device: &Device,
    host: &impl Host,
) -> Result<Result<GptSample, Cancelled>, Message> {
    let start = host.now_ms();
    let mut notices = Vec::new();
    let temperature = if !config.temperature.is_finite() || config.temperature <= 0.0 {
        notices.push(message!(
            "gpt.msg.greedy",
            "temperature 0: always the likeliest token (greedy)"
        ));
        0.0
    } else if config.temperature > MAX_TEMPERATURE {
        notices.push(message!(
            "gpt.msg.temperatureLowered",
            "temperature {asked} lowered to {max}: beyond it every token is about equally likely",
            asked = config.temperature,
            max = MAX_TEMPERATURE
        ));
        MAX_TEMPERATURE
    } else {
        config.temperature
    };
    let top_p = if config.top_p.is_finite() && config.top_p > 0.0 {
        config.top_p.min(1.0)
    } else {
        notices.push(message!(
            "gpt.msg.topP",
            "top-p must be above 0; 1 (off) used"
        ));
        1.0
    };
    let length = config.length.clamp(1, MAX_SAMPLE) as usize;
    let acrostic_asked = config.acrostic && !config.prompt.is_empty();
    if acrostic_asked && !vocabulary.is_chars() {
        notices.push(message!(
            "gpt.msg.acrosticNeedsChars",
            "an acrostic needs character tokens; with BPE the prompt is read as text"
        ));
    }
    let acrostic_on = acrostic_asked && vocabulary.is_chars();
    let unknown = |c: char| {
        message!(
            "gpt.msg.unknownCharacter",
            "'{character}' is not in the vocabulary and was skipped",
            character = c
        )
    };
    let mut rng = Rng::new(u64::from(config.seed));
    // Start as a poem starts: after a line break, if the text has them.
    let poem_end = vocabulary.char_id('\n');
    let mut ids = vec![poem_end.unwrap_or(vocabulary.train_ids()[0])];
    let mut pending: Vec<Drawn> = Vec::new();
    let mut given = Vec::new();
    if acrostic_on {
        for c in config.prompt.chars() {
            match vocabulary.char_id(c) {
                Some(i) => given.push((c, i)),
                None => notices.push(unknown(c)),
            }
        }
    } else {
        let (prompt, _, skipped) = vocabulary.encode(&config.prompt, usize::MAX);
        notices.extend(skipped.into_iter().map(unknown));
        for i in prompt {
            ids.push(i);
            pending.push(Drawn {
                text: vocabulary.piece(i).to_owned(),
                forced: true,
                top: Vec::new(),
                kept: 0,
                kept_mass: 0.0,
            });
        }
    }
    let mut acrostic = Acrostic::new(given);
    let mut last_sent = f64::NEG_INFINITY;
    let mut written = 0usize;
    while written < length {
        if host.is_cancelled(id) {
            return Ok(Err(Cancelled));
        }
        let mut logits = scores(model, &ids, device).await?;
        let forced = acrostic.forced();
        if let Some(end) = poem_end.filter(|_| acrostic.blocks_the_end()) {
            // An acrostic poem may not end before its last given line.
            logits[end as usize] = f32::NEG_INFINITY;
        }
        let filtered = filter(&logits, temperature, config.top_k, top_p);
        let i = match forced {
            Some((_, i)) => i,
            None => filtered.draw(&mut rng) as u32,
        };
        let piece = vocabulary.piece(i).to_owned();
        let last = piece.chars().last();
        pending.push(filtered.drawn(piece, forced.is_some(), vocabulary));
        ids.push(i);
        written += 1;
        let done = last.is_some_and(|c| acrostic.after(c));
        if host.now_ms() - last_sent >= STREAM_MS || done || written == length {
            host.emit(Update::Tokens {
                id,
                tokens: std::mem::take(&mut pending),
            });
            last_sent = host.now_ms();
            host.yield_now().await;
        }
        if done {
            break;
        }
    }
    if !pending.is_empty() {
        host.emit(Update::Tokens {
            id,
            tokens: pending,
        });
    }
    let text = vocabulary.decode(&ids[1..]);
    let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
    Ok(Ok(GptSample {
        tokens_per_second: written as f64 / seconds,
        written: written as u32,
        text,
        notices,
    }))
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
