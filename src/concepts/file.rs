//! The gradient-flow network as a model file (`concepts.mlp`, see
//! [`crate::model_file`]): its weights (with BatchNorm's running mean and
//! variance, or LayerNorm's scale and shift, when it has them), and in the
//! metadata its data set's settings and the network's shape and training
//! settings as the lab's setup takes them, the seed and the steps trained.
//! The points are not stored: the data set's settings and seed draw them
//! again, the same ones, so an imported run trains on and is measured on
//! what it was (with a fresh optimizer: the moments are not kept).

use burn::module::Module;
use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::data::DataConfig;
use super::lab::RunConfig;
use super::train::Trainer;
use crate::model_file::{self, ModelMeta};
use crate::wire::Message;

/// The file kind of the gradient-flow network.
pub const KIND: &str = "concepts.mlp";

/// What the file's `config` holds: the data set and the one network of a
/// `conceptsSetup` of the gradient-flow experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct MlpFileConfig {
    data: DataConfig,
    run: RunConfig,
}

/// `trainer`'s network, trained on the points of `data`, as a file.
pub async fn export(data: &DataConfig, trainer: &Trainer) -> Result<Vec<u8>, Message> {
    let config = MlpFileConfig {
        data: data.clone(),
        run: RunConfig {
            net: trainer.net().clone(),
            fit: trainer.config().clone(),
        },
    };
    let meta = ModelMeta::new(KIND, &config, u64::from(config.run.fit.seed), trainer.steps)?;
    // `valid` first: it folds BatchNorm's last running-statistics update
    // into the value a visitor reads (it lags one step behind in training).
    model_file::write(&trainer.model().valid(), &meta).await
}

/// The data set's settings and a trainer on its points from a model file:
/// the file's settings, weights and steps.
pub fn import(bytes: Vec<u8>, device: &Device) -> Result<(DataConfig, Trainer), Message> {
    let meta = model_file::read_meta(&bytes, &[KIND])?;
    let config: MlpFileConfig = model_file::config(&meta)?;
    config.data.check()?;
    let (train, test) = config.data.make();
    let MlpFileConfig { data, run } = config;
    let mut trainer = Trainer::new(&run.net, run.fit, train, test, device)?;
    let model = model_file::load(trainer.model().clone(), bytes)?;
    trainer.adopt(model, meta.steps);
    Ok((data, trainer))
}
