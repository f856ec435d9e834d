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

use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::vocabulary::Vocabulary;
use crate::corpus::acrostic::Acrostic;
use crate::host::Host;
use crate::message;
use crate::models::gpt::Gpt;
use crate::rng::Rng;
use crate::sampling::{Filtered, filter, scores};
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

/// `filtered`'s step as the page sees it, for token `text`.
fn drawn(filtered: &Filtered, text: String, forced: bool, vocabulary: &Vocabulary) -> Drawn {
    let top = filtered
        .order
        .iter()
        .take(SHOWN)
        .map(|&i| Candidate {
            text: vocabulary.piece(i as u32).to_owned(),
            p: filtered.p[i],
            tempered: filtered.tempered[i],
            kept: filtered.drawn_with[i] > 0.0,
            drawn_with: filtered.drawn_with[i],
        })
        .collect();
    Drawn {
        text,
        forced,
        top,
        kept: filtered.kept as u32,
        kept_mass: filtered.kept_mass,
    }
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
        pending.push(drawn(&filtered, piece, forced.is_some(), vocabulary));
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
