//! The GPT lab through the engine, as the page drives it: Tang setup, a
//! training slice with the held-out loss, a streamed sample with its
//! distributions, the attention views on the trained model, bad input, and
//! the model kept as a model file and read back.

use super::config::GptSettings;
use super::lab::{GptReply as R, GptRequest as Q};
use super::sample::WriteConfig;
use crate::corpus::TextSource;
use crate::engine::testing::{ask, cpu_engine};
use crate::protocol::Reply;
use crate::wire::Update;

fn small() -> GptSettings {
    GptSettings {
        layers: 1,
        width: 32,
        heads: 2,
        context: 16,
        batch: 4,
        ..GptSettings::default()
    }
}

#[test]
fn tang_setup_train_sample_and_views_through_the_engine() {
    let (engine, host) = cpu_engine();
    let setup = Q::Setup {
        source: TextSource::Tang,
        settings: small(),
        race: false,
    };
    let Ok(Reply::Gpt(R::GptSetup(s))) = ask(&engine, &host, 2, setup) else {
        panic!("no setup")
    };
    assert!(s.vocab > 3000 && s.vocab <= 4000, "{}", s.vocab);
    assert_eq!(
        f64::from(s.params),
        s.cost.params,
        "the table counts what burn built"
    );
    assert_eq!(s.tokens_per_step, 64);
    assert_eq!(s.example.chars().nth(5), Some('，'), "{}", s.example);

    let train = Q::Train {
        steps: 3,
        budget_ms: 10_000.0,
        evaluate: true,
        race: false,
    };
    let Ok(Reply::Gpt(R::GptProgress(p))) = ask(&engine, &host, 3, train) else {
        panic!("no progress")
    };
    assert_eq!((p.losses.len(), p.steps), (3, 3));
    assert!(
        p.losses[0] > 7.0,
        "starts near ln 3973 = 8.3: {}",
        p.losses[0]
    );
    assert!(p.valid_loss.is_some_and(|v| v.is_finite()));
    assert!(p.tokens_per_second > 0.0);

    host.updates.borrow_mut().clear();
    let sample = WriteConfig {
        prompt: "春夏秋冬".into(),
        acrostic: true,
        temperature: 1.0,
        top_k: 20,
        top_p: 0.9,
        length: 60,
        seed: 3,
    };
    let Ok(Reply::Gpt(R::GptSample(written))) = ask(&engine, &host, 4, Q::Sample { sample }) else {
        panic!("no sample")
    };
    let streamed: Vec<_> = host
        .updates
        .borrow()
        .iter()
        .filter_map(|u| match u {
            Update::Tokens { id: 4, tokens } => Some(tokens.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(streamed.len(), written.written as usize);
    let text: String = streamed.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(text, written.text, "the stream adds up to the text");
    assert!(written.text.starts_with('春'), "{}", written.text);
    for step in streamed.iter().filter(|d| !d.forced) {
        assert_eq!(step.top.len(), 10);
        assert!(step.kept >= 1 && step.kept <= 20, "top-k 20: {}", step.kept);
        let mass: f32 = step.top.iter().map(|c| c.drawn_with).sum();
        assert!(mass <= 1.0 + 1e-5);
        assert!(
            step.top.iter().any(|c| c.text == step.text && c.kept)
                || step.top.iter().all(|c| c.kept),
            "a drawn token was kept: {step:?}"
        );
    }

    let Ok(Reply::Gpt(R::GptInspection(i))) = ask(
        &engine,
        &host,
        5,
        Q::Inspect {
            text: "床前明月光".into(),
        },
    ) else {
        panic!("no inspection")
    };
    assert_eq!(
        (i.tokens.len(), i.layers, i.heads, i.d_model),
        (5, 1, 2, 32)
    );
    assert_eq!(i.attention.len(), 2 * 5 * 5);
    for (n, row) in i.attention.chunks(5).enumerate() {
        let q = n % 5;
        assert!(
            row[q + 1..].iter().all(|&w| w == 0.0),
            "query {q} looks ahead: {row:?}"
        );
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    }
    assert_eq!(i.pca.len(), 2 * 5 * 2);

    let Ok(Reply::Gpt(R::GptHead(h))) = ask(
        &engine,
        &host,
        6,
        Q::Head {
            text: "床前明月光".into(),
            layer: 0,
            head: 1,
        },
    ) else {
        panic!("no head")
    };
    assert_eq!((h.d_k, h.q.len(), h.k.len()), (16, 80, 80));
    // The page's arithmetic: softmax of the masked, scaled q·k of query 4
    // over keys 0..=4 equals the model's own weights.
    let scores: Vec<f32> = (0..5)
        .map(|j| {
            (0..16)
                .map(|d| h.q[4 * 16 + d] * h.k[j * 16 + d])
                .sum::<f32>()
                / 4.0
        })
        .collect();
    let top = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let total: f32 = scores.iter().map(|s| (s - top).exp()).sum();
    for (j, s) in scores.iter().enumerate() {
        let w = (s - top).exp() / total;
        let model = i.attention[(5 + 4) * 5 + j];
        assert!((w - model).abs() < 1e-4, "key {j}: {w} vs {model}");
    }
}

#[test]
fn bad_input_is_refused_and_the_model_kept() {
    let (engine, host) = cpu_engine();
    let text = TextSource::Text {
        text: "abc ".repeat(100),
    };
    let refused = |settings| {
        let setup = Q::Setup {
            source: text.clone(),
            settings,
            race: false,
        };
        ask(&engine, &host, 2, setup).unwrap_err()
    };
    let e = refused(GptSettings {
        width: 100,
        heads: 8,
        ..small()
    });
    assert!(e.contains("heads"), "{e}");
    let e = refused(GptSettings {
        layers: 0,
        ..small()
    });
    assert!(e.contains("layers must be 1 to 6"), "{e}");
    let short = Q::Setup {
        source: TextSource::Text { text: "abc".into() },
        settings: small(),
        race: false,
    };
    assert!(
        ask(&engine, &host, 3, short)
            .unwrap_err()
            .contains("at least 17")
    );
    let none = Q::Inspect { text: "x".into() };
    assert!(ask(&engine, &host, 4, none).unwrap_err().contains("set up"));

    let ok = Q::Setup {
        source: text.clone(),
        settings: small(),
        race: false,
    };
    assert!(ask(&engine, &host, 5, ok).is_ok());
    // The race's model is a second one: the learner's stays as it was.
    let race = Q::Setup {
        source: text.clone(),
        settings: GptSettings {
            width: 64,
            ..small()
        },
        race: true,
    };
    let Ok(Reply::Gpt(R::GptSetup(raced))) = ask(&engine, &host, 50, race) else {
        panic!("no race setup")
    };
    let train = Q::Train {
        steps: 2,
        budget_ms: 10_000.0,
        evaluate: false,
        race: true,
    };
    let Ok(Reply::Gpt(R::GptProgress(p))) = ask(&engine, &host, 51, train) else {
        panic!("no race progress")
    };
    assert_eq!(p.steps, 2);
    let look = Q::Inspect { text: "abc".into() };
    let Ok(Reply::Gpt(R::GptInspection(i))) = ask(&engine, &host, 52, look) else {
        panic!("no inspection")
    };
    assert_eq!(
        i.d_model, 32,
        "the learner's model, not the race's ({})",
        raced.params
    );
    let unknown = Q::Inspect { text: "xyz".into() };
    let e = ask(&engine, &host, 6, unknown).unwrap_err();
    assert!(e.contains("none of these characters"), "{e}");
    let bad_layer = Q::Head {
        text: "abc".into(),
        layer: 3,
        head: 0,
    };
    assert!(
        ask(&engine, &host, 7, bad_layer)
            .unwrap_err()
            .contains("layer 4 does not exist")
    );
    // A hand-edited temperature and top-p: noted, not fatal.
    let sample = WriteConfig {
        prompt: "ab".into(),
        acrostic: false,
        temperature: f64::INFINITY,
        top_k: 0,
        top_p: -1.0,
        length: 5,
        seed: 1,
    };
    let Ok(Reply::Gpt(R::GptSample(s))) = ask(&engine, &host, 8, Q::Sample { sample }) else {
        panic!("no sample")
    };
    assert_eq!(s.written, 5);
    assert!(s.text.starts_with("ab"));
    assert_eq!(s.notices.len(), 2, "{:?}", s.notices);
}

#[test]
fn bpe_tokens_train_write_and_show_through_the_engine() {
    let (engine, host) = cpu_engine();
    let rhyme = "twinkle twinkle little star, how I wonder what you are.\n".repeat(60);
    let setup = Q::Setup {
        source: TextSource::Text {
            text: rhyme.clone(),
        },
        settings: GptSettings {
            merges: 200,
            ..small()
        },
        race: false,
    };
    let Ok(Reply::Gpt(R::GptSetup(s))) = ask(&engine, &host, 2, setup) else {
        panic!("no setup")
    };
    assert!(s.vocab > 256 && s.vocab <= 456, "{}", s.vocab);
    assert!(
        s.chars_per_token > 2.0,
        "merges join letters: {}",
        s.chars_per_token
    );
    assert_eq!(f64::from(s.params), s.cost.params);
    let train = Q::Train {
        steps: 3,
        budget_ms: 10_000.0,
        evaluate: true,
        race: false,
    };
    let Ok(Reply::Gpt(R::GptProgress(p))) = ask(&engine, &host, 3, train) else {
        panic!("no progress")
    };
    assert!(p.losses[0] > 4.0, "near ln {}: {}", s.vocab, p.losses[0]);
    assert!(p.valid_loss.is_some());

    host.updates.borrow_mut().clear();
    let sample = WriteConfig {
        prompt: "twinkle".into(),
        acrostic: true,
        temperature: 1.0,
        top_k: 0,
        top_p: 1.0,
        length: 20,
        seed: 2,
    };
    let Ok(Reply::Gpt(R::GptSample(w))) = ask(&engine, &host, 4, Q::Sample { sample }) else {
        panic!("no sample")
    };
    assert!(
        w.text.starts_with("twinkle"),
        "the prompt is read as text: {}",
        w.text
    );
    assert_eq!(w.written, 20);
    assert!(
        w.notices
            .iter()
            .any(|n| n.code == "gpt.msg.acrosticNeedsChars"),
        "{:?}",
        w.notices
    );
    let streamed: usize = host
        .updates
        .borrow()
        .iter()
        .map(|u| match u {
            Update::Tokens { id: 4, tokens } => tokens.iter().filter(|t| !t.forced).count(),
            _ => 0,
        })
        .sum();
    assert_eq!(streamed, 20);

    let look = Q::Inspect {
        text: "twinkle twinkle little star".into(),
    };
    let Ok(Reply::Gpt(R::GptInspection(i))) = ask(&engine, &host, 5, look) else {
        panic!("no inspection")
    };
    assert!(
        i.tokens.len() < 16,
        "fewer tokens than characters: {}",
        i.tokens.len()
    );
    let text: String = i.tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(text, "twinkle twinkle little star");
}

#[test]
fn five_encodings_side_by_side_read_past_their_context() {
    use super::lineup::LineupKind;
    use crate::models::gpt::Positions;
    let (engine, host) = cpu_engine();
    let variants: Vec<GptSettings> = Positions::ALL
        .iter()
        .map(|&positions| GptSettings {
            positions,
            ..small()
        })
        .collect();
    let setup = Q::LineupSetup {
        kind: LineupKind::Positions,
        source: TextSource::Tang,
        variants,
        reach: 64,
    };
    let Ok(Reply::Gpt(R::GptLineup(s))) = ask(&engine, &host, 2, setup) else {
        panic!("no lineup")
    };
    assert_eq!(s.runs.len(), 5);
    for run in &s.runs {
        assert_eq!(
            f64::from(run.params),
            run.cost.params,
            "the table counts what burn built"
        );
    }
    // only the learned table costs parameters: 64 rows × 32, though 16 train.
    assert_eq!(s.runs[1].cost.params - s.runs[0].cost.params, 64.0 * 32.0);
    let train = Q::LineupTrain {
        kind: LineupKind::Positions,
        steps: 2,
        evaluate: true,
    };
    let Ok(Reply::Gpt(R::GptLineupProgress(p))) = ask(&engine, &host, 3, train) else {
        panic!("no round")
    };
    assert_eq!(p.runs.len(), 5);
    for run in &p.runs {
        assert_eq!((run.losses.len(), run.steps), (2, 2));
        assert!(run.valid_loss.is_some_and(f32::is_finite));
    }
    assert_ne!(p.runs[0].losses, p.runs[3].losses, "the encodings differ");
    let losses = Q::LineupLosses {
        kind: LineupKind::Positions,
        length: 64,
        windows: 4,
    };
    let Ok(Reply::Gpt(R::GptLineupLosses(l))) = ask(&engine, &host, 4, losses) else {
        panic!("no losses")
    };
    assert_eq!(l.context, 16);
    assert_eq!(l.runs.len(), 5);
    for run in &l.runs {
        assert_eq!(run.len(), 64, "four times the context");
        assert!(run.iter().all(|v| v.is_finite() && *v > 0.0));
    }
    // the blocks lineup is another slot: the positions one is still there.
    let Err(e) = ask(
        &engine,
        &host,
        5,
        Q::LineupTrain {
            kind: LineupKind::Blocks,
            steps: 1,
            evaluate: false,
        },
    ) else {
        panic!("blocks lineup not set up")
    };
    assert!(e.contains("set up"), "{e}");
}

#[test]
fn the_cache_writes_what_the_whole_text_writes_and_holds_the_formula() {
    use crate::models::gpt::{MlpKind, NormKind, Positions};
    let (engine, host) = cpu_engine();
    let settings = GptSettings {
        heads: 4,
        kv_heads: 2,
        positions: Positions::Rope,
        norm: NormKind::RmsNorm,
        mlp: MlpKind::SwiGlu,
        ..small()
    };
    let setup = Q::Setup {
        source: TextSource::Tang,
        settings,
        race: false,
    };
    assert!(matches!(
        ask(&engine, &host, 2, setup),
        Ok(Reply::Gpt(R::GptSetup(_)))
    ));
    let train = Q::Train {
        steps: 3,
        budget_ms: 10_000.0,
        evaluate: false,
        race: false,
    };
    assert!(matches!(
        ask(&engine, &host, 3, train),
        Ok(Reply::Gpt(R::GptProgress(_)))
    ));
    let cache = super::cache_run::CacheConfig {
        prompt: "春眠".into(),
        tokens: 40,
        sweep: true,
    };
    let Ok(Reply::Gpt(R::GptCache(c))) = ask(&engine, &host, 4, Q::Cache { cache }) else {
        panic!("no cache run")
    };
    assert!(c.identical, "greedy with and without the cache");
    assert!(
        c.max_difference < 1e-4,
        "scores differ by {}",
        c.max_difference
    );
    assert_eq!(c.prompt_tokens, 2);
    assert_eq!(c.text.chars().count(), 42, "{}", c.text);
    assert_eq!(c.steps.len(), 39);
    assert_eq!((c.layers, c.kv_heads, c.d_head), (1, 2, 8));
    for step in &c.steps {
        assert_eq!(
            step.bytes,
            2 * c.layers * c.kv_heads * c.d_head * step.position * 4,
            "the tensors held against the formula at {}",
            step.position
        );
        assert!(step.cached_ms >= 0.0 && step.plain_ms >= 0.0);
    }
    assert_eq!(
        c.growth.keys.len(),
        41 * 8,
        "41 positions went through the cache"
    );
    assert_eq!(c.growth.weights.len(), 39);
    assert_eq!(c.growth.weights[38].len(), 41);
    let kv: Vec<u32> = c.sweep.iter().map(|r| r.kv_heads).collect();
    assert_eq!(kv, vec![1, 2, 4]);
    assert!(
        c.sweep[0].bytes * 4 == c.sweep[2].bytes,
        "multi-query holds a quarter"
    );
    assert!(c.sweep[0].params < c.sweep[2].params);

    let e = ask(
        &engine,
        &host,
        5,
        Q::Setup {
            source: TextSource::Tang,
            settings: GptSettings {
                kv_heads: 3,
                heads: 4,
                ..small()
            },
            race: false,
        },
    )
    .unwrap_err();
    assert!(e.contains("do not divide"), "{e}");
}

#[test]
fn the_position_views_of_a_learned_model() {
    let (engine, host) = cpu_engine();
    let setup = Q::Setup {
        source: TextSource::Tang,
        settings: small(),
        race: false,
    };
    assert!(matches!(
        ask(&engine, &host, 2, setup),
        Ok(Reply::Gpt(R::GptSetup(_)))
    ));
    let Ok(Reply::Gpt(R::GptPositions(v))) = ask(
        &engine,
        &host,
        3,
        Q::Positions {
            text: "床前明月光".into(),
        },
    ) else {
        panic!("no views")
    };
    assert_eq!((v.sinusoidal.positions, v.sinusoidal.width), (16, 32));
    assert_eq!(v.sinusoidal.values.len(), 16 * 32);
    assert_eq!(v.sinusoidal.similarity.len(), 16 * 16);
    assert!(
        (v.sinusoidal.similarity[0] - 1.0).abs() < 1e-5,
        "a position is itself"
    );
    let learned = v.learned.expect("a learned table");
    assert_eq!(learned.values.len(), 16 * 32);
    // distance 3 at every offset scores the same; other distances do not.
    let rows = &v.rope.rows;
    for r in &rows[1..5] {
        assert!(
            (r.dot - rows[0].dot).abs() < 1e-4,
            "{r:?} against {:?}",
            rows[0]
        );
    }
    assert!((rows[6].dot - rows[0].dot).abs() > 1e-6);
    assert_eq!(v.alibi_slopes, vec![1.0 / 16.0, 1.0 / 256.0]);
    assert_eq!(v.rope.speeds.len(), 8);
}

#[test]
fn one_heads_q_and_k_give_the_models_own_weights_with_rope_alibi_and_shared_keys() {
    use crate::models::gpt::Positions;
    for positions in [Positions::Rope, Positions::Alibi, Positions::Sinusoidal] {
        let (engine, host) = cpu_engine();
        let settings = GptSettings {
            heads: 4,
            kv_heads: 2,
            positions,
            ..small()
        };
        let setup = Q::Setup {
            source: TextSource::Tang,
            settings,
            race: false,
        };
        assert!(matches!(
            ask(&engine, &host, 2, setup),
            Ok(Reply::Gpt(R::GptSetup(_)))
        ));
        let text = "床前明月光疑是地上霜";
        let Ok(Reply::Gpt(R::GptInspection(i))) =
            ask(&engine, &host, 3, Q::Inspect { text: text.into() })
        else {
            panic!("no inspection")
        };
        let seq = 10;
        for head in [0u32, 3] {
            let Ok(Reply::Gpt(R::GptHead(d))) = ask(
                &engine,
                &host,
                4,
                Q::Head {
                    text: text.into(),
                    layer: 0,
                    head,
                },
            ) else {
                panic!("no head")
            };
            let d_k = d.d_k as usize;
            assert_eq!(d.alibi_slope.is_some(), positions == Positions::Alibi);
            let slope = d.alibi_slope.unwrap_or(0.0);
            let query = seq - 1;
            let scores: Vec<f64> = (0..seq)
                .map(|j| {
                    let dot: f64 = (0..d_k)
                        .map(|c| f64::from(d.q[query * d_k + c]) * f64::from(d.k[j * d_k + c]))
                        .sum();
                    dot / (d_k as f64).sqrt() - slope * (query - j) as f64
                })
                .collect();
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let sum: f64 = scores.iter().map(|s| (s - max).exp()).sum();
            let model = &i.attention[(head as usize * seq + query) * seq..][..seq];
            let worst = scores
                .iter()
                .zip(model)
                .map(|(s, &w)| ((s - max).exp() / sum - f64::from(w)).abs())
                .fold(0.0, crate::reference::worst);
            assert!(worst < 1e-5, "{positions:?} head {head}: {worst}");
        }
    }
}

/// The safetensors header of model file `file` (its length in the first 8
/// bytes, then JSON).
fn header(file: &[u8]) -> String {
    let len = u64::from_le_bytes(file[..8].try_into().unwrap()) as usize;
    String::from_utf8_lossy(&file[8..8 + len]).into_owned()
}

/// `file` with the first `from` of its header replaced by `to` (as long).
fn edited(file: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = 8 + header(file).find(from).expect("in the header");
    let mut out = file.to_vec();
    out[at..at + from.len()].copy_from_slice(to.as_bytes());
    out
}

#[test]
fn the_model_exported_and_imported_reads_and_writes_the_same_and_bad_files_are_refused() {
    let (engine, host) = cpu_engine();
    let text = "the quick brown fox jumps over the lazy dog\n".repeat(60);
    let source = TextSource::Text { text: text.clone() };
    let train = |steps| Q::Train {
        steps,
        budget_ms: 60_000.0,
        evaluate: true,
        race: false,
    };
    let held_out = |id| match ask(&engine, &host, id, train(0)) {
        Ok(Reply::Gpt(R::GptProgress(p))) => p.valid_loss.unwrap(),
        other => panic!("no progress: {other:?}"),
    };
    let greedy = |id| {
        let sample = WriteConfig {
            prompt: "the ".into(),
            acrostic: false,
            temperature: 0.0,
            top_k: 0,
            top_p: 1.0,
            length: 30,
            seed: 1,
        };
        match ask(&engine, &host, id, Q::Sample { sample }) {
            Ok(Reply::Gpt(R::GptSample(s))) => s.text,
            other => panic!("no sample: {other:?}"),
        }
    };
    // Characters, then byte-level BPE tokens.
    for merges in [0, 30] {
        let settings = GptSettings {
            merges,
            seed: 3,
            ..small()
        };
        let setup = |settings| Q::Setup {
            source: source.clone(),
            settings,
            race: false,
        };
        assert!(ask(&engine, &host, 2, setup(settings.clone())).is_ok());
        assert!(ask(&engine, &host, 3, train(20)).is_ok());
        let trained = held_out(4);
        let written = greedy(5);
        let Ok(Reply::Gpt(R::GptFile(file))) = ask(&engine, &host, 6, Q::Export {}) else {
            panic!("no file")
        };
        let file = file.file;
        let head = header(&file);
        assert!(head.contains("\"kind\":\"gpt.gpt\""), "{head}");
        assert!(head.contains("\"steps\":\"20\""), "{head}");

        // A fresh model, then the file: the same held-out loss and writing.
        let other = GptSettings {
            seed: 9,
            ..settings.clone()
        };
        assert!(ask(&engine, &host, 7, setup(other)).is_ok());
        assert_ne!(held_out(8), trained);
        let Ok(Reply::Gpt(R::GptImported(imported))) =
            ask(&engine, &host, 9, Q::Import { file: file.clone() })
        else {
            panic!("not imported")
        };
        assert_eq!(imported.settings, settings);
        assert_eq!(imported.source, source);
        assert_eq!(imported.steps, 20);
        assert_eq!(held_out(10), trained, "merges {merges}");
        assert_eq!(greedy(11), written, "merges {merges}");
        let Ok(Reply::Gpt(R::GptProgress(p))) = ask(&engine, &host, 12, train(3)) else {
            panic!("no progress")
        };
        assert_eq!(p.steps, 23, "it trains on from the file's steps");
        assert!(ask(&engine, &host, 13, Q::Import { file: file.clone() }).is_ok());

        // Cut short, another model's, a wider model than its tensors hold,
        // a vocabulary its text no longer gives: refused, and the model stays.
        let cut = ask(
            &engine,
            &host,
            14,
            Q::Import {
                file: file[..file.len() - 10].to_vec(),
            },
        );
        assert!(cut.is_err_and(|m| m.contains("cut short or damaged")));
        let wrong = edited(&file, "gpt.gpt", "gpt.xyz");
        let wrong = ask(&engine, &host, 15, Q::Import { file: wrong });
        assert!(wrong.is_err_and(|m| m.contains("holds a gpt.xyz model")));
        let wider = edited(&file, "\\\"width\\\":32", "\\\"width\\\":48");
        let wider = ask(&engine, &host, 16, Q::Import { file: wider });
        assert!(wider.is_err_and(|m| m.contains("do not fit")), "wider");
        let changed = edited(&file, "the quick", "thy quick");
        let changed = ask(&engine, &host, 17, Q::Import { file: changed });
        if merges == 0 {
            // Read over the file's vocabulary, another text still fits the model.
            assert!(changed.is_ok());
            assert!(ask(&engine, &host, 18, Q::Import { file: file.clone() }).is_ok());
        } else {
            assert!(
                changed.is_err_and(|m| m.contains("vocabulary")),
                "other merges"
            );
        }
        assert_eq!(held_out(19), trained, "the imported model stays");
    }
}
