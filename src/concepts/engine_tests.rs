//! The Concepts lab's stateless requests through the engine, sent as the
//! page sends them (JSON): the optimizer race, the normalisation and
//! dropout demos, and bad input. The experiments that train are tested
//! beside their trainer (`train.rs`).

use serde_json::json;

use super::lab::{ConceptsReply as R, ConceptsRequest};
use crate::engine::testing::{ask, cpu_engine};
use crate::protocol::Reply;

fn request(json: serde_json::Value) -> ConceptsRequest {
    serde_json::from_value(json).unwrap()
}

#[test]
fn race_norm_and_dropout_answer_through_the_engine() {
    let (engine, host) = cpu_engine();
    let race = request(json!({"type": "conceptsRace", "race": {
        "surface": "bowl", "lr": 0.05, "momentum": 0.9, "beta1": 0.9, "beta2": 0.999, "steps": 20
    }}));
    let Ok(Reply::Concepts(R::Race(race))) = ask(&engine, &host, 2, race) else {
        panic!("no race")
    };
    assert!(race.paths.iter().all(|p| p.xs.len() == 21));

    let data = json!({"dataset": "spiral", "noise": 0.1, "samples": 100, "seed": 1});
    let norm = request(json!({"type": "conceptsNorm", "data": data, "batch": 8, "features": 4}));
    let Ok(Reply::Concepts(R::NormDemo(demo))) = ask(&engine, &host, 3, norm) else {
        panic!("no norm demo")
    };
    assert_eq!((demo.batch, demo.features), (8, 4));

    let dropout = request(json!({"type": "conceptsDropout", "p": 0.5, "seed": 1}));
    let Ok(Reply::Concepts(R::DropoutDemo(demo))) = ask(&engine, &host, 4, dropout) else {
        panic!("no dropout demo")
    };
    assert_eq!(demo.input.len(), (demo.rows * demo.cols) as usize);

    let bad = json!({"dataset": "spiral", "noise": 0.1, "samples": 0, "seed": 1});
    let refused = ask(
        &engine,
        &host,
        5,
        request(json!({"type": "conceptsNorm", "data": bad, "batch": 8, "features": 4})),
    );
    assert!(refused.is_err(), "{refused:?}");
}

#[test]
fn an_exported_flow_network_imports_to_the_same_outputs_and_bad_files_are_refused() {
    use super::lab::ConceptsImported;
    let (engine, host) = cpu_engine();
    let data = json!({"dataset": "circles", "noise": 0.1, "samples": 100, "seed": 3});
    let run = |seed| {
        json!({
            "net": {"depth": 4, "width": 8, "activation": "tanh", "init": "xavier",
                    "residual": false, "norm": "batch", "dropout": 0.0},
            "fit": {"optimizer": "adam", "lr": 0.01, "batch": 32, "l1": 0.0, "l2": 0.0, "seed": seed}
        })
    };
    let setup = |id, seed| {
        let reply = ask(
            &engine,
            &host,
            id,
            request(
                json!({"type": "conceptsSetup", "experiment": "flow", "data": data, "runs": [run(seed)]}),
            ),
        );
        assert!(reply.is_ok(), "{reply:?}");
    };
    let progress = |id, kind: &str| {
        let body = if kind == "conceptsTrain" {
            json!({"type": kind, "experiment": "flow", "budgetMs": 150.0, "details": false})
        } else {
            json!({"type": kind, "experiment": "flow"})
        };
        match ask(&engine, &host, id, request(body)) {
            Ok(Reply::Concepts(R::ConceptsProgress(p))) => p.runs.into_iter().next().unwrap(),
            other => panic!("{other:?}"),
        }
    };
    // What the page shows of a network as it is: its test loss (eval mode), decision region and weights.
    let view = |id| {
        let run = progress(id, "conceptsView");
        assert!(run.losses.is_empty(), "a view trains nothing");
        let details = run.details.expect("details");
        (run.steps, run.test_loss, details.grid, details.weights)
    };
    setup(1, 4);
    let trained = progress(2, "conceptsTrain").steps;
    assert!(trained > 0);
    // Exported straight after training: the last step's running statistics must be in it.
    let Ok(Reply::Concepts(R::ConceptsFile(file))) = ask(
        &engine,
        &host,
        3,
        request(json!({"type": "conceptsExport"})),
    ) else {
        panic!("no file")
    };
    let file = file.file;
    let before = view(4);
    assert_eq!(before.0, trained);
    let tensors = safetensors::SafeTensors::deserialize(&file).unwrap();
    let running_var = tensors.tensor("blocks.0.batch_norm.running_var").unwrap();
    assert!(
        running_var
            .data()
            .chunks(4)
            .any(|b| f32::from_le_bytes(b.try_into().unwrap()) != 1.0),
        "BatchNorm's running variance travels, trained away from 1"
    );
    drop(tensors);

    // A fresh network, then the file: the same outputs and steps.
    setup(5, 9);
    assert_ne!(view(6).1, before.1);
    let import = |id, file: Vec<u8>| ask(&engine, &host, id, ConceptsRequest::Import { file });
    let Ok(Reply::Concepts(R::ConceptsImported(imported))) = import(7, file.clone()) else {
        panic!("not imported")
    };
    let ConceptsImported {
        data: d,
        run: r,
        steps,
        setup: s,
    } = imported;
    assert_eq!(serde_json::to_value(d).unwrap(), data);
    assert_eq!(serde_json::to_value(r).unwrap(), run(4));
    assert_eq!(steps, trained);
    assert_eq!((s.train.len(), s.test.len()), (100, 100));
    assert_eq!(view(8), before);
    // It trains on from the file's step count.
    assert!(progress(9, "conceptsTrain").steps > trained);
    let kept = view(10);

    // Cut short, another model's, tensors that do not fit: refused, and the model stays.
    let cut = import(11, file[..file.len() / 2].to_vec());
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
    let other = import(12, swap("\"concepts.mlp\"", "\"concepts.xyz\""));
    assert!(
        other.is_err_and(|m| m.contains("not a")),
        "another model's file"
    );
    // The settings promise 4 units a layer; its tensors hold 8.
    let misfit = import(13, swap("\\\"width\\\":8", "\\\"width\\\":4"));
    assert!(
        misfit.is_err_and(|m| m.contains("do not fit")),
        "tensors that do not fit"
    );
    assert_eq!(view(14), kept, "the imported model stays");
}
