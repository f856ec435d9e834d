//! The LoRA lab through the engine, as the page drives it: the built base
//! and the Song ci, a sweep set up with its memory table, a round of
//! training that measures both corpora, writing, the singular values of an
//! update, merging, and bad input.

use super::config::{LoraRunSpec, LoraSettings};
use super::lab::{LoraBase, LoraReply as R, LoraRequest as Q, LoraText};
use crate::engine::testing::{ask, cpu_engine};
use crate::models::gpt::LoraTarget;
use crate::protocol::Reply;

fn spec(rank: u32) -> LoraRunSpec {
    LoraRunSpec {
        rank,
        alpha: 16.0,
        targets: vec![LoraTarget::Query, LoraTarget::Value],
    }
}

#[test]
fn adapts_the_tang_base_to_song_ci_rank_by_rank() {
    let (engine, host) = cpu_engine();
    let settings = LoraSettings {
        runs: vec![spec(1), spec(8), spec(0)],
        batch: 4,
        ..LoraSettings::default()
    };
    let setup = Q::Setup {
        base: LoraBase::Built,
        target: LoraText::SongCi,
        settings,
    };
    let Ok(Reply::Lora(R::LoraSetup(s))) = ask(&engine, &host, 2, setup) else {
        panic!("no setup")
    };
    let (layers, width) = (s.base.layers, s.base.width);
    // W_Q and W_V (width × width) in every block: r·(d + d) each.
    for (run, r) in s.runs.iter().zip([1, 8]) {
        assert_eq!(run.trainable, layers * 2 * r * 2 * width);
        assert_eq!(run.optimizer_bytes, 8.0 * f64::from(run.trainable));
    }
    assert_eq!(
        s.runs[2].trainable, s.base.params,
        "full fine-tuning trains every value"
    );
    let (on_target, on_base) = (s.base_on_target.unwrap(), s.base_on_base.unwrap());
    assert!(
        on_target > on_base,
        "the Tang base reads ci worse than Tang: {on_target} vs {on_base}"
    );
    assert!(s.target_train > 100_000, "{}", s.target_train);

    let Ok(Reply::Lora(R::LoraProgress(p))) = ask(
        &engine,
        &host,
        3,
        Q::Train {
            steps: 3,
            evaluate: true,
        },
    ) else {
        panic!("no progress")
    };
    assert_eq!(p.runs.len(), 3);
    for run in &p.runs {
        assert_eq!((run.losses.len(), run.steps), (3, 3));
        assert!(
            run.target_loss.is_some_and(f32::is_finite)
                && run.base_loss.is_some_and(f32::is_finite)
        );
    }

    for run in [None, Some(1)] {
        let sample = Q::Sample {
            run,
            prompt: "春风".into(),
            length: 20,
            temperature: 0.8,
            seed: 1,
        };
        let Ok(Reply::Lora(R::LoraSample(w))) = ask(&engine, &host, 4, sample) else {
            panic!("no sample")
        };
        assert_eq!(w.text.chars().count(), 22, "{}", w.text);
        assert!(w.text.starts_with("春风"));
    }

    let inside = Q::Inside {
        run: 0,
        layer: 0,
        target: LoraTarget::Query,
    };
    let Ok(Reply::Lora(R::LoraInside(i))) = ask(&engine, &host, 5, inside) else {
        panic!("no inside")
    };
    assert_eq!(i.values.len(), width as usize);
    assert!(i.values[0] > 0.0, "the update moved");
    assert!(
        i.values[1] < 1e-4 * i.values[0],
        "rank 1: {:?}",
        &i.values[..3]
    );
    let full = i.full.expect("a full run to compare");
    assert!(
        full[1] > 1e-3 * full[0],
        "full fine-tuning uses more directions: {:?}",
        &full[..3]
    );

    let Ok(Reply::Lora(R::LoraMerge(m))) = ask(&engine, &host, 6, Q::Merge { run: 1 }) else {
        panic!("no merge")
    };
    assert!(m.max_difference < 1e-4, "{}", m.max_difference);
    assert!(m.tokens > 0);

    let Ok(Reply::Lora(R::LoraExport(x))) = ask(&engine, &host, 9, Q::Export { run: 1 }) else {
        panic!("no export")
    };
    // r = 8 on W_Q and W_V of 2 blocks: 8 · 256 · 4 values of 4 bytes, and a header.
    assert!(
        x.file.len() > 32_768 && x.file.len() < 34_000,
        "{} bytes",
        x.file.len()
    );
    assert_eq!(x.base_bytes, 4.0 * f64::from(s.base.params));
    let import = Q::Import {
        file: x.file.clone(),
        compare: Some(1),
    };
    let Ok(Reply::Lora(R::LoraImport(i))) = ask(&engine, &host, 10, import) else {
        panic!("no import")
    };
    assert_eq!((i.run, i.rank), (3, 8));
    assert!(
        i.max_difference.is_some_and(|d| d < 1e-6),
        "{:?}",
        i.max_difference
    );
    let e = ask(&engine, &host, 11, Q::Export { run: 2 }).unwrap_err();
    assert!(e.contains("no adapters"), "{e}");
    let e = ask(
        &engine,
        &host,
        12,
        Q::Import {
            file: x.file[..100].to_vec(),
            compare: None,
        },
    )
    .unwrap_err();
    assert!(e.contains("not an adapter file"), "{e}");

    let bad = LoraSettings {
        runs: vec![spec(65)],
        ..LoraSettings::default()
    };
    let e = ask(
        &engine,
        &host,
        7,
        Q::Setup {
            base: LoraBase::Built,
            target: LoraText::SongCi,
            settings: bad,
        },
    )
    .unwrap_err();
    assert!(e.contains("rank must be 0 to 64"), "{e}");
    let unknown = Q::Setup {
        base: LoraBase::Built,
        target: LoraText::Text {
            text: "ⓐⓑⓒ".repeat(100),
        },
        settings: LoraSettings::default(),
    };
    let e = ask(&engine, &host, 8, unknown).unwrap_err();
    assert!(e.contains("vocabulary"), "{e}");
}

#[test]
fn adapts_the_model_the_gpt_lab_shared() {
    use crate::corpus::TextSource;
    use crate::gpt::config::GptSettings;
    use crate::gpt::lab::{GptReply, GptRequest};
    let (engine, host) = cpu_engine();
    let none = Q::Setup {
        base: LoraBase::GptLab,
        target: LoraText::SongCi,
        settings: LoraSettings::default(),
    };
    let e = ask(&engine, &host, 2, none.clone()).unwrap_err();
    assert!(e.contains("no GPT has been shared"), "{e}");
    let small = GptSettings {
        layers: 1,
        width: 32,
        heads: 2,
        context: 16,
        batch: 4,
        ..GptSettings::default()
    };
    let setup = GptRequest::Setup {
        source: TextSource::Tang,
        settings: small,
        race: false,
    };
    assert!(ask(&engine, &host, 3, setup).is_ok());
    let train = GptRequest::Train {
        steps: 2,
        budget_ms: 10_000.0,
        evaluate: false,
        race: false,
    };
    assert!(ask(&engine, &host, 4, train).is_ok());
    let Ok(Reply::Gpt(GptReply::GptShared(shared))) = ask(&engine, &host, 5, GptRequest::Share {})
    else {
        panic!("not shared")
    };
    assert_eq!(shared.steps, 2);
    let Ok(Reply::Lora(R::LoraSetup(s))) = ask(&engine, &host, 6, none) else {
        panic!("no setup on the shared model")
    };
    assert_eq!(
        (s.base.source, s.base.layers, s.base.width, s.base.steps),
        (LoraBase::GptLab, 1, 32, 2)
    );
    assert_eq!(s.base.params, shared.params);
    // r = 8 on W_Q and W_V, 32 wide, 1 block.
    assert_eq!(s.runs[0].trainable, 2 * 8 * (32 + 32));
    let Ok(Reply::Lora(R::LoraProgress(p))) = ask(
        &engine,
        &host,
        7,
        Q::Train {
            steps: 2,
            evaluate: true,
        },
    ) else {
        panic!("no progress")
    };
    assert!(p.runs[0].target_loss.is_some_and(f32::is_finite));
}
