//! The gradient-flow network: a fully connected net on 2-D points, as deep
//! (2 to 50 hidden layers) and as badly initialised as the learner likes,
//! with optional residual connections, BatchNorm or LayerNorm and dropout.
//!
//! Hidden layer 1 maps the two coordinates to `width` units; layers 2..L
//! are `width → width` blocks, `h ← act(norm(W h + b))`, or with residuals
//! `h ← h + act(norm(W h + b))`; the output layer gives one logit.

use burn::module::Module;
use burn::nn::{
    BatchNorm, BatchNormConfig, Dropout, DropoutConfig, Initializer, LayerNorm, LayerNormConfig,
    Linear, LinearConfig,
};
use burn::tensor::activation::{gelu, leaky_relu, relu, sigmoid};
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

use crate::message;
use crate::wire::Message;

/// Nonlinearity between layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Act {
    /// 1 / (1 + e^-x): slope at most 0.25, saturates at 0 and 1.
    Sigmoid,
    /// Slope at most 1, saturates at ±1.
    Tanh,
    /// max(0, x).
    Relu,
    /// max(0.01 x, x).
    LeakyRelu,
    /// x Φ(x).
    Gelu,
}

/// How weights start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum InitKind {
    /// N(0, 0.01²): signals shrink layer by layer.
    Small,
    /// Glorot: variance 2 / (fan_in + fan_out), for tanh and sigmoid.
    Xavier,
    /// Kaiming: variance 2 / fan_in, for ReLU.
    He,
    /// N(0, 1): signals grow layer by layer.
    Large,
}

/// Normalisation after each hidden linear map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Norm {
    /// None.
    None,
    /// Each unit over the batch.
    Batch,
    /// Each example over its units.
    Layer,
}

/// The network's shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MlpConfig {
    /// Hidden layers, 2 to 50.
    pub depth: u32,
    /// Units per hidden layer, 2 to 64.
    pub width: u32,
    /// Nonlinearity.
    pub activation: Act,
    /// Initialisation.
    pub init: InitKind,
    /// Skip connections around every hidden block.
    pub residual: bool,
    /// Normalisation.
    pub norm: Norm,
    /// Dropout after every hidden layer.
    pub dropout: f64,
}

/// Hidden layers on offer.
pub const DEPTH: (u32, u32) = (2, 50);
/// Units per layer on offer.
pub const WIDTH: (u32, u32) = (2, 64);

impl MlpConfig {
    /// Refuse what the lab does not offer, naming the limit.
    pub fn check(&self) -> Result<(), Message> {
        if !(DEPTH.0..=DEPTH.1).contains(&self.depth) {
            return Err(message!(
                "concepts.msg.depth",
                "depth must be {min} to {max} hidden layers; {asked} asked",
                min = DEPTH.0,
                max = DEPTH.1,
                asked = self.depth
            ));
        }
        if !(WIDTH.0..=WIDTH.1).contains(&self.width) {
            return Err(message!(
                "concepts.msg.width",
                "width must be {min} to {max} units; {asked} asked",
                min = WIDTH.0,
                max = WIDTH.1,
                asked = self.width
            ));
        }
        crate::limits::dropout(self.dropout)?;
        Ok(())
    }
}

/// One `width → width` hidden layer.
#[derive(Module, Debug)]
pub struct Block {
    /// The linear map.
    pub linear: Linear,
    /// BatchNorm, when chosen.
    pub batch_norm: Option<BatchNorm>,
    /// LayerNorm, when chosen.
    pub layer_norm: Option<LayerNorm>,
}

/// The network.
#[derive(Module, Debug)]
pub struct Mlp {
    /// Hidden layer 1: the two coordinates to `width` units.
    pub input: Linear,
    /// Hidden layers 2..L.
    pub blocks: Vec<Block>,
    /// Dropout after every hidden layer.
    pub dropout: Dropout,
    /// One logit.
    pub output: Linear,
    /// Nonlinearity.
    #[module(skip)]
    pub act: Act,
    /// Skip connections.
    #[module(skip)]
    pub residual: bool,
}

fn initializer(init: InitKind) -> Initializer {
    match init {
        InitKind::Small => Initializer::Normal {
            mean: 0.0,
            std: 0.01,
        },
        InitKind::Xavier => Initializer::XavierNormal { gain: 1.0 },
        InitKind::He => Initializer::KaimingNormal {
            gain: std::f64::consts::SQRT_2,
            fan_out_only: false,
        },
        InitKind::Large => Initializer::Normal {
            mean: 0.0,
            std: 1.0,
        },
    }
}

impl Mlp {
    /// A fresh network (seed the device first for reproducible weights).
    pub fn new(config: &MlpConfig, device: &Device) -> Result<Self, Message> {
        config.check()?;
        let width = config.width as usize;
        let linear = |from, to| {
            LinearConfig::new(from, to)
                .with_initializer(initializer(config.init))
                .init(device)
        };
        let blocks = (1..config.depth)
            .map(|_| Block {
                linear: linear(width, width),
                batch_norm: (config.norm == Norm::Batch)
                    .then(|| BatchNormConfig::new(width).init(device)),
                layer_norm: (config.norm == Norm::Layer)
                    .then(|| LayerNormConfig::new(width).init(device)),
            })
            .collect();
        Ok(Self {
            input: linear(2, width),
            blocks,
            dropout: DropoutConfig::new(config.dropout).init(),
            output: linear(width, 1),
            act: config.activation,
            residual: config.residual,
        })
    }

    fn activate(&self, x: Tensor<2>) -> Tensor<2> {
        match self.act {
            Act::Sigmoid => sigmoid(x),
            Act::Tanh => x.tanh(),
            Act::Relu => relu(x),
            Act::LeakyRelu => leaky_relu(x, 0.01),
            Act::Gelu => gelu(x),
        }
    }

    /// Every weight matrix, input side first (the output layer last).
    pub fn weights(&self) -> Vec<Tensor<2>> {
        std::iter::once(self.input.weight.val())
            .chain(self.blocks.iter().map(|b| b.linear.weight.val()))
            .chain(std::iter::once(self.output.weight.val()))
            .collect()
    }

    /// Logits and, per hidden layer, its output.
    ///
    /// # Shapes
    /// - `x`: `[batch, 2]`
    /// - returns `[batch]` and `depth` tensors `[batch, width]`
    pub fn forward(&self, x: Tensor<2>) -> (Tensor<1>, Vec<Tensor<2>>) {
        let mut h = self.dropout.forward(self.activate(self.input.forward(x)));
        let mut layers = vec![h.clone()];
        for block in &self.blocks {
            let mut z = block.linear.forward(h.clone());
            if let Some(norm) = &block.batch_norm {
                z = norm.forward(z);
            }
            if let Some(norm) = &block.layer_norm {
                z = norm.forward(z);
            }
            let a = self.dropout.forward(self.activate(z));
            h = if self.residual { h + a } else { a };
            layers.push(h.clone());
        }
        let [batch, _] = h.dims();
        (self.output.forward(h).reshape([batch]), layers)
    }
}
