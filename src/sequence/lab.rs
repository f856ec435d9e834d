//! The Sequence lab's state in the engine: the Tang corpus (fetched once),
//! the runs of the current experiment (one network, or an RNN, an LSTM and
//! a GRU side by side in compare mode) and the requests that read them.
//!
//! Training works as in the Vision lab: each `sequenceTrain` request trains
//! for a bounded time, so pausing is the page not asking again; the runs
//! are taken out of their slot while a request uses them and a setup that
//! replaced them meanwhile wins.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};

use super::cell::CellKind;
use super::corpus::{Corpus, TANG_ASSET};
use super::inspect::{self, Gates, GradientFlow, GradientRun, MAX_PROBE_STEPS, MAX_TRACE_CHARS};
use super::net::CharNet;
use super::sample::{self, Sample, SampleConfig};
use super::train::{SequenceConfig, Trainer};
use crate::host::{Cancelled, Host};
use crate::protocol::RequestId;

/// Where the text comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TextSource {
    /// Five-character Tang quatrains, built at build time.
    Tang,
    /// The learner's own text.
    Text {
        /// The text itself.
        text: String,
    },
}

/// One run of an experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RunInfo {
    /// Recurrence.
    pub cell: CellKind,
    /// Trainable values.
    pub params: u32,
}

/// Answer to `sequenceSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SequenceSetup {
    /// The runs, in the order progress reports them.
    pub runs: Vec<RunInfo>,
    /// Vocabulary size.
    pub vocab: u32,
    /// Characters trained on.
    pub train_chars: u32,
    /// Characters held out.
    pub valid_chars: u32,
    /// Parallel streams per step (fewer than asked for short texts).
    pub streams: u32,
    /// Characters per step.
    pub chars_per_step: u32,
    /// What was changed on the way in.
    pub notices: Vec<String>,
    /// A line of the text, for the gate view to start with.
    pub example: String,
}

/// One run's share of a `sequenceTrain` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RunProgress {
    /// Recurrence.
    pub cell: CellKind,
    /// Loss of each step taken (nats per character).
    pub losses: Vec<f32>,
    /// Steps since setup.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// The loss blew up; this run has stopped.
    pub diverged: bool,
    /// Held-out loss (nats per character), when asked for and available.
    pub valid_loss: Option<f32>,
}

/// Answer to `sequenceTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SequenceProgress {
    /// One per run.
    pub runs: Vec<RunProgress>,
    /// Characters trained on per second, all runs together.
    pub chars_per_second: f64,
}

/// Held-out characters measured per evaluation.
const VALID_CHARS: usize = 20_000;
/// Sequences in the gradient-through-time batch.
const PROBE_BATCH: usize = 16;
/// How long a request waits for another to hand the runs back.
const WAIT_MS: f64 = 120_000.0;

/// The lab's state.
#[derive(Default)]
pub struct SequenceLab {
    tang: RefCell<Option<Rc<Corpus>>>,
    runs: RefCell<Option<Vec<Trainer>>>,
    /// Freshly initialised networks of every recurrence, for comparison.
    fresh: RefCell<Vec<CharNet>>,
    generation: Cell<u64>,
}

impl SequenceLab {
    async fn corpus(
        &self,
        id: RequestId,
        source: &TextSource,
        host: &impl Host,
    ) -> Result<Rc<Corpus>, String> {
        match source {
            TextSource::Text { text } => Ok(Rc::new(Corpus::new(text)?)),
            TextSource::Tang => {
                if let Some(c) = self.tang.borrow().clone() {
                    return Ok(c);
                }
                let bytes = host.fetch(id, TANG_ASSET).await?;
                let text = String::from_utf8(bytes).map_err(|_| "the Tang corpus is not UTF-8")?;
                let corpus = Rc::new(Corpus::with_limit(&text, usize::MAX)?);
                *self.tang.borrow_mut() = Some(corpus.clone());
                Ok(corpus)
            }
        }
    }

    async fn acquire(&self, host: &impl Host) -> Result<(Vec<Trainer>, u64), String> {
        let start = host.now_ms();
        loop {
            let generation = self.generation.get();
            if generation == 0 {
                return Err("set up a network first".into());
            }
            if let Some(runs) = self.runs.borrow_mut().take() {
                return Ok((runs, generation));
            }
            if host.now_ms() - start > WAIT_MS {
                return Err("the network stayed busy with another request".into());
            }
            host.yield_now().await;
        }
    }

    fn release(&self, runs: Vec<Trainer>, generation: u64) {
        if generation == self.generation.get() {
            *self.runs.borrow_mut() = Some(runs);
        }
    }

    /// New runs for `config` on `source` (all three recurrences when
    /// `compare`), dropping the previous ones.
    pub async fn setup(
        &self,
        id: RequestId,
        source: &TextSource,
        config: SequenceConfig,
        compare: bool,
        device: &Device,
        host: &impl Host,
    ) -> Result<SequenceSetup, String> {
        config.check()?;
        let corpus = self.corpus(id, source, host).await?;
        let kinds = if compare {
            CellKind::ALL.to_vec()
        } else {
            vec![config.cell]
        };
        let mut runs = Vec::new();
        for cell in kinds {
            let config = SequenceConfig {
                cell,
                ..config.clone()
            };
            runs.push(Trainer::new(config, corpus.clone(), device)?);
        }
        let fresh = CellKind::ALL
            .iter()
            .map(|&cell| {
                device.seed(u64::from(config.seed));
                let shape = SequenceConfig {
                    cell,
                    ..config.clone()
                }
                .shape(corpus.vocab_size());
                CharNet::new(shape, 0.0, device)
            })
            .collect();
        let first = &runs[0];
        let setup = SequenceSetup {
            runs: runs
                .iter()
                .map(|r| RunInfo {
                    cell: r.config().cell,
                    params: r.params() as u32,
                })
                .collect(),
            vocab: corpus.vocab_size() as u32,
            train_chars: corpus.train as u32,
            valid_chars: corpus.valid_ids().len() as u32,
            streams: first.streams() as u32,
            chars_per_step: first.chars_per_step() as u32,
            notices: corpus.notices.clone(),
            example: example_line(&corpus),
        };
        *self.runs.borrow_mut() = Some(runs);
        *self.fresh.borrow_mut() = fresh;
        self.generation.set(self.generation.get() + 1);
        Ok(setup)
    }

    /// Train every run for at most `steps` steps, sharing about `budget_ms`.
    pub async fn train(
        &self,
        steps: u32,
        budget_ms: f64,
        evaluate: bool,
        host: &impl Host,
    ) -> Result<SequenceProgress, String> {
        let (mut runs, generation) = self.acquire(host).await?;
        let result = Self::train_all(&mut runs, steps, budget_ms, evaluate, host).await;
        self.release(runs, generation);
        result
    }

    async fn train_all(
        runs: &mut [Trainer],
        steps: u32,
        budget_ms: f64,
        evaluate: bool,
        host: &impl Host,
    ) -> Result<SequenceProgress, String> {
        let start = host.now_ms();
        let share = budget_ms / runs.len() as f64;
        let mut chars = 0usize;
        let mut report = Vec::new();
        // The first run decides how many steps fit its share of the budget;
        // the others then take exactly as many, so compared curves share
        // their steps.
        let mut steps = steps;
        let mut fixed = false;
        for run in runs.iter_mut() {
            if run.diverged {
                report.push(RunProgress {
                    cell: run.config().cell,
                    losses: Vec::new(),
                    steps: run.steps,
                    diverged: true,
                    valid_loss: None,
                });
                continue;
            }
            let run_start = host.now_ms();
            let mut losses = Vec::new();
            let mut diverged = false;
            let mut chunk = 1usize;
            while losses.len() < steps as usize && !diverged {
                let want = chunk.min(steps as usize - losses.len());
                let chunk_start = host.now_ms();
                let slice = run.run(want).await?;
                chars += want * run.chars_per_step();
                diverged = slice.diverged;
                losses.extend(slice.losses);
                if !fixed && host.now_ms() - run_start >= share {
                    break;
                }
                if host.now_ms() - chunk_start < share / 4.0 {
                    chunk = (chunk * 2).min(64);
                }
            }
            if !fixed {
                steps = losses.len() as u32;
                fixed = true;
            }
            let valid_loss = if evaluate && !diverged {
                run.evaluate(VALID_CHARS).await?
            } else {
                None
            };
            report.push(RunProgress {
                cell: run.config().cell,
                losses,
                steps: run.steps,
                diverged,
                valid_loss,
            });
        }
        let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
        Ok(SequenceProgress {
            runs: report,
            chars_per_second: chars as f64 / seconds,
        })
    }

    /// Generate text with run `run`, streaming it.
    pub async fn sample(
        &self,
        id: RequestId,
        run: u32,
        config: &SampleConfig,
        host: &impl Host,
    ) -> Result<Result<Sample, Cancelled>, String> {
        let (runs, generation) = self.acquire(host).await?;
        // Sampling needs only a copy of the weights: hand the runs back at
        // once so that training can go on meanwhile.
        let picked = runs
            .get(run as usize)
            .map(|r| (r.model().valid(), r.corpus().clone(), r.device().inner()));
        self.release(runs, generation);
        let (model, corpus, device) = picked.ok_or_else(|| format!("there is no run {run}"))?;
        sample::sample(id, &model, &corpus, config, &device, host).await
    }

    /// ‖dLoss/dh_t‖ through `length` steps for every recurrence: the
    /// trained run where there is one, a freshly initialised one otherwise,
    /// on the same windows of the training text.
    pub async fn gradients(&self, length: u32, host: &impl Host) -> Result<GradientFlow, String> {
        let (runs, generation) = self.acquire(host).await?;
        let result = self.gradients_with(&runs, length as usize).await;
        self.release(runs, generation);
        result
    }

    async fn gradients_with(
        &self,
        runs: &[Trainer],
        length: usize,
    ) -> Result<GradientFlow, String> {
        let first = runs.first().ok_or("no runs")?;
        let (corpus, device) = (first.corpus().clone(), first.device());
        let train = corpus.train_ids();
        let steps = length.clamp(2, MAX_PROBE_STEPS).min(train.len() - 1);
        let span = train.len() - (steps + 1);
        let mut ids = Vec::with_capacity(PROBE_BATCH * (steps + 1));
        for k in 0..PROBE_BATCH {
            let start = span * k / PROBE_BATCH;
            ids.extend(train[start..=start + steps].iter().map(|&i| i64::from(i)));
        }
        let ids =
            Tensor::<2, Int>::from_data(TensorData::new(ids, [PROBE_BATCH, steps + 1]), &device);
        let fresh = self.fresh.borrow().clone();
        let mut out = Vec::new();
        for (kind, fresh) in CellKind::ALL.iter().zip(&fresh) {
            let trained = runs.iter().find(|r| r.config().cell == *kind);
            let (model, steps_taken) = match trained {
                Some(r) => (r.model(), r.steps),
                None => (fresh, 0),
            };
            let norms = inspect::gradient_through_time(model, ids.clone(), &device).await?;
            out.push(GradientRun {
                cell: *kind,
                steps: steps_taken,
                norms,
            });
        }
        Ok(GradientFlow {
            runs: out,
            batch: PROBE_BATCH as u32,
        })
    }

    /// Every gate of run `run` along `text` (a line of the corpus when empty).
    pub async fn gates(&self, run: u32, text: &str, host: &impl Host) -> Result<Gates, String> {
        let (runs, generation) = self.acquire(host).await?;
        let picked = runs
            .get(run as usize)
            .map(|r| (r.model().valid(), r.corpus().clone(), r.device().inner()));
        self.release(runs, generation);
        let (model, corpus, device) = picked.ok_or_else(|| format!("there is no run {run}"))?;
        let text = if text.is_empty() {
            example_line(&corpus)
        } else {
            text.to_owned()
        };
        let (mut ids, mut chars) = (Vec::new(), Vec::new());
        for c in text.chars().take(MAX_TRACE_CHARS) {
            if let Some(i) = corpus.id(c) {
                ids.push(i);
                chars.push(corpus.vocab[i as usize].to_string());
            }
        }
        if ids.is_empty() {
            return Err("none of these characters is in the vocabulary".into());
        }
        inspect::gates(&model, &ids, chars, &device).await
    }
}

/// The first whole line of the held-out text (or of the text), at most 48
/// characters.
fn example_line(corpus: &Corpus) -> String {
    let ids = if corpus.valid_ids().len() > 60 {
        corpus.valid_ids()
    } else {
        &corpus.ids
    };
    let text = corpus.decode(&ids[..ids.len().min(400)]);
    let line = match text.split_once('\n') {
        Some((_, rest)) if !rest.trim().is_empty() => rest.lines().next().unwrap_or(rest),
        _ => text.as_str(),
    };
    line.chars().take(48).collect()
}

#[cfg(test)]
mod tests {
    use crate::backend::BackendPreference;
    use crate::engine::Engine;
    use crate::host::testing::{TestHost, block_on};
    use crate::protocol::{Event, Reply, Request};
    use crate::sequence::lab::TextSource;
    use crate::sequence::sample::SampleConfig;
    use crate::sequence::train::SequenceConfig;

    fn ask(engine: &Engine, host: &TestHost, request: Request) -> Result<Reply, String> {
        block_on(engine.handle(request, host));
        match host.events.borrow().last() {
            Some(Event::Result { result, .. }) => Ok(result.clone()),
            Some(Event::Error { message, .. }) => Err(message.clone()),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn tang_setup_train_sample_gradients_and_gates_through_the_engine() {
        let (engine, host) = (Engine::new(), TestHost::default());
        let init = Request::Init {
            id: 1,
            backend: BackendPreference::Cpu,
        };
        block_on(engine.handle(init, &host));
        let setup = |id, source, compare| Request::SequenceSetup {
            id,
            source,
            config: SequenceConfig {
                hidden: 32,
                embed: 16,
                bptt: 16,
                batch: 8,
                ..SequenceConfig::default()
            },
            compare,
        };
        let Ok(Reply::SequenceSetup(s)) = ask(&engine, &host, setup(2, TextSource::Tang, true))
        else {
            panic!("no setup")
        };
        assert_eq!(s.runs.len(), 3);
        assert!(s.vocab > 3000 && s.vocab <= 4000, "{}", s.vocab);
        assert!(s.train_chars > 500_000, "{}", s.train_chars);
        assert_eq!(s.example.chars().nth(5), Some('，'), "{}", s.example);

        let train = Request::SequenceTrain {
            id: 3,
            steps: 4,
            budget_ms: 10_000.0,
            evaluate: true,
        };
        let Ok(Reply::SequenceProgress(p)) = ask(&engine, &host, train) else {
            panic!("no progress")
        };
        assert_eq!(p.runs.len(), 3);
        for run in &p.runs {
            assert_eq!((run.losses.len(), run.steps), (4, 4));
            assert!(
                run.losses[0] > 7.0,
                "starts near ln 3973 = 8.3: {}",
                run.losses[0]
            );
            assert!(run.valid_loss.is_some_and(|v| v.is_finite()));
        }

        host.events.borrow_mut().clear();
        let sample = SampleConfig {
            prefix: "春夏秋冬".into(),
            acrostic: true,
            temperature: 0.8,
            length: 200,
            seed: 1,
        };
        let Ok(Reply::Sample(text)) = ask(
            &engine,
            &host,
            Request::SequenceSample {
                id: 4,
                run: 1,
                sample,
            },
        ) else {
            panic!("no sample")
        };
        let streamed: String = host
            .events
            .borrow()
            .iter()
            .filter_map(|e| match e {
                Event::Chunk { id: 4, text } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(streamed, text.text, "the chunks add up to the text");
        // Each line starts with the next given character (an untrained
        // network may not end a line at all).
        let chars: Vec<char> = text.text.chars().collect();
        let starts: Vec<char> = std::iter::once(chars[0])
            .chain(
                chars
                    .windows(2)
                    .filter(|w| "，。\n".contains(w[0]))
                    .map(|w| w[1]),
            )
            .take(4)
            .collect();
        assert!(
            "春夏秋冬".starts_with(&starts.iter().collect::<String>()),
            "{}",
            text.text
        );

        let Ok(Reply::GradientFlow(flow)) = ask(
            &engine,
            &host,
            Request::SequenceGradients { id: 5, length: 30 },
        ) else {
            panic!("no gradients")
        };
        assert_eq!(flow.runs.len(), 3);
        assert!(
            flow.runs
                .iter()
                .all(|r| r.norms.len() == 30 && r.steps == 4)
        );

        let Ok(Reply::Gates(g)) = ask(
            &engine,
            &host,
            Request::SequenceGates {
                id: 6,
                run: 1,
                text: String::new(),
            },
        ) else {
            panic!("no gates")
        };
        let names: Vec<&str> = g.layers[0].iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            ["input", "forget", "candidate", "output", "hidden", "cell"]
        );
        let steps = g.chars.len();
        assert!(g.layers[0].iter().all(|m| m.values.len() == steps * 32));
        assert_eq!(g.next_probability.len(), steps - 1);

        // Bad input: a text too short, one character only, a bad knob.
        let short = TextSource::Text { text: "abc".into() };
        let err = ask(&engine, &host, setup(7, short, false)).unwrap_err();
        assert!(err.contains("at least 17"), "{err}");
        let one = TextSource::Text {
            text: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
        };
        assert!(
            ask(&engine, &host, setup(8, one, false))
                .unwrap_err()
                .contains("one character")
        );
    }

    #[test]
    fn sampling_adjusts_odd_temperatures_and_skips_unknown_characters() {
        let (engine, host) = (Engine::new(), TestHost::default());
        block_on(engine.handle(
            Request::Init {
                id: 1,
                backend: BackendPreference::Cpu,
            },
            &host,
        ));
        let text = "the quick brown fox jumps over the lazy dog\n".repeat(5);
        let setup = Request::SequenceSetup {
            id: 2,
            source: TextSource::Text { text },
            config: SequenceConfig {
                hidden: 16,
                embed: 8,
                bptt: 8,
                ..SequenceConfig::default()
            },
            compare: false,
        };
        let Ok(Reply::SequenceSetup(s)) = ask(&engine, &host, setup) else {
            panic!("no setup")
        };
        assert_eq!(s.streams, 24, "220 characters make 24 streams of 9");
        for (temperature, notice) in [
            (0.0, "likeliest"),
            (1e9, "lowered"),
            (f64::NAN, "likeliest"),
        ] {
            let sample = SampleConfig {
                prefix: "the 猫".into(),
                acrostic: false,
                temperature,
                length: 20,
                seed: 2,
            };
            let Ok(Reply::Sample(s)) = ask(
                &engine,
                &host,
                Request::SequenceSample {
                    id: 3,
                    run: 0,
                    sample,
                },
            ) else {
                panic!("no sample")
            };
            assert!(s.text.starts_with("the "), "{}", s.text);
            assert_eq!(s.text.chars().count(), 24);
            assert!(
                s.notices.iter().any(|n| n.contains(notice)),
                "{:?}",
                s.notices
            );
            assert!(
                s.notices.iter().any(|n| n.contains("'猫'")),
                "{:?}",
                s.notices
            );
        }
    }
}
