//! The Vision lab's network as a model file (`vision.cnn`, see
//! [`crate::model_file`]): its weights and BatchNorm's running mean and
//! variance, and in the metadata the network and training settings the
//! lab's setup takes, the seed and the steps trained. An imported file
//! becomes a trainer built from its own settings, so training goes on from
//! its step count (with a fresh optimizer: the moments are not kept).

use std::rc::Rc;

use burn::module::Module;
use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use crate::model_file::{self, ModelMeta};
use crate::models::cnn::arch::NetConfig;
use crate::models::cnn::dataset::Digits;
use crate::models::cnn::train::{TrainConfig, Trainer};
use crate::wire::Message;

/// The file kind of the Vision lab's network.
pub const KIND: &str = "vision.cnn";

/// What the file's `config` holds: the two halves of `visionSetup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct CnnFileConfig {
    net: NetConfig,
    train: TrainConfig,
}

/// `trainer`'s network as a file.
pub async fn export(trainer: &Trainer) -> Result<Vec<u8>, Message> {
    let config = CnnFileConfig {
        net: trainer.net().clone(),
        train: trainer.config().clone(),
    };
    let meta = ModelMeta::new(KIND, &config, u64::from(config.train.seed), trainer.steps)?;
    // `valid` first: it folds BatchNorm's last running-statistics update
    // into the value a visitor reads (it lags one step behind in training).
    model_file::write(&trainer.model().valid(), &meta).await
}

/// A trainer on `digits` from a model file: the file's settings, weights,
/// running statistics and steps.
pub fn import(bytes: Vec<u8>, digits: Rc<Digits>, device: &Device) -> Result<Trainer, Message> {
    let meta = model_file::read_meta(&bytes, &[KIND])?;
    let config: CnnFileConfig = model_file::config(&meta)?;
    let mut trainer = Trainer::new(&config.net, config.train, digits, device)?;
    let model = model_file::load(trainer.model().clone(), bytes)?;
    trainer.adopt(model);
    trainer.steps = meta.steps;
    Ok(trainer)
}
