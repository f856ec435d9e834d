//! The KV cache measured on the learner's model: the same greedy text
//! written with the cache (the prompt at once, then one position per step
//! against the keys and values kept) and without it (the whole text again
//! at every step), the time of each step both ways, the bytes held against
//! the formula, the prompt's prefill against the decode, and what fewer
//! key/value heads save. Greedy, so both ways must pick the same tokens;
//! their scores are compared too.

use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::config::GptSettings;
use super::vocabulary::Vocabulary;
use crate::host::Host;
use crate::models::gpt::{Gpt, KvCache, cache_bytes};
use crate::readback::read_f32;
use crate::wire::{Cancelled, Message, RequestId, Update};

/// Most positions a cache run reaches.
pub const MAX_CACHE_TOKENS: usize = 512;
/// Progress at most this often.
const REPORT_MS: f64 = 100.0;

/// What to write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CacheConfig {
    /// Text to start from (may be empty).
    pub prompt: String,
    /// Tokens to write.
    pub tokens: u32,
    /// Also time fresh models with every number of key/value heads.
    pub sweep: bool,
}

/// One written token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CacheStep {
    /// Tokens the step reads up to (the new one's position + 1).
    pub position: u32,
    /// Milliseconds with the cache: one position through the model.
    pub cached_ms: f64,
    /// Milliseconds without: every position so far through the model.
    pub plain_ms: f64,
    /// Bytes the cache's tensors hold after the step.
    pub bytes: u32,
}

/// The cache of the first layer growing, for one head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CacheGrowth {
    /// Width of a head.
    pub d_head: u32,
    /// The keys held at the end, [positions × d_head] (the key/value head
    /// that serves query head 1).
    pub keys: Vec<f32>,
    /// The values held at the end, [positions × d_head].
    pub values: Vec<f32>,
    /// At each decode step, the new query's weights over every key held.
    pub weights: Vec<Vec<f32>>,
}

/// Fresh models with fewer key/value heads, timed the same way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GqaRow {
    /// Key/value heads.
    pub kv_heads: u32,
    /// Trainable values.
    pub params: u32,
    /// Bytes the cache held at the end.
    pub bytes: u32,
    /// Tokens written per second with the cache.
    pub tokens_per_second: f64,
}

/// Answer to `gptCache`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CacheRun {
    /// The prompt and what was written.
    pub text: String,
    /// Tokens of the prompt.
    pub prompt_tokens: u32,
    /// Both ways picked the same token at every step.
    pub identical: bool,
    /// The largest difference between the two ways' scores.
    pub max_difference: f64,
    /// Each written token.
    pub steps: Vec<CacheStep>,
    /// Tokens the prefill read at once (the whole text).
    pub prefill_tokens: u32,
    /// Milliseconds of that prefill.
    pub prefill_ms: f64,
    /// The formula's terms: layers, key/value heads, head width, bytes per value.
    pub layers: u32,
    /// Key/value heads.
    pub kv_heads: u32,
    /// Width of a head.
    pub d_head: u32,
    /// Bytes of one value (f32).
    pub bytes_per_value: u32,
    /// The first layer's cache as it grew.
    pub growth: CacheGrowth,
    /// The same writing with every number of key/value heads.
    pub sweep: Vec<GqaRow>,
    /// What was changed on the way in.
    pub notices: Vec<Message>,
}

/// # Shapes
/// - returns: [1, ids.len()]
fn tensor(ids: &[u32], device: &Device) -> Tensor<2, Int> {
    let data = TensorData::new(ids.iter().map(|&i| i64::from(i)).collect(), [1, ids.len()]);
    Tensor::from_data(data, device)
}

/// The index of the largest score (the first of equals).
fn argmax(scores: &[f32]) -> u32 {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best as u32
}

/// The last position's scores, and the first layer's attention row of
/// `head` for it.
///
/// # Shapes
/// - logits: [1, seq, vocab]; weights: [1, heads, seq, keys]
async fn last_row(logits: Tensor<3>, weights: Tensor<4>) -> Result<(Vec<f32>, Vec<f32>), Message> {
    let [_, seq, vocab] = logits.dims();
    let [_, _, _, keys] = weights.dims();
    let tx = Transaction::default()
        .register(logits.narrow(1, seq - 1, 1).reshape([vocab]))
        .register(
            weights
                .narrow(1, 0, 1)
                .narrow(2, seq - 1, 1)
                .reshape([keys]),
        );
    let mut read = read_f32(tx, "the scores").await?.into_iter();
    Ok((
        read.next().unwrap_or_default(),
        read.next().unwrap_or_default(),
    ))
}

/// Greedy writing with a cache: the prefill's and each step's time.
struct Written {
    ids: Vec<u32>,
    cached_ms: Vec<f64>,
    scores: Vec<Vec<f32>>,
    weights: Vec<Vec<f32>>,
    bytes: Vec<u32>,
    cache: KvCache,
}

/// Write `new` tokens after `prompt` greedily with a KV cache, reporting
/// progress as request `id` (`None` once cancelled).
async fn write_cached(
    id: RequestId,
    model: &Gpt,
    prompt: &[u32],
    new: usize,
    device: &Device,
    host: &impl Host,
    stage: &str,
) -> Result<Option<Written>, Message> {
    let mut last_report = host.now_ms();
    let mut cache = KvCache::new(model.blocks.len());
    let mut ids = prompt.to_vec();
    let out = model.forward_cached(tensor(prompt, device), Some(&mut cache));
    let (mut scores, _) = last_row(out.logits, out.attentions[0].clone()).await?;
    let mut written = Written {
        ids: Vec::new(),
        cached_ms: Vec::new(),
        scores: vec![scores.clone()],
        weights: Vec::new(),
        bytes: Vec::new(),
        cache: KvCache::new(0),
    };
    for step in 0..new {
        let next = argmax(&scores);
        ids.push(next);
        if step + 1 == new {
            break;
        }
        let start = host.now_ms();
        let out = model.forward_cached(tensor(&[next], device), Some(&mut cache));
        let (s, w) = last_row(out.logits, out.attentions[0].clone()).await?;
        written.cached_ms.push(host.now_ms() - start);
        written.bytes.push(cache.bytes(4) as u32);
        written.scores.push(s.clone());
        written.weights.push(w);
        scores = s;
        if host.is_cancelled(id) {
            return Ok(None);
        }
        if host.now_ms() - last_report >= REPORT_MS {
            report(id, stage, step + 1, new, host).await;
            last_report = host.now_ms();
        }
    }
    written.ids = ids;
    written.cache = cache;
    Ok(Some(written))
}

/// Tell the page how far `stage` has got, and let other messages in.
async fn report(id: RequestId, stage: &str, done: usize, total: usize, host: &impl Host) {
    host.emit(Update::Progress {
        id,
        stage: stage.into(),
        loaded: done as f64,
        total: total as f64,
    });
    host.yield_now().await;
}

/// Measure the cache on `model` (trained with `settings` on `vocabulary`),
/// reporting progress as request `id`.
pub async fn cache_run(
    id: RequestId,
    model: &Gpt,
    settings: &GptSettings,
    vocabulary: &Vocabulary,
    config: &CacheConfig,
    device: &Device,
    host: &impl Host,
) -> Result<Result<CacheRun, Cancelled>, Message> {
    let mut notices = Vec::new();
    let reach = model.reach().min(MAX_CACHE_TOKENS);
    let (mut prompt, _, _) = vocabulary.encode(&config.prompt, usize::MAX);
    if prompt.is_empty() {
        prompt.push(
            vocabulary
                .char_id('\n')
                .unwrap_or(vocabulary.train_ids()[0]),
        );
    }
    if prompt.len() >= reach {
        prompt.drain(..prompt.len() + 1 - reach / 2);
    }
    let wanted = (config.tokens as usize).max(2);
    let new = wanted.min(reach - prompt.len());
    if new < wanted {
        notices.push(crate::message!(
            "gpt.msg.cacheReach",
            "this model reads {reach} positions: writing {new} tokens, not {wanted}",
            reach = reach,
            new = new,
            wanted = wanted
        ));
    }
    let Some(written) = write_cached(id, model, &prompt, new, device, host, "cache:cached").await?
    else {
        return Ok(Err(Cancelled));
    };
    report(id, "cache:plain", 0, new, host).await;
    let mut last_report = host.now_ms();

    // Without the cache: the whole text so far at every step.
    let mut steps = Vec::with_capacity(new.saturating_sub(1));
    let mut identical = true;
    let mut worst = 0.0f64;
    for step in 1..new {
        let upto = prompt.len() + step;
        let start = host.now_ms();
        let out = model.forward(tensor(&written.ids[..upto], device));
        let (scores, _) = last_row(out.logits, out.attentions[0].clone()).await?;
        let plain_ms = host.now_ms() - start;
        let cached = &written.scores[step];
        identical &= argmax(&scores) == argmax(cached);
        worst = cached
            .iter()
            .zip(&scores)
            .map(|(a, b)| f64::from((a - b).abs()))
            .fold(worst, crate::reference::worst);
        steps.push(CacheStep {
            position: upto as u32,
            cached_ms: written.cached_ms[step - 1],
            plain_ms,
            bytes: written.bytes[step - 1],
        });
        if host.is_cancelled(id) {
            return Ok(Err(Cancelled));
        }
        if host.now_ms() - last_report >= REPORT_MS {
            report(id, "cache:plain", step, new, host).await;
            last_report = host.now_ms();
        }
    }

    // The prefill: the whole text at once, the cache filled in one pass.
    let all = &written.ids[..written.ids.len() - 1];
    let start = host.now_ms();
    let mut fresh = KvCache::new(model.blocks.len());
    let out = model.forward_cached(tensor(all, device), Some(&mut fresh));
    last_row(out.logits, out.attentions[0].clone()).await?;
    let prefill_ms = host.now_ms() - start;

    let attention = &model.blocks[0].attention;
    let d_head = attention.d_k();
    let growth = match written.cache.layers[0].tensors() {
        Some((k, v)) => {
            let pick = |x: &Tensor<4>| {
                let held = x.dims()[2];
                x.clone().narrow(1, 0, 1).reshape([held * d_head])
            };
            let tx = Transaction::default().register(pick(k)).register(pick(v));
            let mut read = read_f32(tx, "the cache").await?.into_iter();
            CacheGrowth {
                d_head: d_head as u32,
                keys: read.next().unwrap_or_default(),
                values: read.next().unwrap_or_default(),
                weights: written.weights.clone(),
            }
        }
        None => CacheGrowth {
            d_head: d_head as u32,
            keys: Vec::new(),
            values: Vec::new(),
            weights: Vec::new(),
        },
    };

    let mut sweep = Vec::new();
    if config.sweep {
        let heads = settings.heads;
        for kv in (1..=heads).filter(|k| heads.is_multiple_of(*k)) {
            let variant = GptSettings {
                kv_heads: kv,
                ..settings.clone()
            };
            device.seed(u64::from(settings.seed));
            let fresh = variant.model(vocabulary.size()).init(device);
            let start = host.now_ms();
            let Some(w) =
                write_cached(id, &fresh, &prompt, new, device, host, "cache:sweep").await?
            else {
                return Ok(Err(Cancelled));
            };
            let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
            sweep.push(GqaRow {
                kv_heads: kv,
                params: fresh.num_params() as u32,
                bytes: w.cache.bytes(4) as u32,
                tokens_per_second: new as f64 / seconds,
            });
            host.yield_now().await;
        }
    }

    let kv_heads = attention.kv_heads;
    debug_assert_eq!(
        written.cache.bytes(4),
        cache_bytes(model.blocks.len(), kv_heads, d_head, written.cache.len(), 4)
    );
    Ok(Ok(CacheRun {
        text: vocabulary.decode(&written.ids),
        prompt_tokens: prompt.len() as u32,
        identical,
        max_difference: worst,
        steps,
        prefill_tokens: all.len() as u32,
        prefill_ms,
        layers: model.blocks.len() as u32,
        kv_heads: kv_heads as u32,
        d_head: d_head as u32,
        bytes_per_value: 4,
        growth,
        sweep,
        notices,
    }))
}
