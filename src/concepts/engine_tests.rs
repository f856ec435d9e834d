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
