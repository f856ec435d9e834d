//! Vision lab training properties that need a process of their own: burn's
//! CPU backend seeds one global generator, so runs that must repeat exactly
//! cannot share it with other tests running in parallel threads.

mod common;

use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use burn::tensor::Device;
use kindling::models::cnn::arch::NetConfig;
use kindling::models::cnn::dataset::Digits;
use kindling::models::cnn::train::{TrainConfig, Trainer};
use kindling::optimizer::OptimizerKind;
use kindling::slice::Trainer as _;

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn digits() -> Rc<Digits> {
    let path = common::root().join("www/public/data/vision/mnist-10k.bin");
    Rc::new(Digits::parse(&std::fs::read(path).expect("run `cargo xtask assets`")).unwrap())
}

#[test]
fn same_seed_repeats_the_losses_and_a_huge_rate_is_caught() {
    let d = digits();
    let device = Device::flex().autodiff();
    let losses = |seed| {
        let config = TrainConfig {
            seed,
            batch: 16,
            ..TrainConfig::default()
        };
        let mut t = Trainer::new(&NetConfig::default(), config, d.clone(), &device).unwrap();
        block_on(t.run(5)).unwrap().losses
    };
    let first = losses(7);
    assert_eq!(first, losses(7), "same seed, same losses");
    assert_ne!(first, losses(8), "another seed, other losses");

    let config = TrainConfig {
        optimizer: OptimizerKind::Sgd,
        lr: 10.0,
        batch: 16,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&NetConfig::default(), config, d, &device).unwrap();
    let diverged = (0..30).any(|_| block_on(t.run(2)).unwrap().diverged);
    assert!(diverged, "SGD at learning rate 10 blows up");
    let refused = block_on(t.run(1)).unwrap_err();
    assert!(refused.contains("diverged"), "{refused}");
}
