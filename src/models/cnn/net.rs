//! The learner's network in burn, built from a checked [`NetConfig`].

use burn::module::Module;
use burn::nn::activation::{Activation, ActivationConfig};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{AvgPool2d, AvgPool2dConfig, MaxPool2d, MaxPool2dConfig};
use burn::nn::{
    BatchNorm, BatchNormConfig, Dropout, DropoutConfig, Initializer, Linear, LinearConfig,
    PaddingConfig2d,
};
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

use super::arch::{ActivationKind, CLASSES, NetConfig, Pool};
use crate::wire::Message;

/// How weights start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Init {
    /// Glorot: variance 2 / (fan_in + fan_out), for tanh and sigmoid.
    Xavier,
    /// Kaiming: variance 2 / fan_in, for ReLU.
    He,
}

impl Init {
    fn initializer(self) -> Initializer {
        match self {
            Init::Xavier => Initializer::XavierUniform { gain: 1.0 },
            Init::He => Initializer::KaimingNormal {
                gain: std::f64::consts::SQRT_2,
                fan_out_only: false,
            },
        }
    }
}

/// One conv block.
#[derive(Module, Debug)]
pub struct Block {
    /// The convolution.
    pub conv: Conv2d,
    /// BatchNorm, when on.
    pub norm: Option<BatchNorm>,
    /// Max pooling, when chosen.
    pub max_pool: Option<MaxPool2d>,
    /// Average pooling, when chosen.
    pub avg_pool: Option<AvgPool2d>,
}

impl Block {
    /// conv, [BatchNorm], `activation`, [pool].
    ///
    /// # Shapes
    /// - x: [batch, channels in, h, w]
    /// - returns: [batch, channels out, h', w']
    pub fn forward(&self, x: Tensor<4>, activation: &Activation) -> Tensor<4> {
        let mut x = self.conv.forward(x);
        if let Some(norm) = &self.norm {
            x = norm.forward(x);
        }
        x = activation.forward(x);
        if let Some(pool) = &self.max_pool {
            x = pool.forward(x);
        }
        if let Some(pool) = &self.avg_pool {
            x = pool.forward(x);
        }
        x
    }
}

/// The network.
#[derive(Module, Debug)]
pub struct Cnn {
    /// Conv blocks, in order.
    pub blocks: Vec<Block>,
    /// The activation after each conv and the hidden dense layer.
    pub activation: Activation,
    /// Dropout before the dense layers.
    pub dropout: Dropout,
    /// Optional hidden dense layer.
    pub hidden: Option<Linear>,
    /// The classifier.
    pub output: Linear,
}

fn activation(kind: ActivationKind) -> ActivationConfig {
    match kind {
        ActivationKind::Relu => ActivationConfig::Relu,
        ActivationKind::Sigmoid => ActivationConfig::Sigmoid,
        ActivationKind::Tanh => ActivationConfig::Tanh,
        ActivationKind::Gelu => ActivationConfig::Gelu,
    }
}

impl Cnn {
    /// Build `config` on `device` with `init` weights (seed the device first
    /// for a reproducible start).
    pub fn new(config: &NetConfig, init: Init, device: &Device) -> Result<Self, Message> {
        let features = config.features()?;
        let mut channels = 1usize;
        let blocks = config
            .blocks
            .iter()
            .map(|b| {
                let conv =
                    Conv2dConfig::new([channels, b.channels as usize], [b.kernel as usize; 2])
                        .with_stride([b.stride as usize; 2])
                        .with_padding(PaddingConfig2d::Explicit(
                            b.padding as usize,
                            b.padding as usize,
                            b.padding as usize,
                            b.padding as usize,
                        ))
                        .with_initializer(init.initializer())
                        .init(device);
                channels = b.channels as usize;
                let pool = MaxPool2dConfig::new([2, 2]).with_strides([2, 2]);
                Block {
                    conv,
                    norm: config
                        .batch_norm
                        .then(|| BatchNormConfig::new(channels).init(device)),
                    max_pool: (b.pool == Pool::Max).then(|| pool.init()),
                    avg_pool: (b.pool == Pool::Avg)
                        .then(|| AvgPool2dConfig::new([2, 2]).with_strides([2, 2]).init()),
                }
            })
            .collect();
        let linear = |d_in: usize, d_out: usize| {
            LinearConfig::new(d_in, d_out)
                .with_initializer(init.initializer())
                .init(device)
        };
        let hidden = (config.hidden > 0).then(|| linear(features, config.hidden as usize));
        let last_in = if config.hidden > 0 {
            config.hidden as usize
        } else {
            features
        };
        Ok(Self {
            blocks,
            activation: activation(config.activation).init(device),
            dropout: DropoutConfig::new(f64::from(config.dropout)).init(),
            hidden,
            output: linear(last_in, CLASSES),
        })
    }

    /// Logits, and each conv block's output (after activation and pooling).
    ///
    /// # Shapes
    /// - images: [batch, 1, 28, 28]
    /// - returns: logits [batch, 10]; maps [batch, channels, h, w] per block
    pub fn forward_with_maps(&self, images: Tensor<4>) -> (Tensor<2>, Vec<Tensor<4>>) {
        let mut x = images;
        let mut maps = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            x = block.forward(x, &self.activation);
            maps.push(x.clone());
        }
        let mut h: Tensor<2> = self.dropout.forward(x.flatten(1, 3));
        if let Some(hidden) = &self.hidden {
            h = self
                .dropout
                .forward(self.activation.forward(hidden.forward(h)));
        }
        (self.output.forward(h), maps)
    }

    /// Logits.
    ///
    /// # Shapes
    /// - images: [batch, 1, 28, 28]
    /// - returns: [batch, 10]
    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        self.forward_with_maps(images).0
    }
}
