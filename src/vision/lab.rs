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

use std::rc::Rc;

use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::compress::Compression;
use super::file;
use crate::call::Call;
use crate::host::Host;
use crate::lab::{Lab, Shared};
use crate::message;
use crate::model_file::ModelFile;
use crate::models::cnn::arch::{LayerInfo, NetConfig};
use crate::models::cnn::dataset::{Digits, DigitsCache, PIXELS, SIDE, TRAIN, normalise};
use crate::models::cnn::train::{Evaluation, TrainConfig, Trainer};
use crate::readback::read_f32;
use crate::slice::{self, Slice, Trainer as _, time_boxed};
use crate::slot::Slot;
use crate::wire::Message;
use crate::wire::{Outcome, RequestId};

/// What the page asks the Vision lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum VisionRequest {
    /// Build a fresh network and optimizer (fetching the digits on first
    /// use).
    #[serde(rename = "visionSetup")]
    Setup { net: NetConfig, train: TrainConfig },
    /// Train for at most `steps` steps or about `budget_ms` milliseconds;
    /// with `evaluate`, also measure the test split afterwards.
    #[serde(rename = "visionTrain")]
    Train {
        steps: u32,
        budget_ms: f64,
        evaluate: bool,
    },
    /// Classify one 28x28 image (784 bytes, 0 = background) and return the
    /// feature maps of every conv block.
    #[serde(rename = "visionInspect")]
    Inspect { pixels: Vec<u8> },
    /// Quantize the trained network to int8 and fold its BatchNorm, and
    /// measure both on the test split.
    #[serde(rename = "visionCompress")]
    Compress,
    /// The network as a model file.
    #[serde(rename = "visionExport")]
    Export,
    /// A model file as the network (its settings, weights and steps);
    /// refused, keeping the current one, unless it is a Vision network's
    /// that fits its settings.
    #[serde(rename = "visionImport")]
    Import {
        #[serde(with = "crate::wire::bytes")]
        #[cfg_attr(test, ts(type = "Uint8Array"))]
        file: Vec<u8>,
    },
}

/// What the Vision lab answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value")]
pub enum VisionReply {
    /// Answer to `visionSetup`.
    #[serde(rename = "visionSetup")]
    Setup(VisionSetup),
    /// Answer to `visionTrain`.
    #[serde(rename = "visionProgress")]
    Progress(VisionProgress),
    /// Answer to `visionInspect`.
    #[serde(rename = "visionInspection")]
    Inspection(VisionInspection),
    /// Answer to `visionCompress`.
    #[serde(rename = "visionCompression")]
    Compression(Compression),
    /// Answer to `visionExport`.
    #[serde(rename = "visionFile")]
    File(ModelFile),
    /// Answer to `visionImport`.
    #[serde(rename = "visionImported")]
    Imported(VisionImported),
}

/// Answer to `visionImport`: what the file set up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VisionImported {
    /// The network it describes.
    pub net: NetConfig,
    /// How it was trained.
    pub train: TrainConfig,
    /// Steps it was trained.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// The network layer by layer, and the digits, as a setup answers.
    pub setup: VisionSetup,
}

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
    #[serde(with = "crate::wire::f32_bytes")]
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
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub values: Vec<f32>,
}

/// The lab's state.
pub struct VisionLab {
    digits: Rc<DigitsCache>,
    trainer: Slot<Trainer>,
}

impl Lab for VisionLab {
    type Request = VisionRequest;
    type Reply = VisionReply;
    const REPLIES: &'static [(&'static str, &'static str)] = &[
        ("visionSetup", "visionSetup"),
        ("visionTrain", "visionProgress"),
        ("visionInspect", "visionInspection"),
        ("visionCompress", "visionCompression"),
        ("visionExport", "visionFile"),
        ("visionImport", "visionImported"),
    ];

    fn new(shared: &Shared) -> Self {
        Self {
            digits: shared.digits.clone(),
            trainer: Slot::default(),
        }
    }

    async fn handle(
        &self,
        call: &Call<'_, impl Host>,
        request: VisionRequest,
    ) -> Outcome<VisionReply> {
        let host = call.host;
        Ok(Ok(match request {
            VisionRequest::Setup { net, train } => {
                let device = call.device()?;
                VisionReply::Setup(self.setup(call.id, &net, train, &device, host).await?)
            }
            VisionRequest::Train {
                steps,
                budget_ms,
                evaluate,
            } => {
                let (steps, budget_ms) = slice::limits(steps, budget_ms);
                VisionReply::Progress(self.train(steps, budget_ms, evaluate, host).await?)
            }
            VisionRequest::Inspect { pixels } => {
                VisionReply::Inspection(self.inspect(&pixels, host).await?)
            }
            VisionRequest::Compress => VisionReply::Compression(self.compress(host).await?),
            VisionRequest::Export => {
                let file = self
                    .trainer
                    .with(host, async |trainer| file::export(trainer).await)
                    .await?;
                VisionReply::File(ModelFile { file })
            }
            VisionRequest::Import { file } => {
                let device = call.device()?;
                VisionReply::Imported(self.import(call.id, file, &device, host).await?)
            }
        }))
    }
}

impl VisionLab {
    async fn digits(&self, id: RequestId, host: &impl Host) -> Result<Rc<Digits>, Message> {
        self.digits.get(id, host).await
    }

    /// Build a fresh network and optimizer (dropping any previous one).
    async fn setup(
        &self,
        id: RequestId,
        net: &NetConfig,
        train: TrainConfig,
        device: &Device,
        host: &impl Host,
    ) -> Result<VisionSetup, Message> {
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

    /// The network of a model file in place of the current one, which is
    /// kept if the file is refused.
    async fn import(
        &self,
        id: RequestId,
        bytes: Vec<u8>,
        device: &Device,
        host: &impl Host,
    ) -> Result<VisionImported, Message> {
        let ticket = self.trainer.ticket();
        let digits = self.digits(id, host).await?;
        let trainer = file::import(bytes, digits.clone(), device)?;
        let imported = VisionImported {
            net: trainer.net().clone(),
            train: trainer.config().clone(),
            steps: trainer.steps,
            setup: VisionSetup {
                layers: trainer.net().layers()?,
                train: TRAIN as u32,
                test: (digits.len() - TRAIN) as u32,
            },
        };
        self.trainer.install(ticket, trainer)?;
        Ok(imported)
    }

    /// Train for at most `steps` steps or about `budget_ms`, whichever
    /// comes first (see [`time_boxed`]).
    async fn train(
        &self,
        steps: usize,
        budget_ms: f64,
        evaluate: bool,
        host: &impl Host,
    ) -> Result<VisionProgress, Message> {
        self.trainer
            .with(host, async |trainer| {
                Self::train_with(trainer, steps, budget_ms, evaluate, host).await
            })
            .await
    }

    async fn train_with(
        trainer: &mut Trainer,
        steps: usize,
        budget_ms: f64,
        evaluate: bool,
        host: &impl Host,
    ) -> Result<VisionProgress, Message> {
        let start = host.now_ms();
        let slice =
            time_boxed(steps, Some(budget_ms), host, async |n| trainer.run(n).await).await?;
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
    async fn compress(&self, host: &impl Host) -> Result<Compression, Message> {
        let digits = self.digits.loaded();
        self.trainer
            .with(host, async |trainer| {
                let digits = digits.ok_or("the digits are not loaded")?;
                let clock = || host.now_ms();
                super::compress::compress(trainer.model(), &digits, &trainer.device(), &clock).await
            })
            .await
    }

    /// Run one image (784 bytes, 0 = background) through the network.
    async fn inspect(&self, pixels: &[u8], host: &impl Host) -> Result<VisionInspection, Message> {
        if pixels.len() != PIXELS {
            return Err(message!(
                "vision.msg.pixels",
                "an image has {want} pixels, not {have}",
                want = PIXELS,
                have = pixels.len()
            ));
        }
        self.trainer
            .with(host, async |trainer| {
                Self::inspect_with(trainer, pixels, host).await
            })
            .await
    }

    async fn inspect_with(
        trainer: &Trainer,
        pixels: &[u8],
        host: &impl Host,
    ) -> Result<VisionInspection, Message> {
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
            .collect::<Result<Vec<_>, Message>>()?;
        Ok(VisionInspection {
            probabilities,
            maps: feature_maps,
            filters,
            kernel: k as u32,
            ms: host.now_ms() - start,
        })
    }
}
