//! The Sequence lab through the engine, as the page drives it: the Tang
//! corpus, compare mode, streamed samples, the two views, bad input, and a
//! run kept as a model file and read back.

use super::cell::CellKind;
use super::lab::{SequenceReply as R, SequenceRequest as Q};
use super::sample::SampleConfig;
use super::train::SequenceConfig;
use crate::corpus::TextSource;
use crate::engine::testing::{ask, cpu_engine};
use crate::protocol::Reply;
use crate::wire::Update;

#[test]
fn tang_setup_train_sample_gradients_and_gates_through_the_engine() {
    let (engine, host) = cpu_engine();
    let setup = |source, compare| Q::Setup {
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
    let Ok(Reply::Sequence(R::SequenceSetup(s))) =
        ask(&engine, &host, 2, setup(TextSource::Tang, true))
    else {
        panic!("no setup")
    };
    assert_eq!(s.runs.len(), 3);
    assert!(s.vocab > 3000 && s.vocab <= 4000, "{}", s.vocab);
    assert!(s.train_chars > 500_000, "{}", s.train_chars);
    assert_eq!(s.example.chars().nth(5), Some('，'), "{}", s.example);

    let train = Q::Train {
        steps: 4,
        budget_ms: 10_000.0,
        evaluate: true,
    };
    let Ok(Reply::Sequence(R::SequenceProgress(p))) = ask(&engine, &host, 3, train) else {
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

    host.updates.borrow_mut().clear();
    let sample = SampleConfig {
        prefix: "春夏秋冬".into(),
        acrostic: true,
        temperature: 0.8,
        length: 200,
        seed: 1,
    };
    let Ok(Reply::Sequence(R::Sample(text))) = ask(&engine, &host, 4, Q::Sample { run: 1, sample })
    else {
        panic!("no sample")
    };
    let streamed: String = host
        .updates
        .borrow()
        .iter()
        .filter_map(|e| match e {
            Update::Chunk { id: 4, text } => Some(text.clone()),
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

    let Ok(Reply::Sequence(R::GradientFlow(flow))) =
        ask(&engine, &host, 5, Q::Gradients { length: 30 })
    else {
        panic!("no gradients")
    };
    assert_eq!(flow.runs.len(), 3);
    assert!(
        flow.runs
            .iter()
            .all(|r| r.norms.len() == 30 && r.steps == 4)
    );

    let gates = Q::Gates {
        run: 1,
        text: String::new(),
    };
    let Ok(Reply::Sequence(R::Gates(g))) = ask(&engine, &host, 6, gates) else {
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
    let err = ask(&engine, &host, 7, setup(short, false)).unwrap_err();
    assert!(err.contains("at least 17"), "{err}");
    let one = TextSource::Text {
        text: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
    };
    assert!(
        ask(&engine, &host, 8, setup(one, false))
            .unwrap_err()
            .contains("one character")
    );
}

#[test]
fn sampling_adjusts_odd_temperatures_and_skips_unknown_characters() {
    let (engine, host) = cpu_engine();
    let text = "the quick brown fox jumps over the lazy dog\n".repeat(5);
    let setup = Q::Setup {
        source: TextSource::Text { text },
        config: SequenceConfig {
            hidden: 16,
            embed: 8,
            bptt: 8,
            ..SequenceConfig::default()
        },
        compare: false,
    };
    let Ok(Reply::Sequence(R::SequenceSetup(s))) = ask(&engine, &host, 2, setup) else {
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
        let Ok(Reply::Sequence(R::Sample(s))) =
            ask(&engine, &host, 3, Q::Sample { run: 0, sample })
        else {
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

/// The safetensors header of model file `file` (its length in the first 8
/// bytes, then JSON) and where it starts.
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
fn a_run_exported_and_imported_reads_and_writes_the_same_and_bad_files_are_refused() {
    let (engine, host) = cpu_engine();
    let text = "the quick brown fox jumps over the lazy dog\n".repeat(60);
    let config = SequenceConfig {
        hidden: 16,
        embed: 8,
        bptt: 8,
        batch: 8,
        lr: 1e-2,
        ..SequenceConfig::default()
    };
    let setup = |seed, compare| Q::Setup {
        source: TextSource::Text { text: text.clone() },
        config: SequenceConfig {
            seed,
            ..config.clone()
        },
        compare,
    };
    let train = |steps| Q::Train {
        steps,
        budget_ms: 60_000.0,
        evaluate: true,
    };
    // The held-out loss of each run, without training.
    let held_out = |id| match ask(&engine, &host, id, train(0)) {
        Ok(Reply::Sequence(R::SequenceProgress(p))) => {
            p.runs.iter().map(|r| r.valid_loss.unwrap()).collect()
        }
        other => panic!("no progress: {other:?}"),
    };
    let greedy = |id| {
        let sample = SampleConfig {
            prefix: "the ".into(),
            acrostic: false,
            temperature: 0.0,
            length: 60,
            seed: 1,
        };
        match ask(&engine, &host, id, Q::Sample { run: 0, sample }) {
            Ok(Reply::Sequence(R::Sample(s))) => s.text,
            other => panic!("no sample: {other:?}"),
        }
    };
    assert!(ask(&engine, &host, 2, setup(3, true)).is_ok());
    assert!(ask(&engine, &host, 3, train(30)).is_ok());
    let trained: Vec<f32> = held_out(4);
    // The LSTM of the three.
    let Ok(Reply::Sequence(R::SequenceFile(file))) = ask(&engine, &host, 5, Q::Export { run: 1 })
    else {
        panic!("no file")
    };
    let file = file.file;
    let head = header(&file);
    assert!(head.contains("\"kind\":\"sequence.lstm\""), "{head}");
    assert!(head.contains("\"steps\":\"30\""), "{head}");
    assert!(head.contains("\\\"vocab\\\":\\\" oehrtu\\\\nab"), "{head}");

    // A fresh network, then the file: the LSTM alone, as it was.
    assert!(ask(&engine, &host, 6, setup(9, false)).is_ok());
    assert_ne!(held_out(7)[0], trained[1]);
    let Ok(Reply::Sequence(R::SequenceImported(imported))) =
        ask(&engine, &host, 8, Q::Import { file: file.clone() })
    else {
        panic!("not imported")
    };
    assert_eq!(imported.config.seed, 3);
    assert_eq!(imported.config.cell, CellKind::Lstm);
    assert_eq!(imported.steps, 30);
    assert_eq!(imported.setup.runs.len(), 1);
    assert_eq!(imported.source, TextSource::Text { text: text.clone() });
    assert_eq!(held_out(9), vec![trained[1]]);
    let written = greedy(10);
    assert!(written.starts_with("the ") && written.chars().count() == 64);
    // It trains on from the file's steps.
    let Ok(Reply::Sequence(R::SequenceProgress(p))) = ask(&engine, &host, 11, train(5)) else {
        panic!("no progress")
    };
    assert_eq!(p.runs[0].steps, 35);
    // Back to the file's model, to check that refusals keep it.
    assert!(ask(&engine, &host, 12, Q::Import { file: file.clone() }).is_ok());

    // Cut short, another model's, a newer format's, a wider network than its tensors hold, another vocabulary: refused.
    let cut = ask(
        &engine,
        &host,
        13,
        Q::Import {
            file: file[..file.len() / 2].to_vec(),
        },
    );
    assert!(cut.is_err_and(|m| m.contains("cut short or damaged")));
    let other = edited(&file, "sequence.lstm", "sequence.xyzw");
    let wrong = ask(&engine, &host, 14, Q::Import { file: other });
    assert!(wrong.is_err_and(|m| m.contains("holds a sequence.xyzw model")));
    let newer = edited(&file, "\"format\":\"1\"", "\"format\":\"9\"");
    let newer = ask(&engine, &host, 15, Q::Import { file: newer });
    assert!(newer.is_err_and(|m| m.contains("newer Kindling")));
    let wider = edited(&file, "\\\"hidden\\\":16", "\\\"hidden\\\":24");
    let wider = ask(&engine, &host, 16, Q::Import { file: wider });
    assert!(wider.is_err_and(|m| m.contains("do not fit")), "wider");
    // One character fewer in the vocabulary ('u' and '\n' made one
    // four-byte character): the output layer no longer fits.
    let fewer = edited(&file, "tu\\\\nab", "t😀ab");
    let fewer = ask(&engine, &host, 17, Q::Import { file: fewer });
    assert!(fewer.is_err_and(|m| m.contains("do not fit")), "fewer");
    assert_eq!(held_out(18), vec![trained[1]], "the imported model stays");
    assert_eq!(greedy(19), written);
}
