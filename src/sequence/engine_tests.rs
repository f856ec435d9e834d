//! The Sequence lab through the engine, as the page drives it: the Tang
//! corpus, compare mode, streamed samples, the two views and bad input.

use super::lab::TextSource;
use super::sample::SampleConfig;
use super::train::SequenceConfig;
use crate::engine::testing::{ask, cpu_engine};
use crate::protocol::{Event, Reply, Request};

#[test]
fn tang_setup_train_sample_gradients_and_gates_through_the_engine() {
    let (engine, host) = cpu_engine();
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
    let Ok(Reply::SequenceSetup(s)) = ask(&engine, &host, setup(2, TextSource::Tang, true)) else {
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
    let (engine, host) = cpu_engine();
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
