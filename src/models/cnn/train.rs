//! Training the learner's network: mini-batches from a seeded order,
//! softmax cross-entropy (+ an optional L1 penalty), the chosen optimizer
//! (L2 as its weight decay), and evaluation on the test split.
//!
//! The training digits live on the device as one tensor; a batch is an
//! index `select`, so a step uploads only the batch's indices (augmented
//! batches are built on the CPU instead). Per-step losses stay on the
//! device and are read back once per call to [`Trainer::run`]: a readback
//! per step would stall the GPU pipeline and cost a round trip each.

use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::arch::NetConfig;
use super::dataset::{Digits, PIXELS, SIDE, TRAIN, normalise};
use super::net::{Cnn, Init};
use super::tap::{LayerTap, NoTap};
use crate::message;
use crate::optimizer::{self, OptimizerKind};
use crate::readback;
use crate::rng::Rng;
use crate::slice::{self, Slice, read_losses};
use crate::wire::Message;

/// Everything about training except the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TrainConfig {
    /// Optimizer.
    pub optimizer: OptimizerKind,
    /// Learning rate.
    pub lr: f64,
    /// Images per step.
    pub batch: u32,
    /// L2 weight decay.
    pub l2: f64,
    /// L1 penalty on the weights.
    pub l1: f64,
    /// Weight initialisation.
    pub init: Init,
    /// Random shifts and small rotations of training digits.
    pub augment: bool,
    /// Seed of the weights, the batch order, dropout and augmentation.
    pub seed: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            optimizer: OptimizerKind::Adam,
            lr: 1e-3,
            batch: 64,
            l2: 0.0,
            l1: 0.0,
            init: Init::He,
            augment: false,
            seed: 1,
        }
    }
}

impl TrainConfig {
    fn check(&self) -> Result<(), Message> {
        crate::limits::learning_rate(self.lr)?;
        if self.batch == 0 || self.batch as usize > TRAIN {
            return Err(message!(
                "vision.msg.batch",
                "a batch has 1 to {max} digits (the training split); {asked} asked",
                max = TRAIN,
                asked = self.batch
            ));
        }
        if !(0.0..=1.0).contains(&self.l2) || !(0.0..=1.0).contains(&self.l1) {
            return Err(message!("engine.l1l2", "L1 and L2 must be between 0 and 1"));
        }
        Ok(())
    }

    fn optimizer(&self) -> ModuleOptimizer {
        optimizer::build(self.optimizer, self.l2, None)
    }
}

/// A digit shifted by up to 2 pixels and rotated by up to 10 degrees
/// (bilinear), as normalised floats.
pub fn augment(pixels: &[u8], rng: &mut Rng) -> Vec<f32> {
    let angle = (rng.unit() - 0.5) * 20f32.to_radians();
    let (dx, dy) = ((rng.unit() - 0.5) * 4.0, (rng.unit() - 0.5) * 4.0);
    let (sin, cos) = angle.sin_cos();
    let c = (SIDE as f32 - 1.0) / 2.0;
    let at = |x: i32, y: i32| -> f32 {
        if x < 0 || y < 0 || x >= SIDE as i32 || y >= SIDE as i32 {
            0.0
        } else {
            f32::from(pixels[y as usize * SIDE + x as usize])
        }
    };
    let mut out = Vec::with_capacity(PIXELS);
    for y in 0..SIDE {
        for x in 0..SIDE {
            // Where this output pixel comes from in the input.
            let (u, v) = (x as f32 - c - dx, y as f32 - c - dy);
            let sx = cos * u + sin * v + c;
            let sy = -sin * u + cos * v + c;
            let (x0, y0) = (sx.floor() as i32, sy.floor() as i32);
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let value = at(x0, y0) * (1.0 - fx) * (1.0 - fy)
                + at(x0 + 1, y0) * fx * (1.0 - fy)
                + at(x0, y0 + 1) * (1.0 - fx) * fy
                + at(x0 + 1, y0 + 1) * fx * fy;
            out.push(normalise(value.round().clamp(0.0, 255.0) as u8));
        }
    }
    out
}

/// A loss above this counts as blown up: cross-entropy over 10 classes
/// starts near ln 10 = 2.3, and logits large enough to cost 10,000 have left
/// any useful range (a too-large rate reaches 1e19 within three steps before
/// the ReLUs die and the loss falls back, which would hide the blow-up).
pub const DIVERGED_LOSS: f32 = 1e4;

/// Test-split results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// Mean cross-entropy.
    pub loss: f32,
    /// Share classified correctly.
    pub accuracy: f32,
    /// `[true][predicted]` counts, 10 x 10 row-major.
    pub confusion: Vec<u32>,
    /// Indices (into the test split) of misclassified digits, at most 48.
    pub mistakes: Vec<u32>,
    /// Predicted class of each of `mistakes`.
    pub mistaken_for: Vec<u8>,
}

/// A network being trained.
pub struct Trainer {
    /// The network (taken out and put back by each optimizer step).
    model: Option<Cnn>,
    optim: ModuleOptimizer,
    /// The network's description, kept so a model file can say what it is.
    net: NetConfig,
    config: TrainConfig,
    digits: std::rc::Rc<Digits>,
    train_x: Tensor<4>,
    train_y: Tensor<1, Int>,
    order: Vec<usize>,
    cursor: usize,
    rng: Rng,
    /// Steps taken.
    pub steps: u64,
    /// Training stopped on a NaN or infinite loss.
    pub diverged: bool,
    device: Device,
}

impl Trainer {
    /// A fresh network and optimizer on `device` (an autodiff device).
    pub fn new(
        net: &NetConfig,
        config: TrainConfig,
        digits: std::rc::Rc<Digits>,
        device: &Device,
    ) -> Result<Self, Message> {
        config.check()?;
        net.layers()?;
        device.seed(u64::from(config.seed));
        let model = Cnn::new(net, config.init, device)?;
        let (train_x, train_y) = digits.tensors(0..TRAIN, device);
        let mut rng = Rng::new(u64::from(config.seed));
        let mut order: Vec<usize> = (0..TRAIN).collect();
        rng.shuffle(&mut order);
        Ok(Self {
            model: Some(model),
            optim: config.optimizer(),
            net: net.clone(),
            config,
            digits,
            train_x,
            train_y,
            order,
            cursor: 0,
            rng,
            steps: 0,
            diverged: false,
            device: device.clone(),
        })
    }

    /// The network it was built from.
    pub fn net(&self) -> &NetConfig {
        &self.net
    }

    /// How it trains.
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// Images per step.
    pub fn batch(&self) -> usize {
        self.config.batch as usize
    }

    /// The training device.
    pub fn device(&self) -> Device {
        self.device.clone()
    }

    /// The network.
    pub fn model(&self) -> &Cnn {
        self.model.as_ref().expect("model present between steps")
    }

    fn next_batch(&mut self) -> (Tensor<4>, Tensor<1, Int>) {
        let b = self.config.batch as usize;
        if self.cursor + b > self.order.len() {
            self.rng.shuffle(&mut self.order);
            self.cursor = 0;
        }
        let picked = &self.order[self.cursor..self.cursor + b];
        self.cursor += b;
        let labels: Vec<i64> = picked
            .iter()
            .map(|&i| i64::from(self.digits.labels[i]))
            .collect();
        let labels = Tensor::from_data(TensorData::new(labels, [b]), &self.device);
        if self.config.augment {
            let picked = picked.to_vec();
            let mut pixels = Vec::with_capacity(b * PIXELS);
            for i in picked {
                pixels.extend(augment(
                    &self.digits.pixels[i * PIXELS..(i + 1) * PIXELS],
                    &mut self.rng,
                ));
            }
            let images =
                Tensor::from_data(TensorData::new(pixels, [b, 1, SIDE, SIDE]), &self.device);
            return (images, labels);
        }
        let index: Vec<i64> = picked.iter().map(|&i| i as i64).collect();
        let index = Tensor::<1, Int>::from_data(TensorData::new(index, [b]), &self.device);
        let _ = &self.train_y;
        (self.train_x.clone().select(0, index), labels)
    }

    /// Loss, accuracy and confusion matrix on the 2,000 test digits.
    pub async fn evaluate(&self) -> Result<Evaluation, Message> {
        evaluate(&self.model().valid(), &self.digits).await
    }

    /// Train `model` (on this trainer's device; its weights, not fresh
    /// ones) from here on, with a fresh optimizer.
    pub fn adopt(&mut self, model: Cnn) {
        self.model = Some(model);
        self.optim = self.config.optimizer();
        self.steps = 0;
        self.diverged = false;
    }
}

/// `model`'s loss, accuracy and confusion matrix on the 2,000 test digits
/// of `digits`, on the model's device.
pub async fn evaluate(model: &Cnn, digits: &Digits) -> Result<Evaluation, Message> {
    evaluate_tapped(model, digits, &mut NoTap).await
}

/// [`evaluate`] with every layer's input passed through `tap` (the
/// Precision lab rounds them to int8 there).
pub async fn evaluate_tapped(
    model: &Cnn,
    digits: &Digits,
    tap: &mut impl LayerTap,
) -> Result<Evaluation, Message> {
    let device = model.output.weight.device();
    let n = digits.len() - TRAIN;
    let (images, labels) = digits.tensors(TRAIN..digits.len(), &device);
    let logits = model.forward_tapped(images, tap);
    let loss = CrossEntropyLossConfig::new()
        .init(&device)
        .forward(logits.clone(), labels);
    let predicted = logits.argmax(1).reshape([n]);
    let tx = Transaction::default().register(loss).register(predicted);
    let [loss, predicted]: [TensorData; 2] = readback::read(tx, "the evaluation")
        .await?
        .try_into()
        .map_err(|_| "missing evaluation output".to_owned())?;
    let loss = readback::f32s(loss, "the test loss")?[0];
    let predicted = readback::i64s(predicted, "the predictions")?;
    let mut confusion = vec![0u32; 100];
    let (mut mistakes, mut mistaken_for) = (Vec::new(), Vec::new());
    for (i, &p) in predicted.iter().enumerate() {
        let truth = digits.labels[TRAIN + i] as usize;
        let p = p.clamp(0, 9) as usize;
        confusion[truth * 10 + p] += 1;
        if p != truth && mistakes.len() < 48 {
            mistakes.push(i as u32);
            mistaken_for.push(p as u8);
        }
    }
    let correct: u32 = (0..10).map(|k| confusion[k * 11]).sum();
    Ok(Evaluation {
        loss,
        accuracy: correct as f32 / n as f32,
        confusion,
        mistakes,
        mistaken_for,
    })
}

impl slice::Trainer for Trainer {
    /// Train for `steps` steps and read their losses back once.
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        let loss_fn = CrossEntropyLossConfig::new().init(&self.device);
        let mut losses = Vec::with_capacity(steps);
        for _ in 0..steps {
            let (images, labels) = self.next_batch();
            let model = self.model.take().ok_or("the model is missing")?;
            let logits = model.forward(images);
            let mut loss = loss_fn.forward(logits, labels);
            if self.config.l1 > 0.0 {
                loss = loss + l1_norm(&model).mul_scalar(self.config.l1);
            }
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            self.model = Some(self.optim.step(self.config.lr, model, grads));
            losses.push(loss.detach());
            self.steps += 1;
        }
        let slice = read_losses(losses, DIVERGED_LOSS).await?;
        Ok(slice)
    }

    fn diverged(&self) -> bool {
        self.diverged
    }

    fn mark_diverged(&mut self) {
        self.diverged = true;
    }
}

/// Sum of |w| over every conv and dense weight.
fn l1_norm(model: &Cnn) -> Tensor<1> {
    let mut total = model.output.weight.val().abs().sum();
    for block in &model.blocks {
        total = total + block.conv.weight.val().abs().sum();
    }
    if let Some(hidden) = &model.hidden {
        total = total + hidden.weight.val().abs().sum();
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::block_on;
    use crate::models::cnn::dataset::tests::digits;
    use crate::slice::Trainer as _;
    use std::rc::Rc;

    fn device() -> Device {
        Device::flex().autodiff()
    }

    #[test]
    fn default_net_overfits_one_small_batch() {
        let mut d = digits();
        // Keep 16 training digits, repeated, so every batch is the same set.
        let few: Vec<usize> = (0..16).collect();
        let mut pixels = Vec::new();
        let mut labels = Vec::new();
        for k in 0..d.len() {
            let i = if k < TRAIN { few[k % 16] } else { k };
            pixels.extend_from_slice(&d.pixels[i * PIXELS..(i + 1) * PIXELS]);
            labels.push(d.labels[i]);
        }
        d.pixels = pixels;
        d.labels = labels;
        let config = TrainConfig {
            batch: 16,
            lr: 3e-3,
            ..TrainConfig::default()
        };
        let mut t = Trainer::new(&NetConfig::default(), config, Rc::new(d), &device()).unwrap();
        let first = block_on(t.run(1)).unwrap().losses[0];
        let slice = block_on(t.run(40)).unwrap();
        let last = *slice.losses.last().unwrap();
        assert!(first > 1.5, "starts near ln 10: {first}");
        assert!(last < 0.05, "memorises 16 digits: {last}");
    }

    #[test]
    fn refuses_a_batch_larger_than_the_training_split() {
        let config = TrainConfig {
            batch: 9000,
            ..TrainConfig::default()
        };
        let err = Trainer::new(&NetConfig::default(), config, Rc::new(digits()), &device())
            .err()
            .unwrap();
        assert!(err.contains("8000"), "{err}");
    }

    #[test]
    fn augmentation_keeps_the_ink() {
        let d = digits();
        let mut rng = Rng::new(3);
        let original: f32 = d.pixels[..PIXELS].iter().map(|&p| f32::from(p)).sum();
        let moved: f32 = augment(&d.pixels[..PIXELS], &mut rng)
            .iter()
            .map(|&v| {
                (v * crate::models::cnn::dataset::STD + crate::models::cnn::dataset::MEAN) * 255.0
            })
            .sum();
        assert!(
            (moved / original - 1.0).abs() < 0.1,
            "{moved} vs {original}"
        );
    }
}
