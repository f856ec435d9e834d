//! Training a gradient-flow network on its 2-D points and reading what the
//! lessons need: the loss, every layer's gradient norm, every layer's
//! activations, the decision region and the weights.
//!
//! L2 is the optimizer's weight decay; L1 is a proximal step after each
//! update (soft-thresholding every weight by `lr · λ`), which is what makes
//! weights exactly zero instead of jittering around it.

use burn::module::Module;
use burn::nn::loss::BinaryCrossEntropyLossConfig;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::data::Points;
use super::mlp::{Act, Mlp, MlpConfig};
use crate::message;
use crate::optimizer::{self, OptimizerKind};
use crate::readback;
use crate::rng::Rng;
use crate::slice::{self, Slice};
use crate::wire::Message;

/// How to train.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FitConfig {
    /// Optimizer.
    pub optimizer: OptimizerKind,
    /// Learning rate.
    pub lr: f64,
    /// Points per step.
    pub batch: u32,
    /// L1 strength (proximal).
    pub l1: f64,
    /// L2 strength (weight decay).
    pub l2: f64,
    /// Seed of the weights, the batch order and dropout.
    pub seed: u32,
}

/// Side of the decision-region grid.
pub const GRID: usize = 48;
/// Half-width of the square the grid covers.
pub const EXTENT: f32 = 1.25;
/// Bins of each histogram.
pub const BINS: usize = 24;

/// A histogram over `[lo, hi]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Histogram {
    /// Lower edge.
    pub lo: f32,
    /// Upper edge.
    pub hi: f32,
    /// Count per bin.
    pub counts: Vec<u32>,
}

impl Histogram {
    /// `values` in `bins` bins over `[lo, hi]` (or their own range).
    pub fn of(values: &[f32], range: Option<(f32, f32)>) -> Self {
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) = range.unwrap_or_else(|| {
            finite.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            })
        });
        let (lo, hi) = if lo.is_finite() && hi > lo {
            (lo, hi)
        } else {
            (lo.min(0.0) - 1.0, hi.max(0.0) + 1.0)
        };
        let mut counts = vec![0u32; BINS];
        for &v in values.iter().filter(|v| v.is_finite()) {
            let k = (((v - lo) / (hi - lo)) * BINS as f32)
                .floor()
                .clamp(0.0, (BINS - 1) as f32);
            counts[k as usize] += 1;
        }
        Self { lo, hi, counts }
    }
}

/// The weights at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WeightStats {
    /// All weights (not biases).
    pub histogram: Histogram,
    /// Weights exactly zero.
    pub zeros: u32,
    /// Weights in all.
    pub total: u32,
}

/// What a slice of training shows beyond the losses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Details {
    /// P(class 1) on a `GRID x GRID` grid over `[-EXTENT, EXTENT]²`, row 0 at the top.
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub grid: Vec<f32>,
    /// Each hidden layer's outputs over the training points.
    pub activations: Vec<Histogram>,
    /// The weights.
    pub weights: WeightStats,
}

/// One run's share of an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FitProgress {
    /// Loss of each step taken.
    pub losses: Vec<f32>,
    /// Steps since setup.
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// Test loss now.
    pub test_loss: f32,
    /// ‖∂L/∂W‖ of each layer at the last step, input side first.
    pub grad_norms: Vec<f32>,
    /// The loss became NaN or infinite; this run has stopped.
    pub diverged: bool,
    /// When asked for.
    pub details: Option<Details>,
}

/// A network being trained.
pub struct Trainer {
    model: Option<Mlp>,
    optim: ModuleOptimizer,
    /// The network's shape, kept so a model file can say what it is.
    net: MlpConfig,
    config: FitConfig,
    act: Act,
    train: Points,
    test: Points,
    order: Vec<usize>,
    cursor: usize,
    rng: Rng,
    device: Device,
    grad_norms: Vec<f32>,
    /// Steps taken.
    pub steps: u64,
    /// Stopped on a NaN or infinite loss.
    pub diverged: bool,
}

fn points_tensor(points: &Points, index: &[usize], device: &Device) -> (Tensor<2>, Tensor<1, Int>) {
    let xy: Vec<f32> = index
        .iter()
        .flat_map(|&i| [points.xy[2 * i], points.xy[2 * i + 1]])
        .collect();
    let labels: Vec<i64> = index.iter().map(|&i| i64::from(points.labels[i])).collect();
    (
        Tensor::from_data(TensorData::new(xy, [index.len(), 2]), device),
        Tensor::from_data(TensorData::new(labels, [index.len()]), device),
    )
}

impl Trainer {
    /// A fresh network on `device` (an autodiff device).
    pub fn new(
        net: &MlpConfig,
        config: FitConfig,
        train: Points,
        test: Points,
        device: &Device,
    ) -> Result<Self, Message> {
        crate::limits::learning_rate(config.lr)?;
        if config.batch == 0 || config.batch > 2000 {
            return Err(message!(
                "concepts.msg.batch",
                "a batch has 1 to 2000 points; {asked} asked",
                asked = config.batch
            ));
        }
        if !(0.0..=1.0).contains(&config.l1) || !(0.0..=1.0).contains(&config.l2) {
            return Err(message!("engine.l1l2", "L1 and L2 must be between 0 and 1"));
        }
        device.seed(u64::from(config.seed));
        let model = Mlp::new(net, device)?;
        let mut rng = Rng::new(u64::from(config.seed));
        let mut order: Vec<usize> = (0..train.len()).collect();
        rng.shuffle(&mut order);
        Ok(Self {
            model: Some(model),
            optim: optimizer::build(config.optimizer, config.l2, None),
            net: net.clone(),
            act: net.activation,
            config,
            train,
            test,
            order,
            cursor: 0,
            rng,
            device: device.clone(),
            grad_norms: Vec::new(),
            steps: 0,
            diverged: false,
        })
    }

    /// The network.
    pub fn model(&self) -> &Mlp {
        self.model.as_ref().expect("model present between steps")
    }

    /// Trainable values.
    pub fn params(&self) -> usize {
        self.model().num_params()
    }

    /// The shape it was built with.
    pub fn net(&self) -> &MlpConfig {
        &self.net
    }

    /// How it trains.
    pub fn config(&self) -> &FitConfig {
        &self.config
    }

    /// Train `model` (of this trainer's shape, on its device) from here on,
    /// counted as `steps` steps trained, with a fresh optimizer.
    pub fn adopt(&mut self, model: Mlp, steps: u64) {
        self.model = Some(model);
        self.optim = optimizer::build(self.config.optimizer, self.config.l2, None);
        self.grad_norms.clear();
        self.steps = steps;
        self.diverged = false;
    }

    fn next_batch(&mut self) -> Vec<usize> {
        let b = (self.config.batch as usize).min(self.order.len());
        if self.cursor + b > self.order.len() {
            self.rng.shuffle(&mut self.order);
            self.cursor = 0;
        }
        self.cursor += b;
        self.order[self.cursor - b..self.cursor].to_vec()
    }

    /// Gradient norms of the last step.
    pub fn grad_norms(&self) -> &[f32] {
        &self.grad_norms
    }

    /// Mean loss on the test points (the network in evaluation mode).
    pub async fn test_loss(&self) -> Result<f32, Message> {
        let model = self.model().valid();
        let device = self.device.clone().inner();
        let index: Vec<usize> = (0..self.test.len()).collect();
        let (x, y) = points_tensor(&self.test, &index, &device);
        let (logits, _) = model.forward(x);
        let loss = BinaryCrossEntropyLossConfig::new()
            .with_logits(true)
            .init(&device)
            .forward(logits, y);
        Ok(readback::read_scalar(loss, "the test loss").await?)
    }

    /// The decision region, the activations of every layer and the weights.
    pub async fn details(&self) -> Result<Details, Message> {
        let model = self.model().valid();
        let device = self.device.clone().inner();
        let mut grid = Vec::with_capacity(GRID * GRID * 2);
        for row in 0..GRID {
            for col in 0..GRID {
                let at = |k: usize| -EXTENT + 2.0 * EXTENT * (k as f32 + 0.5) / GRID as f32;
                grid.extend([at(col), -at(row)]);
            }
        }
        let grid = Tensor::<2>::from_data(TensorData::new(grid, [GRID * GRID, 2]), &device);
        let (grid_logits, _) = model.forward(grid);
        let index: Vec<usize> = (0..self.train.len()).collect();
        let (x, _) = points_tensor(&self.train, &index, &device);
        let (_, layers) = model.forward(x);
        let mut tx =
            Transaction::default().register(burn::tensor::activation::sigmoid(grid_logits));
        let depth = layers.len();
        for layer in layers {
            let [b, w] = layer.dims();
            tx = tx.register(layer.reshape([b * w]));
        }
        let weights = model.weights();
        for w in &weights {
            let [a, b] = w.dims();
            tx = tx.register(w.clone().reshape([a * b]));
        }
        let mut values = readback::read_f32(tx, "the network's insides")
            .await?
            .into_iter();
        let grid = values.next().ok_or("missing grid")?;
        let range = match self.act {
            Act::Sigmoid => Some((0.0, 1.0)),
            Act::Tanh => Some((-1.0, 1.0)),
            _ => None,
        };
        let activations = (0..depth)
            .map(|_| {
                values
                    .next()
                    .map(|v| Histogram::of(&v, range))
                    .ok_or_else(|| Message::from("missing layer"))
            })
            .collect::<Result<Vec<_>, Message>>()?;
        let all: Vec<f32> = values.flatten().collect();
        let zeros = all.iter().filter(|&&w| w == 0.0).count() as u32;
        Ok(Details {
            grid,
            activations,
            weights: WeightStats {
                histogram: Histogram::of(&all, None),
                zeros,
                total: all.len() as u32,
            },
        })
    }
}

impl slice::Trainer for Trainer {
    /// Train `steps` steps; read the losses and the last step's gradient
    /// norms back once.
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        let loss_fn = BinaryCrossEntropyLossConfig::new()
            .with_logits(true)
            .init(&self.device);
        let mut losses = Vec::with_capacity(steps);
        let mut norms = Vec::new();
        for _ in 0..steps {
            let index = self.next_batch();
            let (x, y) = points_tensor(&self.train, &index, &self.device);
            let model = self.model.take().ok_or("the model is missing")?;
            let (logits, _) = model.forward(x);
            let loss = loss_fn.forward(logits, y);
            let grads = loss.backward();
            norms = model
                .weights()
                .iter()
                .map(|w| {
                    w.grad(&grads)
                        .map(|g| g.powf_scalar(2.0).sum().sqrt())
                        .unwrap_or_else(|| Tensor::zeros([1], &self.device.clone().inner()))
                })
                .collect();
            let grads = GradientsParams::from_grads(grads, &model);
            let mut model = self.optim.step(self.config.lr, model, grads);
            if self.config.l1 > 0.0 {
                model = soft_threshold(model, (self.config.lr * self.config.l1) as f32);
            }
            self.model = Some(model);
            losses.push(loss.detach());
            self.steps += 1;
        }
        if losses.is_empty() {
            return Ok(Slice::default());
        }
        // The norms are plain tensors (gradients): read the losses as plain
        // tensors too, since one read-back holds one kind.
        let mut tx = Transaction::default().register(Tensor::cat(losses, 0).inner());
        let count = norms.len();
        if count > 0 {
            tx = tx.register(Tensor::cat(norms, 0));
        }
        let mut out = readback::read_f32(tx, "the losses").await?.into_iter();
        let values = out.next().ok_or("missing losses")?;
        if count > 0 {
            self.grad_norms = out.next().ok_or("missing gradient norms")?;
        }
        let diverged = values.iter().any(|l| !l.is_finite());
        Ok(Slice {
            losses: values,
            diverged,
        })
    }

    fn diverged(&self) -> bool {
        self.diverged
    }

    fn mark_diverged(&mut self) {
        self.diverged = true;
    }
}

/// The L1 proximal step: every weight moves `by` toward zero and stops at
/// zero, `w ← sign(w) · max(|w| − by, 0)`.
fn soft_threshold(mut model: Mlp, by: f32) -> Mlp {
    let shrink = |w: Tensor<2>| {
        let w = w.detach();
        let kept = w.clone().abs().sub_scalar(by).clamp_min(0.0);
        (w.sign() * kept).detach().require_grad()
    };
    model.input.weight = model.input.weight.map(shrink);
    model.blocks = std::mem::take(&mut model.blocks)
        .into_iter()
        .map(|mut block| {
            block.linear.weight = block.linear.weight.map(shrink);
            block
        })
        .collect();
    model.output.weight = model.output.weight.map(shrink);
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concepts::data::{DataConfig, Dataset};
    use crate::concepts::mlp::{InitKind, Norm};
    use crate::host::testing::block_on;
    use crate::slice::Trainer as _;

    fn device() -> Device {
        Device::flex().autodiff()
    }

    fn data() -> (Points, Points) {
        DataConfig {
            dataset: Dataset::Spiral,
            noise: 0.1,
            samples: 200,
            seed: 1,
        }
        .make()
    }

    fn net(residual: bool, norm: Norm) -> MlpConfig {
        MlpConfig {
            depth: 12,
            width: 16,
            activation: Act::Sigmoid,
            init: InitKind::Xavier,
            residual,
            norm,
            dropout: 0.0,
        }
    }

    fn fit(l1: f64, l2: f64) -> FitConfig {
        FitConfig {
            optimizer: OptimizerKind::Sgd,
            lr: 0.1,
            batch: 32,
            l1,
            l2,
            seed: 5,
        }
    }

    /// ‖∂L/∂W‖ of hidden layer 2 (the first block a residual can skip;
    /// layer 1 only maps the two coordinates in) over the last hidden
    /// layer's.
    fn first_over_last(residual: bool, norm: Norm) -> f32 {
        let (train, test) = data();
        let mut f =
            Trainer::new(&net(residual, norm), fit(0.0, 0.0), train, test, &device()).unwrap();
        block_on(f.run(1)).unwrap();
        let g = f.grad_norms();
        assert_eq!(g.len(), 13, "12 hidden layers and the output");
        eprintln!("residual {residual} {norm:?}: {g:?}");
        g[1] / g[11]
    }

    #[test]
    fn a_deep_sigmoid_nets_gradients_vanish_toward_the_input_unless_residual_or_normalised() {
        let plain = first_over_last(false, Norm::None);
        let residual = first_over_last(true, Norm::None);
        let batch_norm = first_over_last(false, Norm::Batch);
        assert!(plain < 1e-3, "plain sigmoid: {plain:e}");
        assert!(residual > 0.1, "residual: {residual:e}");
        assert!(batch_norm > 0.1, "BatchNorm: {batch_norm:e}");
    }

    #[test]
    fn l1_makes_weights_exactly_zero_and_l2_does_not() {
        let shallow = MlpConfig {
            depth: 2,
            width: 16,
            activation: Act::Tanh,
            init: InitKind::Xavier,
            residual: false,
            norm: Norm::None,
            dropout: 0.0,
        };
        let zeros = |l1, l2| {
            let (train, test) = data();
            let mut f = Trainer::new(&shallow, fit(l1, l2), train, test, &device()).unwrap();
            block_on(f.run(200)).unwrap();
            let d = block_on(f.details()).unwrap();
            (d.weights.zeros, d.weights.total)
        };
        let (l1_zeros, total) = zeros(0.02, 0.0);
        let (l2_zeros, _) = zeros(0.0, 0.02);
        assert!(l1_zeros > total / 4, "L1: {l1_zeros} of {total}");
        assert_eq!(l2_zeros, 0, "L2 shrinks but never reaches zero");
    }

    #[test]
    fn refuses_limits_and_catches_a_nan() {
        let (train, test) = data();
        let deep = MlpConfig {
            depth: 51,
            ..net(false, Norm::None)
        };
        assert!(
            Trainer::new(&deep, fit(0.0, 0.0), train.clone(), test.clone(), &device())
                .err()
                .unwrap()
                .contains("2 to 50")
        );
        let large = MlpConfig {
            activation: Act::Relu,
            init: InitKind::Large,
            depth: 30,
            ..net(false, Norm::None)
        };
        let mut f = Trainer::new(
            &large,
            FitConfig {
                lr: 10.0,
                ..fit(0.0, 0.0)
            },
            train,
            test,
            &device(),
        )
        .unwrap();
        // The blow-up comes back as a diverged slice (a NaN, infinite or huge
        // loss), not as some other error; the trainer then refuses to go on.
        let mut blew = None;
        for step in 0..20 {
            let slice = block_on(f.run(1)).expect("a blow-up is a diverged slice, not an error");
            if slice.diverged {
                blew = Some((step, slice.losses));
                break;
            }
        }
        let (step, losses) = blew.expect("lr 10 on a large init diverges within 20 steps");
        eprintln!("diverged at step {step}: losses {losses:?}");
        assert!(f.diverged);
        let refused = block_on(f.run(1)).expect_err("a diverged trainer refuses to train");
        assert!(refused.contains("diverged"), "{refused}");
    }
}
