//! The Vision lab through the engine, as the page drives it: setup,
//! training with evaluation, inspection of one image and bad input.

use super::lab::{VisionReply as R, VisionRequest as Q};
use crate::engine::testing::{ask, cpu_engine};
use crate::models::cnn::arch::NetConfig;
use crate::models::cnn::train::TrainConfig;
use crate::protocol::Reply;

#[test]
fn setup_train_evaluate_and_inspect_through_the_engine() {
    let (engine, host) = cpu_engine();
    let train = Q::Train {
        steps: 3,
        budget_ms: 10_000.0,
        evaluate: true,
    };
    let refused = ask(&engine, &host, 2, train.clone()).unwrap_err();
    assert!(refused.contains("set up"), "{refused}");

    let setup = Q::Setup {
        net: NetConfig::default(),
        train: TrainConfig::default(),
    };
    let Ok(Reply::Vision(R::Setup(s))) = ask(&engine, &host, 3, setup) else {
        panic!("no setup")
    };
    assert_eq!((s.train, s.test, s.layers.len()), (8000, 2000, 5));

    let Ok(Reply::Vision(R::Progress(p))) = ask(&engine, &host, 4, train) else {
        panic!("no progress")
    };
    assert_eq!((p.losses.len(), p.steps), (3, 3));
    assert!(p.images_per_second > 0.0);
    let e = p.evaluation.expect("evaluation asked for");
    assert_eq!(e.confusion.iter().sum::<u32>(), 2000);
    assert!((0.0..=1.0).contains(&e.accuracy));

    let inspect = Q::Inspect {
        pixels: vec![0; 784],
    };
    let Ok(Reply::Vision(R::Inspection(i))) = ask(&engine, &host, 5, inspect) else {
        panic!("no inspection")
    };
    assert!((i.probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    assert_eq!(i.maps.len(), 2);
    assert_eq!(i.maps[1].shape, [16, 7, 7]);
    assert_eq!(i.maps[1].values.len(), 16 * 49);
    assert_eq!(i.filters.len(), 8 * 25);
    let bad = ask(&engine, &host, 6, Q::Inspect { pixels: vec![0; 3] });
    assert!(bad.is_err());
}

#[test]
fn an_exported_network_imports_to_the_same_outputs_and_bad_files_are_refused() {
    let (engine, host) = cpu_engine();
    let net = NetConfig {
        batch_norm: true,
        ..NetConfig::default()
    };
    let train = TrainConfig {
        batch: 32,
        seed: 4,
        ..TrainConfig::default()
    };
    let setup = |id, seed| {
        let train = TrainConfig {
            seed,
            ..train.clone()
        };
        let reply = ask(
            &engine,
            &host,
            id,
            Q::Setup {
                net: net.clone(),
                train,
            },
        );
        assert!(reply.is_ok(), "{reply:?}");
    };
    let steps = |id, steps, evaluate| match ask(
        &engine,
        &host,
        id,
        Q::Train {
            steps,
            budget_ms: 60_000.0,
            evaluate,
        },
    ) {
        Ok(Reply::Vision(R::Progress(p))) => p,
        other => panic!("{other:?}"),
    };
    // The test split in eval mode (BatchNorm on its running statistics) and one digit's probabilities.
    let outputs = |id| {
        let evaluation = steps(id, 0, true).evaluation.expect("evaluated");
        let digit: Vec<u8> = (0..784).map(|i| ((i * 37) % 256) as u8).collect();
        match ask(&engine, &host, id + 1, Q::Inspect { pixels: digit }) {
            Ok(Reply::Vision(R::Inspection(i))) => (evaluation, i.probabilities),
            other => panic!("{other:?}"),
        }
    };
    setup(1, 4);
    assert_eq!(steps(2, 6, false).steps, 6);
    // Exported straight after training: the last step's running statistics must be in it.
    let Ok(Reply::Vision(R::File(file))) = ask(&engine, &host, 3, Q::Export) else {
        panic!("no file")
    };
    let file = file.file;
    let before = outputs(4);

    // BatchNorm's running mean and variance travel, trained away from their start (0 and 1).
    let tensors = safetensors::SafeTensors::deserialize(&file).unwrap();
    for (name, start) in [
        ("blocks.0.norm.running_mean", 0.0),
        ("blocks.0.norm.running_var", 1.0),
        ("blocks.1.norm.running_var", 1.0),
    ] {
        let data = tensors.tensor(name).expect(name).data().to_vec();
        let values: Vec<f32> = data
            .chunks(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect();
        assert!(values.iter().any(|&v| v != start), "{name} untrained");
    }
    drop(tensors);

    // A fresh network, then the file: the same outputs in eval mode, and the steps it had.
    setup(6, 9);
    assert_ne!(outputs(7).1, before.1);
    let Ok(Reply::Vision(R::Imported(imported))) =
        ask(&engine, &host, 9, Q::Import { file: file.clone() })
    else {
        panic!("not imported")
    };
    assert_eq!((imported.net, imported.train), (net.clone(), train.clone()));
    assert_eq!(imported.steps, 6);
    assert_eq!(imported.setup.layers.len(), 7, "two convs, two norms, ...");
    let after = outputs(10);
    assert_eq!(after, before);
    // It trains on from the file's step count.
    assert_eq!(steps(12, 2, false).steps, 8);
    let kept = outputs(13);

    // Cut short, another model's, tensors that do not fit: refused, and the model stays.
    let cut = ask(
        &engine,
        &host,
        15,
        Q::Import {
            file: file[..file.len() / 2].to_vec(),
        },
    );
    assert!(cut.is_err_and(|m| m.contains("cut short or damaged")));
    let header_len = u64::from_le_bytes(file[..8].try_into().unwrap()) as usize;
    let header = String::from_utf8_lossy(&file[8..8 + header_len]).into_owned();
    let swap = |from: &str, to: &str| {
        assert_eq!(from.len(), to.len());
        let at = 8 + header.find(from).expect(from);
        let mut bytes = file.clone();
        bytes[at..at + from.len()].copy_from_slice(to.as_bytes());
        bytes
    };
    let other = ask(
        &engine,
        &host,
        16,
        Q::Import {
            file: swap("\"vision.cnn\"", "\"vision.xyz\""),
        },
    );
    assert!(
        other.is_err_and(|m| m.contains("not a")),
        "another model's file"
    );
    // The settings promise 4 channels in the first conv; its tensors hold 8.
    let misfit = ask(
        &engine,
        &host,
        17,
        Q::Import {
            file: swap("{\\\"channels\\\":8,", "{\\\"channels\\\":4,"),
        },
    );
    assert!(
        misfit.is_err_and(|m| m.contains("do not fit")),
        "tensors that do not fit"
    );
    assert_eq!(outputs(18), kept, "the imported model stays");
    assert_eq!(steps(20, 0, false).steps, 8);
}
