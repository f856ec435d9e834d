//! Training an autoencoder or a VAE on the 8,000 training digits, and what
//! the page draws from it: test digits beside their reconstructions, the
//! test digits' codes on the plane (the code itself when it has two numbers,
//! its two principal axes otherwise), any point of a two-number code space
//! decoded, and a digit of the learner's encoded.

use std::rc::Rc;

use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::activation::sigmoid;
use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::autoencoder::{AeKind, AeShape, AutoEncoder, kl, reconstruction};
use crate::inspection::pca;
use crate::message;
use crate::model_file::{self, ModelMeta};
use crate::models::cnn::dataset::{Digits, PIXELS, TRAIN};
use crate::readback;
use crate::rng::Rng;
use crate::slice::{self, Slice, read_losses};
use crate::wire::Message;

/// The knobs of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AeSettings {
    /// The network.
    pub shape: AeShape,
    /// Weight of the KL term (VAE only): 0 is an autoencoder with noise, 1 the VAE, above 1 a β-VAE.
    pub beta: f64,
    /// Adam's learning rate.
    pub lr: f64,
    /// Digits per step.
    pub batch: u32,
    /// Seed of the weights, the batch order and the samples.
    pub seed: u32,
}

impl AeSettings {
    /// `Ok` when every knob is in range.
    pub fn check(&self) -> Result<(), Message> {
        self.shape.check()?;
        crate::limits::learning_rate(self.lr)?;
        if !(0.0..=100.0).contains(&self.beta) || self.batch == 0 || self.batch > 1024 {
            return Err(message!(
                "representations.msg.aeTraining",
                "β must be from 0 to 100 and a batch 1 to 1024 digits"
            ));
        }
        Ok(())
    }
}

/// A loss per image this large means the run blew up (a blank guess costs 543).
const DIVERGED_LOSS: f32 = 1e5;

/// How a run does on the 2,000 test digits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AeEvaluation {
    /// Reconstruction loss per digit (binary cross-entropy summed over the pixels), decoding the code's mean.
    pub reconstruction: f32,
    /// KL term per digit (0 for the plain autoencoder).
    pub kl: f32,
    /// Mean squared error per pixel of the reconstructions, pixels in [0, 1].
    pub mse: f32,
}

/// Images as bytes, 784 per image, row by row.
pub type Images = Vec<u8>;

/// A run.
pub struct AeRun {
    model: Option<AutoEncoder>,
    optim: ModuleOptimizer,
    settings: AeSettings,
    digits: Rc<Digits>,
    train: Tensor<2>,
    order: Vec<usize>,
    cursor: usize,
    rng: Rng,
    /// Steps taken.
    pub steps: u64,
    diverged: bool,
    device: Device,
}

/// Digits `range` as `[n, 784]` pixels in [0, 1].
fn pixels(digits: &Digits, range: std::ops::Range<usize>, device: &Device) -> Tensor<2> {
    let n = range.len();
    let values: Vec<f32> = digits.pixels[range.start * PIXELS..range.end * PIXELS]
        .iter()
        .map(|&p| f32::from(p) / 255.0)
        .collect();
    Tensor::from_data(TensorData::new(values, [n, PIXELS]), device)
}

/// Pixel logits as bytes.
async fn to_bytes(logits: Tensor<2>) -> Result<Images, Message> {
    let values = readback::read_f32(
        Transaction::default().register(sigmoid(logits)),
        "the images",
    )
    .await?
    .pop()
    .ok_or("missing images")?;
    Ok(values
        .iter()
        .map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8)
        .collect())
}

/// The model file kinds of the two autoencoders.
const FILE_KINDS: [&str; 2] = ["representations.autoencoder", "representations.vae"];

impl AeRun {
    /// This run's model as a file: its weights, settings, seed and steps
    /// (the optimizer's moments are not kept: an imported run's Adam starts afresh).
    pub async fn export(&self) -> Result<Vec<u8>, Message> {
        let kind = match self.settings.shape.kind {
            AeKind::Plain => FILE_KINDS[0],
            AeKind::Variational => FILE_KINDS[1],
        };
        let meta = ModelMeta::new(
            kind,
            &self.settings,
            u64::from(self.settings.seed),
            self.steps,
        )?;
        model_file::write(self.model()?, &meta).await
    }

    /// A run from a model file on `digits`: the file's settings, weights and steps.
    pub fn import(bytes: Vec<u8>, digits: Rc<Digits>, device: &Device) -> Result<Self, Message> {
        let meta = model_file::read_meta(&bytes, &FILE_KINDS)?;
        let settings: AeSettings = model_file::config(&meta)?;
        let mut run = Self::new(settings, digits, device)?;
        let model = run.model.take().ok_or("the model is missing")?;
        run.model = Some(model_file::load(model, bytes)?);
        run.steps = meta.steps;
        Ok(run)
    }

    /// A fresh run on `digits`.
    pub fn new(settings: AeSettings, digits: Rc<Digits>, device: &Device) -> Result<Self, Message> {
        settings.check()?;
        device.seed(u64::from(settings.seed));
        let mut rng = Rng::new(u64::from(settings.seed));
        let mut order: Vec<usize> = (0..TRAIN).collect();
        rng.shuffle(&mut order);
        let model = AutoEncoder::new(&settings.shape, device);
        // burn draws a layer's weights when it is first used: one pass now
        // draws them all, in one order, whatever the page asks first.
        let _ = model.forward(Tensor::zeros([1, PIXELS], device), None);
        Ok(Self {
            model: Some(model),
            optim: AdamConfig::new().init(),
            train: pixels(&digits, 0..TRAIN, device),
            digits,
            settings,
            order,
            cursor: 0,
            rng,
            steps: 0,
            diverged: false,
            device: device.clone(),
        })
    }

    /// ε for `rows` codes from the run's own generator (a VAE's; none for the plain autoencoder).
    ///
    /// # Shapes
    /// - returns: `[rows, Z]`
    fn noise(&mut self, rows: usize) -> Option<Tensor<2>> {
        if self.settings.shape.kind != AeKind::Variational {
            return None;
        }
        let latent = self.settings.shape.latent as usize;
        let values: Vec<f32> = (0..rows * latent).map(|_| self.rng.normal()).collect();
        Some(Tensor::from_data(
            TensorData::new(values, [rows, latent]),
            &self.device,
        ))
    }

    fn model(&self) -> Result<&AutoEncoder, Message> {
        Ok(self.model.as_ref().ok_or("the model is missing")?)
    }

    /// The settings it trains with.
    pub fn settings(&self) -> &AeSettings {
        &self.settings
    }

    /// Trainable values.
    pub fn params(&self) -> usize {
        self.model
            .as_ref()
            .map_or(0, burn::module::Module::num_params)
    }

    /// Digits per step.
    pub fn batch(&self) -> usize {
        self.settings.batch as usize
    }

    /// Reconstruction loss, KL and pixel error on the test digits, decoding each code's mean.
    pub async fn evaluate(&self) -> Result<AeEvaluation, Message> {
        let model = self.model()?.valid();
        let device = self.device.clone().inner();
        let test = pixels(&self.digits, TRAIN..self.digits.len(), &device);
        let pass = model.forward(test.clone(), None);
        let rec = reconstruction(pass.logits.clone(), test.clone()).mean();
        let kl = match pass.log_var {
            Some(log_var) => kl(pass.mean, log_var).mean(),
            None => Tensor::zeros([1], &device),
        };
        let mse = (sigmoid(pass.logits) - test).powi_scalar(2).mean();
        let values = readback::read_f32(
            Transaction::default()
                .register(rec)
                .register(kl)
                .register(mse),
            "the evaluation",
        )
        .await?;
        let at = |i: usize| {
            values
                .get(i)
                .and_then(|v| v.first())
                .copied()
                .unwrap_or(f32::NAN)
        };
        Ok(AeEvaluation {
            reconstruction: at(0),
            kl: at(1),
            mse: at(2),
        })
    }

    /// The first `count` test digits and their reconstructions (from each code's mean).
    pub async fn reconstructions(&self, count: usize) -> Result<(Images, Images), Message> {
        let start = TRAIN;
        let end = (start + count).min(self.digits.len());
        let model = self.model()?.valid();
        let device = self.device.clone().inner();
        let originals = self.digits.pixels[start * PIXELS..end * PIXELS].to_vec();
        let logits = model
            .forward(pixels(&self.digits, start..end, &device), None)
            .logits;
        Ok((originals, to_bytes(logits).await?))
    }

    /// The codes (means) of the first `count` test digits on the plane,
    /// with their labels and the share of the code's variance the plane
    /// shows (1 for a two-number code).
    pub async fn codes(&self, count: usize) -> Result<(Vec<[f32; 2]>, Vec<u8>, f32), Message> {
        let end = (TRAIN + count).min(self.digits.len());
        let model = self.model()?.valid();
        let device = self.device.clone().inner();
        let (mean, _) = model.encode(pixels(&self.digits, TRAIN..end, &device));
        let values = readback::read_f32(Transaction::default().register(mean), "the codes")
            .await?
            .pop()
            .ok_or("missing codes")?;
        let z = self.settings.shape.latent as usize;
        let n = end - TRAIN;
        let labels = self.digits.labels[TRAIN..end].to_vec();
        let (points, explained) = match z {
            1 => (values.iter().map(|&x| [x, 0.0]).collect(), 1.0),
            2 => (values.chunks(2).map(|p| [p[0], p[1]]).collect(), 1.0),
            _ => {
                let projection = pca::project(&values, n, z);
                (projection.points, projection.explained)
            }
        };
        Ok((points, labels, explained))
    }

    /// Decode points of a two-number code space.
    pub async fn decode(&self, points: &[[f32; 2]]) -> Result<Images, Message> {
        if self.settings.shape.latent != 2 {
            return Err(message!(
                "representations.msg.decodeTwo",
                "only a code of two numbers can be decoded from a point of the plane"
            ));
        }
        let model = self.model()?.valid();
        let device = self.device.clone().inner();
        let flat: Vec<f32> = points.iter().flat_map(|p| [p[0], p[1]]).collect();
        let z = Tensor::from_data(TensorData::new(flat, [points.len(), 2]), &device);
        to_bytes(model.decode(z)).await
    }

    /// The code (mean) of one drawn digit, 784 bytes, on the plane of a two-number code.
    pub async fn encode(&self, image: &[u8]) -> Result<[f32; 2], Message> {
        if self.settings.shape.latent != 2 || image.len() != PIXELS {
            return Err(message!(
                "representations.msg.decodeTwo",
                "only a code of two numbers can be decoded from a point of the plane"
            ));
        }
        let model = self.model()?.valid();
        let device = self.device.clone().inner();
        let values: Vec<f32> = image.iter().map(|&p| f32::from(p) / 255.0).collect();
        let (mean, _) = model.encode(Tensor::from_data(
            TensorData::new(values, [1, PIXELS]),
            &device,
        ));
        let code = readback::read_f32(Transaction::default().register(mean), "the code")
            .await?
            .pop()
            .ok_or("missing code")?;
        Ok([code[0], code[1]])
    }

    fn next_batch(&mut self) -> Tensor<2> {
        let b = self.batch();
        if self.cursor + b > self.order.len() {
            self.rng.shuffle(&mut self.order);
            self.cursor = 0;
        }
        let index: Vec<i64> = self.order[self.cursor..self.cursor + b]
            .iter()
            .map(|&i| i as i64)
            .collect();
        self.cursor += b;
        let index = Tensor::<1, Int>::from_data(TensorData::new(index, [b]), &self.device);
        self.train.clone().select(0, index)
    }
}

impl slice::Trainer for AeRun {
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        let mut losses = Vec::with_capacity(steps);
        for _ in 0..steps {
            let batch = self.next_batch();
            let model = self.model.take().ok_or("the model is missing")?;
            let noise = self.noise(batch.dims()[0]);
            let pass = model.forward(batch.clone(), noise);
            let mut loss = reconstruction(pass.logits, batch).mean();
            if let (AeKind::Variational, Some(log_var)) = (self.settings.shape.kind, pass.log_var) {
                loss = loss + kl(pass.mean, log_var).mean().mul_scalar(self.settings.beta);
            }
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            self.model = Some(self.optim.step(self.settings.lr, model, grads));
            losses.push(loss.detach());
            self.steps += 1;
        }
        read_losses(losses, DIVERGED_LOSS).await
    }

    fn diverged(&self) -> bool {
        self.diverged
    }

    fn mark_diverged(&mut self) {
        self.diverged = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::block_on;
    use crate::slice::Trainer as _;

    /// 8,000 + 2,000 made-up digits are enough to exercise the run: each a
    /// bar at a place set by its label (real digits are in the browser tests).
    fn bars() -> Rc<Digits> {
        let n = TRAIN + 2000;
        let mut pixels = vec![0u8; n * PIXELS];
        let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
        for (i, &label) in labels.iter().enumerate() {
            for row in 0..28 {
                for col in 0..3 {
                    pixels[i * PIXELS + row * 28 + 2 + 2 * usize::from(label) + col] = 255;
                }
            }
        }
        Rc::new(Digits { pixels, labels })
    }

    fn settings(kind: AeKind, seed: u32) -> AeSettings {
        AeSettings {
            shape: AeShape {
                kind,
                latent: 2,
                hidden: 64,
            },
            beta: 1.0,
            lr: 3e-3,
            batch: 64,
            seed,
        }
    }

    #[test]
    fn both_autoencoders_learn_to_reconstruct_and_seeds_repeat() {
        let device = Device::flex().autodiff();
        for kind in [AeKind::Plain, AeKind::Variational] {
            let mut run = AeRun::new(settings(kind, 4), bars(), &device).unwrap();
            let before = block_on(run.evaluate()).unwrap();
            let losses = block_on(run.run(300)).unwrap().losses;
            let after = block_on(run.evaluate()).unwrap();
            assert!(
                after.mse < 0.3 * before.mse,
                "{kind:?}: pixel error {} → {}",
                before.mse,
                after.mse
            );
            assert_eq!(
                after.kl == 0.0,
                kind == AeKind::Plain,
                "{kind:?}: KL {}",
                after.kl
            );
            let mut again = AeRun::new(settings(kind, 4), bars(), &device).unwrap();
            assert_eq!(
                block_on(again.run(300)).unwrap().losses,
                losses,
                "{kind:?}: same seed, same run"
            );
            let (points, labels, explained) = block_on(run.codes(50)).unwrap();
            assert_eq!((points.len(), labels.len(), explained), (50, 50, 1.0));
            let images = block_on(run.decode(&[[0.0, 0.0], [1.0, -1.0]])).unwrap();
            assert_eq!(images.len(), 2 * PIXELS);
        }
    }
}
