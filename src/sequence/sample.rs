//! Generating text one character at a time: the model scores every
//! character, the scores are divided by the temperature and turned into
//! probabilities, one character is drawn, and it becomes the next input.
//!
//! A prefix is fed in first (teacher forcing: the model reads given text
//! instead of its own guesses). In acrostic mode the prefix's characters
//! are instead forced, one at the start of each line, and the model writes
//! the rest of every line.

use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::cell::State;
use super::net::CharNet;
use crate::corpus::Corpus;
use crate::corpus::acrostic::Acrostic;
use crate::host::Host;
use crate::message;
use crate::readback;
use crate::rng::Rng;
use crate::wire::Cancelled;
use crate::wire::Message;
use crate::wire::{RequestId, Update};

/// Longest sample.
pub const MAX_SAMPLE: u32 = 2_000;
/// Highest temperature used; higher ones are lowered to it.
pub const MAX_TEMPERATURE: f64 = 10.0;
/// Streamed text goes out at most this often.
const CHUNK_MS: f64 = 40.0;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SampleConfig {
    /// Text fed in first, or the first character of each line (acrostic).
    pub prefix: String,
    /// Force one prefix character at the start of each line.
    pub acrostic: bool,
    /// Softmax temperature: 0 always takes the likeliest character.
    pub temperature: f64,
    /// Characters to generate.
    pub length: u32,
    /// Seed of the draws.
    pub seed: u32,
}

/// A generated text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// The prefix (when fed) and what followed.
    pub text: String,
    /// What was adjusted (temperature, unknown characters).
    pub notices: Vec<Message>,
    /// Generation speed.
    pub chars_per_second: f64,
}

/// Draw an index from `logits / temperature` (the likeliest at 0).
pub fn draw(logits: &[f32], temperature: f64, rng: &mut Rng) -> usize {
    let best =
        logits.iter().enumerate().fold(
            (0, f32::NEG_INFINITY),
            |b, (i, &l)| if l > b.1 { (i, l) } else { b },
        );
    if temperature <= 0.0 || !best.1.is_finite() {
        return best.0;
    }
    let weights: Vec<f64> = logits
        .iter()
        .map(|&l| ((f64::from(l) - f64::from(best.1)) / temperature).exp())
        .collect();
    let total: f64 = weights.iter().sum();
    let mut target = f64::from(rng.unit()) * total;
    for (i, w) in weights.iter().enumerate() {
        target -= w;
        if target < 0.0 {
            return i;
        }
    }
    best.0
}

/// The model's next-character scores after reading `id`, moving `states`
/// on by one step.
async fn scores(
    model: &CharNet,
    device: &Device,
    id: u32,
    states: &mut Vec<State>,
) -> Result<Vec<f32>, String> {
    let input = Tensor::<2, Int>::from_data(TensorData::new(vec![i64::from(id)], [1, 1]), device);
    let out = model.forward(input, std::mem::take(states), None, false);
    *states = out.states;
    readback::read_f32(Transaction::default().register(out.logits), "the scores")
        .await?
        .pop()
        .ok_or_else(|| "missing scores".to_owned())
}

/// Generate with `model` (on a device without autodiff), streaming the text
/// as [`Update::Chunk`]s of request `id`.
pub async fn sample(
    id: RequestId,
    model: &CharNet,
    corpus: &Corpus,
    config: &SampleConfig,
    device: &Device,
    host: &impl Host,
) -> Result<Result<Sample, Cancelled>, Message> {
    let start = host.now_ms();
    let mut notices = Vec::new();
    let temperature = if !config.temperature.is_finite() || config.temperature <= 0.0 {
        notices.push(message!(
            "sequence.msg.temperatureZero",
            "temperature 0: always the likeliest character"
        ));
        0.0
    } else if config.temperature > MAX_TEMPERATURE {
        notices.push(message!(
            "sequence.msg.temperatureLowered",
            "temperature {asked} lowered to {max}: beyond it every character is about equally likely",
            asked = config.temperature,
            max = MAX_TEMPERATURE
        ));
        MAX_TEMPERATURE
    } else {
        config.temperature
    };
    let length = config.length.clamp(1, MAX_SAMPLE) as usize;
    let mut given: Vec<(char, u32)> = Vec::new();
    for c in config.prefix.chars() {
        match corpus.id(c) {
            Some(i) if corpus.vocab.contains(&c) => given.push((c, i)),
            _ => notices.push(message!(
                "sequence.msg.unknownCharacter",
                "'{character}' is not in the vocabulary and was skipped",
                character = c
            )),
        }
    }
    let mut rng = Rng::new(u64::from(config.seed));
    let mut states = model.zero_states(1, device);
    let mut text = String::new();
    let mut sent = 0usize;
    let mut last_chunk = start;
    // Start as a poem starts: after a line break, if the text has them.
    let start_id = corpus.id('\n').filter(|_| corpus.vocab.contains(&'\n'));
    let mut logits = scores(
        model,
        device,
        start_id.unwrap_or(corpus.ids[0]),
        &mut states,
    )
    .await?;
    let mut acrostic = Acrostic::new(if config.acrostic {
        std::mem::take(&mut given)
    } else {
        for (c, i) in given.drain(..) {
            text.push(c);
            logits = scores(model, device, i, &mut states).await?;
        }
        Vec::new()
    });
    let mut generated = 0usize;
    while generated < length {
        if host.is_cancelled(id) {
            return Ok(Err(Cancelled));
        }
        let (c, i) = match acrostic.forced() {
            Some(f) => f,
            None => {
                // An acrostic poem may not end before its last given line.
                if let Some(end) = start_id.filter(|_| acrostic.blocks_the_end()) {
                    logits[end as usize] = f32::NEG_INFINITY;
                }
                let i = draw(&logits, temperature, &mut rng) as u32;
                (corpus.vocab[i as usize], i)
            }
        };
        text.push(c);
        generated += 1;
        // An acrostic ends with the line of its last character.
        if acrostic.after(c) {
            break;
        }
        // The first character goes out at once, the rest every CHUNK_MS.
        if sent == 0 || host.now_ms() - last_chunk >= CHUNK_MS {
            host.emit(Update::Chunk {
                id,
                text: text[sent..].to_owned(),
            });
            sent = text.len();
            last_chunk = host.now_ms();
            host.yield_now().await;
        }
        logits = scores(model, device, i, &mut states).await?;
    }
    if sent < text.len() {
        host.emit(Update::Chunk {
            id,
            text: text[sent..].to_owned(),
        });
    }
    let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
    Ok(Ok(Sample {
        chars_per_second: generated as f64 / seconds,
        text,
        notices,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::acrostic::LINE_ENDS;
    use crate::host::testing::{TestHost, block_on};
    use crate::sequence::cell::CellKind;
    use crate::sequence::net::Shape;
    use burn::module::Param;

    /// Two quatrain lines and the four seasons: line ends `，` `。`, poem end `\n`.
    const POEMS: &str = "春眠不觉晓，处处闻啼鸟。\n夜来风雨声，花落知多少。\n夏秋冬\n";

    /// A network that always says the same thing, whatever it reads: its
    /// output layer has zero weights and the bias `score(c)` for each
    /// character, so the scores are those biases and only the sampler's own
    /// rules (forced characters, the blocked poem end, the stop) shape the
    /// text.
    fn fixed(corpus: &Corpus, score: impl Fn(char) -> f32, device: &Device) -> CharNet {
        let shape = Shape {
            cell: CellKind::Lstm,
            layers: 1,
            hidden: 4,
            embed: 2,
            vocab: corpus.vocab_size(),
        };
        let mut net = CharNet::new(shape, 0.0, device);
        net.output.weight = Param::from_tensor(Tensor::zeros([4, shape.vocab], device));
        let bias: Vec<f32> = corpus.vocab.iter().map(|&c| score(c)).collect();
        net.output.bias = Some(Param::from_tensor(Tensor::from_data(
            TensorData::new(bias, [shape.vocab]),
            device,
        )));
        net
    }

    /// `text` cut after every line end, each line keeping its end.
    fn lines(text: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        for c in text.chars() {
            out.last_mut().unwrap().push(c);
            if LINE_ENDS.contains(&c) {
                out.push(String::new());
            }
        }
        out.retain(|l| !l.is_empty());
        out
    }

    fn acrostic(model: &CharNet, corpus: &Corpus, temperature: f64, seed: u32) -> String {
        let config = SampleConfig {
            prefix: "春夏秋冬".into(),
            acrostic: true,
            temperature,
            length: 400,
            seed,
        };
        let device = Device::flex();
        let out = block_on(sample(
            1,
            model,
            corpus,
            &config,
            &device,
            &TestHost::default(),
        ));
        out.unwrap().unwrap().text
    }

    #[test]
    fn an_acrostic_starts_every_line_with_its_character_and_ends_after_the_last() {
        let corpus = Corpus::new(POEMS).unwrap();
        let device = Device::flex();
        // The poem end is by far the likeliest next character, then the
        // line ends; everything else is possible.
        let model = fixed(
            &corpus,
            |c| match c {
                '\n' => 4.0,
                '，' => 1.5,
                '。' => 1.0,
                _ => 0.0,
            },
            &device,
        );
        // Greedy: every line is its forced character and the likeliest
        // line end the sampler allows; the poem ends after the fourth.
        assert_eq!(acrostic(&model, &corpus, 0.0, 1), "春，夏，秋，冬\n");
        // Sampled: lines of any length, but the same shape.
        for seed in 0..20 {
            let text = acrostic(&model, &corpus, 1.0, seed);
            let lines = lines(&text);
            let starts: String = lines.iter().filter_map(|l| l.chars().next()).collect();
            assert_eq!(starts, "春夏秋冬", "seed {seed}: {text:?}");
            assert!(
                LINE_ENDS.contains(&text.chars().last().unwrap()),
                "seed {seed}: the last line is unfinished: {text:?}"
            );
            assert!(
                !text.trim_end_matches('\n').contains('\n'),
                "seed {seed}: the poem ended before its last line: {text:?}"
            );
        }
    }

    #[test]
    fn temperature_zero_is_the_argmax_and_high_temperature_spreads() {
        let logits = [0.0, 3.0, 1.0];
        let mut rng = Rng::new(1);
        assert!((0..50).all(|_| draw(&logits, 0.0, &mut rng) == 1));
        let mut seen = [0; 3];
        for _ in 0..3000 {
            seen[draw(&logits, 100.0, &mut rng)] += 1;
        }
        assert!(seen.iter().all(|&n| n > 800), "{seen:?}");
        let mut cold = [0; 3];
        for _ in 0..3000 {
            cold[draw(&logits, 1.0, &mut rng)] += 1;
        }
        // softmax([0, 3, 1]) = 0.042, 0.844, 0.114
        assert!((cold[1] as f64 / 3000.0 - 0.844).abs() < 0.03, "{cold:?}");
    }
}
