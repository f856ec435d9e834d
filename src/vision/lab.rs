//! The Vision lab's state in the engine: the digits (fetched once), the
//! trainer of the current experiment, and the requests that read it.
//!
//! Training runs while the page keeps asking: each `visionTrain` request
//! trains for a bounded time and answers with the new losses, so pausing is
//! the page not asking again, and the worker is never busy for long. The
//! trainer lives in a [`Slot`]: requests that need it wait their turn (a
//! drawing classified while a training slice reads back its losses on the
//! GPU), and a trainer replaced by a new setup meanwhile is dropped instead
//! of put back.

use std::cell::RefCell;
use std::rc::Rc;

use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::arch::{LayerInfo, NetConfig};
use super::dataset::{DIGITS_ASSET, Digits, PIXELS, SIDE, TRAIN, normalise};
use super::train::{Evaluation, TrainConfig, Trainer};
use crate::host::Host;
use crate::protocol::RequestId;
use crate::readback::read_f32;
use crate::slice::{Slice, time_boxed};
use crate::slot::Slot;

/// Answer to `visionSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VisionSetup {
    /// The network, layer by layer.
    pub layers: Vec<LayerInfo>,
    /// Training digits.
    pub train: u32,
    /// Test digits.
    pub test: u32,
}

/// Answer to `visionTrain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VisionProgress {
    /// Loss of each step taken by this request.
    pub losses: Vec<f32>,
    /// Steps taken since setup.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// Training images per second during this request.
    pub images_per_second: f64,
    /// The loss blew up; training has stopped.
    pub diverged: bool,
    /// Test-split results, when asked for.
    pub evaluation: Option<Evaluation>,
}

/// Answer to `visionInspect`: what the network does with one image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VisionInspection {
    /// Class probabilities.
    pub probabilities: Vec<f32>,
    /// Each conv block's output, f32 `[channels, h, w]`.
    pub maps: Vec<FeatureMaps>,
    /// The first conv layer's filters, f32 `[channels, k, k]`.
    #[serde(with = "crate::protocol::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub filters: Vec<f32>,
    /// Side of a first-layer filter.
    pub kernel: u32,
    /// Milliseconds for the forward pass and read-back.
    pub ms: f64,
}

/// One block's feature maps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FeatureMaps {
    /// `[channels, h, w]`.
    pub shape: Vec<u32>,
    /// f32 values.
    #[serde(with = "crate::protocol::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub values: Vec<f32>,
}

/// The lab's state.
#[derive(Default)]
pub struct VisionLab {
    digits: RefCell<Option<Rc<Digits>>>,
    trainer: Slot<Trainer>,
}

impl VisionLab {
    async fn digits(&self, id: RequestId, host: &impl Host) -> Result<Rc<Digits>, String> {
        if let Some(d) = self.digits.borrow().clone() {
            return Ok(d);
        }
        let bytes = host.fetch(id, DIGITS_ASSET).await?;
        let digits = Rc::new(Digits::parse(&bytes)?);
        *self.digits.borrow_mut() = Some(digits.clone());
        Ok(digits)
    }

    /// Build a fresh network and optimizer (dropping any previous one).
    pub async fn setup(
        &self,
        id: RequestId,
        net: &NetConfig,
        train: TrainConfig,
        device: &Device,
        host: &impl Host,
    ) -> Result<VisionSetup, String> {
        let layers = net.layers()?;
        let ticket = self.trainer.ticket();
        let digits = self.digits(id, host).await?;
        let trainer = Trainer::new(net, train, digits.clone(), device)?;
        self.trainer.install(ticket, trainer)?;
        Ok(VisionSetup {
            layers,
            train: TRAIN as u32,
            test: (digits.len() - TRAIN) as u32,
        })
    }

    /// Train for at most `steps` steps or about `budget_ms`, whichever
    /// comes first (see [`time_boxed`]).
    pub async fn train(
        &self,
        steps: u32,
        budget_ms: f64,
        evaluate: bool,
        host: &impl Host,
    ) -> Result<VisionProgress, String> {
        let (mut trainer, generation) = self.trainer.take(host).await?;
        let result = Self::train_with(&mut trainer, steps, budget_ms, evaluate, host).await;
        self.trainer.give_back(trainer, generation);
        result
    }

    async fn train_with(
        trainer: &mut Trainer,
        steps: u32,
        budget_ms: f64,
        evaluate: bool,
        host: &impl Host,
    ) -> Result<VisionProgress, String> {
        let start = host.now_ms();
        let slice = time_boxed(steps as usize, Some(budget_ms), host, async |n| {
            trainer.run(n).await
        })
        .await?;
        let images = slice.losses.len() * trainer.batch();
        let Slice { losses, diverged } = slice;
        let seconds = ((host.now_ms() - start) / 1000.0).max(1e-6);
        let evaluation = if evaluate && !diverged {
            Some(trainer.evaluate().await?)
        } else {
            None
        };
        Ok(VisionProgress {
            losses,
            steps: trainer.steps,
            images_per_second: images as f64 / seconds,
            diverged,
            evaluation,
        })
    }

    /// The trained network in int8 and with BatchNorm folded, measured on
    /// the test split.
    pub async fn compress(&self, host: &impl Host) -> Result<super::compress::Compression, String> {
        let (trainer, generation) = self.trainer.take(host).await?;
        let digits = self.digits.borrow().clone();
        let result = match digits {
            Some(digits) => {
                let clock = || host.now_ms();
                super::compress::compress(trainer.model(), &digits, &trainer.device(), &clock).await
            }
            None => Err("the digits are not loaded".into()),
        };
        self.trainer.give_back(trainer, generation);
        result
    }

    /// Run one image (784 bytes, 0 = background) through the network.
    pub async fn inspect(
        &self,
        pixels: &[u8],
        host: &impl Host,
    ) -> Result<VisionInspection, String> {
        if pixels.len() != PIXELS {
            return Err(format!(
                "an image has {PIXELS} pixels, not {}",
                pixels.len()
            ));
        }
        let (trainer, generation) = self.trainer.take(host).await?;
        let result = Self::inspect_with(&trainer, pixels, host).await;
        self.trainer.give_back(trainer, generation);
        result
    }

    async fn inspect_with(
        trainer: &Trainer,
        pixels: &[u8],
        host: &impl Host,
    ) -> Result<VisionInspection, String> {
        let start = host.now_ms();
        let model = trainer.model().valid();
        let device = trainer.device().inner();
        let values: Vec<f32> = pixels.iter().map(|&p| normalise(p)).collect();
        let image = Tensor::<4>::from_data(TensorData::new(values, [1, 1, SIDE, SIDE]), &device);
        let (logits, maps) = model.forward_with_maps(image);
        let probabilities = burn::tensor::activation::softmax(logits, 1);
        let filters = model.blocks[0].conv.weight.val();
        let [out_c, in_c, k, _] = filters.dims();
        let mut tx = Transaction::default()
            .register(probabilities)
            .register(filters.reshape([out_c * in_c * k * k]));
        let shapes: Vec<Vec<u32>> = maps
            .iter()
            .map(|m| m.dims()[1..].iter().map(|&d| d as u32).collect())
            .collect();
        for map in maps {
            tx = tx.register(map);
        }
        let mut outputs = read_f32(tx, "the feature maps").await?.into_iter();
        let mut next = || outputs.next().ok_or("missing output".to_owned());
        let probabilities = next()?;
        let filters = next()?;
        let feature_maps = shapes
            .into_iter()
            .map(|shape| {
                Ok(FeatureMaps {
                    shape,
                    values: next()?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(VisionInspection {
            probabilities,
            maps: feature_maps,
            filters,
            kernel: k as u32,
            ms: host.now_ms() - start,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{ask, cpu_engine};
    use crate::protocol::{Reply, Request};
    use crate::vision::arch::NetConfig;
    use crate::vision::train::TrainConfig;

    #[test]
    fn setup_train_evaluate_and_inspect_through_the_engine() {
        let (engine, host) = cpu_engine();
        let train = |id| Request::VisionTrain {
            id,
            steps: 3,
            budget_ms: 10_000.0,
            evaluate: true,
        };
        let refused = ask(&engine, &host, train(2)).unwrap_err();
        assert!(refused.contains("set up"), "{refused}");

        let setup = Request::VisionSetup {
            id: 3,
            net: NetConfig::default(),
            train: TrainConfig::default(),
        };
        let Ok(Reply::VisionSetup(s)) = ask(&engine, &host, setup) else {
            panic!("no setup")
        };
        assert_eq!((s.train, s.test, s.layers.len()), (8000, 2000, 5));

        let Ok(Reply::VisionProgress(p)) = ask(&engine, &host, train(4)) else {
            panic!("no progress")
        };
        assert_eq!((p.losses.len(), p.steps), (3, 3));
        assert!(p.images_per_second > 0.0);
        let e = p.evaluation.expect("evaluation asked for");
        assert_eq!(e.confusion.iter().sum::<u32>(), 2000);
        assert!((0.0..=1.0).contains(&e.accuracy));

        let Ok(Reply::VisionInspection(i)) = ask(
            &engine,
            &host,
            Request::VisionInspect {
                id: 5,
                pixels: vec![0; 784],
            },
        ) else {
            panic!("no inspection")
        };
        assert!((i.probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert_eq!(i.maps.len(), 2);
        assert_eq!(i.maps[1].shape, [16, 7, 7]);
        assert_eq!(i.maps[1].values.len(), 16 * 49);
        assert_eq!(i.filters.len(), 8 * 25);
        let bad = ask(
            &engine,
            &host,
            Request::VisionInspect {
                id: 6,
                pixels: vec![0; 3],
            },
        );
        assert!(bad.is_err());
    }
}
