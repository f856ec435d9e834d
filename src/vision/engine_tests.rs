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
