//! The Precision lab through the engine, as the page drives it: the
//! formats, the built GPT and MiniLM loaded, a matrix on its grid, the
//! table of schemes, round() and the STE, PTQ against QAT, mixed precision
//! with and without loss scaling, and bad input.

use super::formats::Format;
use super::grid::{Granularity, Scheme};
use super::lab::{PrecisionReply as R, PrecisionRequest as Q};
use super::mixed::MixedSpec;
use super::run::RunSettings;
use super::scaler::Scaling;
use super::subject::PrecisionModel;
use crate::engine::testing::{ask, cpu_engine};
use crate::protocol::Reply;

fn scheme(bits: u32, granularity: Granularity) -> Scheme {
    Scheme {
        bits,
        symmetric: true,
        granularity,
    }
}

fn settings() -> RunSettings {
    RunSettings {
        lr: 1e-3,
        batch: 4,
        seed: 1,
        held_out: 4096,
    }
}

#[test]
fn formats_and_the_straight_through_estimator() {
    let (engine, host) = cpu_engine();
    let Ok(Reply::Precision(R::PrecisionFormats(f))) = ask(
        &engine,
        &host,
        2,
        Q::Formats {
            values: vec![65504.0, 70000.0, 1e-8, 0.1],
        },
    ) else {
        panic!("no formats")
    };
    assert_eq!(f.formats[1].largest, 65504.0);
    assert_eq!(f.values[1].fp16, f32::INFINITY);
    assert!(f.values[1].bf16.is_finite(), "bf16 has fp32's range");
    assert_eq!(
        f.values[2].fp16, 0.0,
        "1e-8 is under half of fp16's smallest subnormal"
    );

    let Ok(Reply::Precision(R::PrecisionHalf(v))) = ask(&engine, &host, 4, Q::Half { size: 128 })
    else {
        panic!("no fp16 product")
    };
    assert!(
        v.supported && v.mean_error.is_some_and(|e| e > 0.0 && e < 1e-2),
        "{v:?}"
    );
    let Ok(Reply::Precision(R::PrecisionSte(s))) = ask(&engine, &host, 3, Q::Ste { bits: 3 })
    else {
        panic!("no STE view")
    };
    for (i, &x) in s.x.iter().enumerate() {
        let inside = x.abs() <= 1.0; // clamp passes its bounds through
        assert_eq!(s.ste[i], if inside { 1.0 } else { 0.0 }, "STE at {x}");
        assert_eq!(s.round[i], 0.0, "round() passes nothing back at {x}");
        assert!((s.y[i] / s.step).fract().abs() < 1e-4, "on the grid at {x}");
    }
    assert!(
        s.slope.iter().any(|&d| d > 5.0),
        "the jumps show as spikes in the slope"
    );
}

#[test]
fn the_built_gpt_on_its_grids() {
    let (engine, host) = cpu_engine();
    let Err(e) = ask(
        &engine,
        &host,
        2,
        Q::Layer {
            matrix: 0,
            scheme: scheme(8, Granularity::Tensor),
        },
    ) else {
        panic!("a layer before a model")
    };
    assert!(e.contains("load a model first"), "{e}");
    let Ok(Reply::Precision(R::PrecisionLoaded(l))) = ask(
        &engine,
        &host,
        3,
        Q::Load {
            model: PrecisionModel::BuiltGpt,
            cnn_steps: 100,
        },
    ) else {
        panic!("no model")
    };
    assert_eq!(l.f32_bytes, 4.0 * f64::from(l.params));
    let mlp = l
        .matrices
        .iter()
        .position(|m| m.path == "blocks.0.mlp.input.weight")
        .expect("the first MLP matrix");
    let mut errors = Vec::new();
    for (bits, g) in [
        (8, Granularity::Tensor),
        (8, Granularity::Channel),
        (4, Granularity::Tensor),
        (4, Granularity::Group32),
    ] {
        let Ok(Reply::Precision(R::PrecisionLayer(v))) = ask(
            &engine,
            &host,
            4,
            Q::Layer {
                matrix: mlp as u32,
                scheme: scheme(bits, g),
            },
        ) else {
            panic!("no layer view")
        };
        assert_eq!(v.channel_error.len(), l.matrices[mlp].channels as usize);
        assert_eq!(
            v.histogram.iter().sum::<u32>(),
            l.matrices[mlp].channels * l.matrices[mlp].width
        );
        // Symmetric: ±(2^(bits−1) − 1) levels around 0.
        assert_eq!(v.grid.len(), (1 << bits) - 1);
        errors.push(v.rms_error);
    }
    assert!(
        errors[1] <= errors[0],
        "per channel ≤ per tensor: {errors:?}"
    );
    assert!(
        errors[3] <= errors[2],
        "int4 groups of 32 ≤ one int4 scale: {errors:?}"
    );
    assert!(
        errors[0] * 4.0 < errors[2],
        "int8 is far finer than int4: {errors:?}"
    );

    let Ok(Reply::Precision(R::PrecisionActivations(a))) = ask(
        &engine,
        &host,
        6,
        Q::Activations {
            site: 3,
            held: 4096,
        },
    ) else {
        panic!("no activations")
    };
    // Four inputs per block (attention, context, MLP, hidden) and the head's.
    assert_eq!(a.sites.len(), 2 * 4 + 1);
    assert_eq!(
        a.histogram.iter().sum::<u32>() as usize,
        16 * 64 * 512,
        "the MLP hidden layer's values"
    );
    for s in &a.sites {
        assert!(
            s.p999 <= s.p9999 && s.p9999 <= s.min.abs().max(s.max.abs()),
            "{s:?}"
        );
    }
    assert_eq!(a.metric, super::qat::Metric::BitsPerChar);
    let bits: Vec<f64> = a.rows.iter().map(|r| r.score).collect();
    assert_eq!(bits.len(), 4);
    assert!(
        bits.iter()
            .all(|b| b.is_finite() && *b >= a.f32_score - 0.01),
        "{bits:?} against {}",
        a.f32_score
    );
    assert!(
        bits[1] > bits[0],
        "quantized activations cost something: {bits:?}"
    );
    eprintln!("activations: f32 {} rows {bits:?}", a.f32_score);

    let Ok(Reply::Precision(R::PrecisionSpeed(v))) = ask(&engine, &host, 7, Q::Speed) else {
        panic!("no timing")
    };
    assert_eq!(v.tokens, 8 * 64);
    assert!(v.max_difference > 0.0 && v.max_difference < 1.0, "{v:?}");

    let schemes = vec![
        scheme(8, Granularity::Channel),
        scheme(4, Granularity::Group32),
        scheme(4, Granularity::Tensor),
    ];
    let Ok(Reply::Precision(R::PrecisionTable(t))) = ask(
        &engine,
        &host,
        5,
        Q::Table {
            schemes,
            sentences: Vec::new(),
            held: 4096,
        },
    ) else {
        panic!("no table")
    };
    let bits: Vec<f64> = t
        .rows
        .iter()
        .map(|r| r.quality.bits_per_char.unwrap())
        .collect();
    let bytes: Vec<f64> = t.rows.iter().map(|r| r.bytes).collect();
    assert!(
        (bits[1] - bits[0]).abs() < 0.05,
        "int8 per channel costs little: {bits:?}"
    );
    assert!(
        bits[3] > bits[2],
        "one int4 scale is worse than int4 groups: {bits:?}"
    );
    assert!(
        bytes[1] < bytes[0] / 3.5 && bytes[2] < bytes[1] * 0.7,
        "{bytes:?}"
    );
}

#[test]
fn minilm_quantized_against_itself() {
    let (engine, host) = cpu_engine();
    let Ok(Reply::Precision(R::PrecisionLoaded(l))) = ask(
        &engine,
        &host,
        2,
        Q::Load {
            model: PrecisionModel::MiniLm,
            cnn_steps: 100,
        },
    ) else {
        panic!("no MiniLM")
    };
    assert!(
        l.matrices
            .iter()
            .any(|m| m.path == "embeddings.word_embeddings.weight" || m.path.contains("word")),
        "{:?}",
        &l.matrices[..3]
    );
    let sentences = vec![
        "A man is playing a guitar.".to_owned(),
        "The weather is lovely today.".to_owned(),
    ];
    let schemes = vec![
        scheme(8, Granularity::Channel),
        scheme(4, Granularity::Tensor),
    ];
    let Ok(Reply::Precision(R::PrecisionTable(t))) = ask(
        &engine,
        &host,
        3,
        Q::Table {
            schemes,
            sentences,
            held: 128,
        },
    ) else {
        panic!("no table")
    };
    let f32_row = &t.rows[0].quality;
    assert!(f32_row.min_cosine.unwrap() > 0.99999 && f32_row.attention_change.unwrap() == 0.0);
    let (int8, int4) = (&t.rows[1].quality, &t.rows[2].quality);
    assert!(int8.min_cosine.unwrap() > 0.99, "{int8:?}");
    assert!(
        int4.min_cosine.unwrap() < int8.min_cosine.unwrap(),
        "{int4:?} against {int8:?}"
    );
    assert!(int4.attention_change.unwrap() > int8.attention_change.unwrap());
}

#[test]
fn ptq_against_qat_from_the_same_gpt() {
    let (engine, host) = cpu_engine();
    let setup = Q::QatSetup {
        model: PrecisionModel::BuiltGpt,
        symmetric: true,
        granularity: Granularity::Channel,
        settings: settings(),
        cnn_steps: 100,
    };
    let Ok(Reply::Precision(R::PrecisionQatSetup(s))) = ask(&engine, &host, 2, setup) else {
        panic!("no QAT setup")
    };
    assert_eq!(s.ptq_scores.len(), 2);
    assert!(
        s.ptq_scores[1] > s.ptq_scores[0] && s.ptq_scores[0] >= s.f32_score - 0.01,
        "{s:?}"
    );
    let Ok(Reply::Precision(R::PrecisionQatProgress(p))) = ask(
        &engine,
        &host,
        3,
        Q::QatTrain {
            steps: 2,
            evaluate: true,
        },
    ) else {
        panic!("no QAT round")
    };
    assert_eq!(p.runs.len(), 3);
    assert_eq!(
        p.runs[0].ptq_scores.len(),
        2,
        "the f32 run is quantized after training"
    );
    for run in &p.runs {
        assert_eq!((run.losses.len(), run.steps), (2, 2));
        assert!(run.score.is_some_and(f64::is_finite));
    }
    assert!(
        p.runs[2].score.unwrap() > p.runs[0].score.unwrap(),
        "int4 reads worse than f32"
    );

    let Err(e) = ask(
        &engine,
        &host,
        4,
        Q::QatSetup {
            model: PrecisionModel::GptLab,
            symmetric: true,
            granularity: Granularity::Channel,
            settings: settings(),
            cnn_steps: 100,
        },
    ) else {
        panic!("no GPT was shared")
    };
    assert!(e.contains("no GPT has been shared"), "{e}");
}

#[test]
fn the_cnn_trained_then_quantized_and_trained_aware() {
    let (engine, host) = cpu_engine();
    let Ok(Reply::Precision(R::PrecisionLoaded(l))) = ask(
        &engine,
        &host,
        2,
        Q::Load {
            model: PrecisionModel::Cnn,
            cnn_steps: 150,
        },
    ) else {
        panic!("no CNN")
    };
    let paths: Vec<&str> = l.matrices.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "blocks.0.conv.weight",
            "blocks.1.conv.weight",
            "output.weight"
        ]
    );
    // The second conv: 16 kernels of 8 × 5 × 5.
    assert_eq!((l.matrices[1].channels, l.matrices[1].width), (16, 200));
    let Ok(Reply::Precision(R::PrecisionLayer(v))) = ask(
        &engine,
        &host,
        3,
        Q::Layer {
            matrix: 1,
            scheme: scheme(4, Granularity::Group64),
        },
    ) else {
        panic!("no layer")
    };
    assert_eq!(v.channel_error.len(), 16);
    let schemes = vec![
        scheme(8, Granularity::Channel),
        scheme(4, Granularity::Tensor),
    ];
    let Ok(Reply::Precision(R::PrecisionTable(t))) = ask(
        &engine,
        &host,
        4,
        Q::Table {
            schemes,
            sentences: Vec::new(),
            held: 128,
        },
    ) else {
        panic!("no table")
    };
    let acc: Vec<f64> = t.rows.iter().map(|r| r.quality.accuracy.unwrap()).collect();
    assert!(acc[0] > 0.9, "150 steps learn the digits: {acc:?}");
    assert!(
        (acc[1] - acc[0]).abs() < 0.01,
        "int8 per channel keeps the accuracy: {acc:?}"
    );
    let Ok(Reply::Precision(R::PrecisionActivations(a))) =
        ask(&engine, &host, 7, Q::Activations { site: 1, held: 128 })
    else {
        panic!("no CNN activations")
    };
    use super::activations::{ActivationSite, Calibration};
    use crate::models::cnn::tap::LayerInput;
    let sites: Vec<ActivationSite> = a.sites.iter().map(|s| s.site).collect();
    assert_eq!(
        sites,
        [
            ActivationSite::Cnn(LayerInput::Conv { block: 0 }),
            ActivationSite::Cnn(LayerInput::Conv { block: 1 }),
            ActivationSite::Cnn(LayerInput::Output)
        ]
    );
    assert_eq!(a.metric, super::qat::Metric::Accuracy);
    assert_eq!(a.calibrated_on, 512);
    // The second conv's input: 512 digits of 8 pooled 14 × 14 maps.
    assert_eq!(a.histogram.iter().sum::<u32>(), 512 * 8 * 14 * 14);
    for s in &a.sites {
        let min_max = s.range(Calibration::MinMax);
        assert!(s.p999 <= s.p9999 && s.p9999 <= min_max, "{s:?}");
    }
    // After ReLU and max pooling the maps are ≥ 0.
    assert!(a.sites[1].min >= 0.0, "{:?}", a.sites[1]);
    assert_eq!(a.f32_score, acc[0], "the same f32 CNN as the table");
    let scores: Vec<f64> = a.rows.iter().map(|r| r.score).collect();
    eprintln!(
        "CNN activations: f32 {} rows {scores:?} sites {:?}",
        a.f32_score, a.sites
    );
    assert_eq!(scores.len(), 4);
    // Measured: f32 92.70%, W8 92.55%, W8A8 92.60 / 92.65 / 92.60% (150 steps).
    const BOUND: f64 = 0.01;
    assert!(
        (scores[0] - acc[1]).abs() < 1e-9,
        "W8 is the table's int8 per channel: {scores:?} {acc:?}"
    );
    assert!(
        (scores[1] - a.f32_score).abs() <= BOUND,
        "W8A8 at min/max within {BOUND} of f32: {scores:?} against {}",
        a.f32_score
    );
    let setup = Q::QatSetup {
        model: PrecisionModel::Cnn,
        symmetric: true,
        granularity: Granularity::Channel,
        settings: settings(),
        cnn_steps: 150,
    };
    let Ok(Reply::Precision(R::PrecisionQatSetup(s))) = ask(&engine, &host, 5, setup) else {
        panic!("no CNN QAT setup")
    };
    assert_eq!(s.metric, super::qat::Metric::Accuracy);
    assert_eq!(s.f32_score, acc[0], "the same trained CNN");
    let Ok(Reply::Precision(R::PrecisionQatProgress(p))) = ask(
        &engine,
        &host,
        6,
        Q::QatTrain {
            steps: 3,
            evaluate: true,
        },
    ) else {
        panic!("no CNN QAT round")
    };
    for run in &p.runs {
        assert_eq!(run.steps, 3);
        assert!(run.score.is_some_and(|a| a > 0.5), "{run:?}");
    }
}

#[test]
fn mixed_precision_with_and_without_loss_scaling() {
    let (engine, host) = cpu_engine();
    let runs = vec![
        MixedSpec {
            format: Format::Fp32,
            scaling: Scaling::None,
        },
        MixedSpec {
            format: Format::Fp16,
            scaling: Scaling::None,
        },
        MixedSpec {
            format: Format::Fp16,
            scaling: Scaling::Dynamic {
                initial: 16_777_216.0,
                interval: 1000,
            },
        },
        MixedSpec {
            format: Format::Bf16,
            scaling: Scaling::None,
        },
    ];
    let Ok(Reply::Precision(R::PrecisionMixedSetup(s))) = ask(
        &engine,
        &host,
        2,
        Q::MixedSetup {
            runs,
            settings: settings(),
        },
    ) else {
        panic!("no setup")
    };
    assert_eq!(s.runs.len(), 4);
    let Ok(Reply::Precision(R::PrecisionMixedProgress(p))) = ask(
        &engine,
        &host,
        3,
        Q::MixedTrain {
            steps: 3,
            evaluate: true,
        },
    ) else {
        panic!("no round")
    };
    let [fp32, fp16, dynamic, bf16] = &p.runs[..] else {
        panic!("four runs")
    };
    for run in &p.runs {
        assert_eq!(run.losses.len(), 3);
        assert!(run.counts.nonzero > 0.0);
        assert_eq!(
            run.histogram.len(),
            (super::mixed::HISTOGRAM_HIGH - s.histogram_low) as usize + 1
        );
    }
    assert_eq!(fp32.counts.vanished, 0.0, "f32 loses no gradient");
    assert!(fp32.bits.is_some_and(f64::is_finite) && !bf16.diverged);
    // A scale of 2^24 overflows fp16 at once: the dynamic scaler halves it and skips those steps.
    assert!(
        dynamic.counts.overflow_steps > 0 && dynamic.skipped > 0,
        "{dynamic:?}"
    );
    assert!(dynamic.scale < 16_777_216.0);
    assert!(!dynamic.diverged && fp16.losses.iter().all(|l| l.is_finite()));
    // The first step of every run saw the same weights and batch.
    assert!(
        (fp32.losses[0] - fp16.losses[0]).abs() < 0.05,
        "{} vs {}",
        fp32.losses[0],
        fp16.losses[0]
    );
}
