//! The network a learner builds, as data: checked, and described layer by
//! layer (output shape, parameters, multiply-adds, receptive field) before
//! any tensor exists, so an impossible network is refused with a reason
//! instead of failing inside a convolution.

use serde::{Deserialize, Serialize};

use super::dataset::SIDE;
use crate::message;
use crate::wire::Message;

/// Most conv blocks.
pub const MAX_BLOCKS: usize = 3;
/// Most channels of a conv layer.
pub const MAX_CHANNELS: u32 = 64;
/// Largest kernel side.
pub const MAX_KERNEL: u32 = 7;
/// Most units of the optional hidden dense layer.
pub const MAX_HIDDEN: u32 = 512;
/// Classes (digits).
pub const CLASSES: usize = 10;

/// Pooling after a conv layer (2x2, stride 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Pool {
    /// Largest value of each 2x2 window.
    Max,
    /// Mean of each 2x2 window.
    Avg,
    /// No pooling.
    None,
}

/// The non-linearity after every conv (and the hidden dense) layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ActivationKind {
    /// max(0, x).
    Relu,
    /// 1 / (1 + e^-x).
    Sigmoid,
    /// tanh(x).
    Tanh,
    /// x * Phi(x).
    Gelu,
}

/// One conv block: conv, [BatchNorm], activation, [pool].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConvBlock {
    /// Output channels.
    pub channels: u32,
    /// Kernel side.
    pub kernel: u32,
    /// Stride.
    pub stride: u32,
    /// Zero padding on each side.
    pub padding: u32,
    /// Pooling after the activation.
    pub pool: Pool,
}

/// The whole network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NetConfig {
    /// 1 to 3 conv blocks.
    pub blocks: Vec<ConvBlock>,
    /// Activation everywhere.
    pub activation: ActivationKind,
    /// BatchNorm after each conv.
    pub batch_norm: bool,
    /// Dropout before the dense layers (0 = off).
    pub dropout: f32,
    /// Units of a hidden dense layer (0 = none).
    pub hidden: u32,
}

impl Default for NetConfig {
    /// The lab's default net: conv 5x5x8 + pool, conv 5x5x16 + pool, dense 10.
    fn default() -> Self {
        let block = |channels| ConvBlock {
            channels,
            kernel: 5,
            stride: 1,
            padding: 2,
            pool: Pool::Max,
        };
        Self {
            blocks: vec![block(8), block(16)],
            activation: ActivationKind::Relu,
            batch_norm: false,
            dropout: 0.0,
            hidden: 0,
        }
    }
}

/// One row of the layer table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LayerInfo {
    /// What the layer is, e.g. `conv 5x5, 8`.
    pub name: String,
    /// Output shape: `[channels, height, width]`, or `[units]`.
    pub shape: Vec<u32>,
    /// Trainable parameters.
    #[cfg_attr(test, ts(type = "number"))]
    pub params: u64,
    /// Multiply-adds per image, forward.
    #[cfg_attr(test, ts(type = "number"))]
    pub macs: u64,
    /// Receptive field side, in input pixels (0 for dense layers: all).
    pub receptive_field: u32,
}

impl NetConfig {
    /// Check the network and describe it layer by layer; `Err` says why it
    /// cannot be built.
    pub fn layers(&self) -> Result<Vec<LayerInfo>, Message> {
        if self.blocks.is_empty() || self.blocks.len() > MAX_BLOCKS {
            return Err(message!(
                "vision.msg.blocks",
                "use 1 to {max} conv blocks",
                max = MAX_BLOCKS
            ));
        }
        if !(0.0..0.95).contains(&self.dropout) || self.dropout.is_nan() {
            return Err(message!(
                "engine.dropout",
                "dropout must be at least 0 and below 0.95"
            ));
        }
        if self.hidden > MAX_HIDDEN {
            return Err(message!(
                "vision.msg.hidden",
                "the hidden layer has at most {max} units",
                max = MAX_HIDDEN
            ));
        }
        let mut out = Vec::new();
        let (mut c, mut side) = (1u64, SIDE as u64);
        // Receptive field r and the input-pixel distance j between neighbours.
        let (mut r, mut j) = (1u64, 1u64);
        for (i, b) in self.blocks.iter().enumerate() {
            let n = i + 1;
            if b.channels == 0 || b.channels > MAX_CHANNELS {
                return Err(message!(
                    "vision.msg.channels",
                    "block {block}: channels must be 1 to {max}",
                    block = n,
                    max = MAX_CHANNELS
                ));
            }
            if b.kernel == 0
                || b.kernel > MAX_KERNEL
                || b.stride == 0
                || b.stride > 3
                || b.padding > 3
            {
                return Err(message!(
                    "vision.msg.kernel",
                    "block {block}: kernel 1 to {max}, stride 1 to 3, padding 0 to 3",
                    block = n,
                    max = MAX_KERNEL
                ));
            }
            let (k, s, p) = (
                u64::from(b.kernel),
                u64::from(b.stride),
                u64::from(b.padding),
            );
            if side + 2 * p < k {
                return Err(message!(
                    "vision.msg.mapTooSmall",
                    "block {block}: the {side}x{side} feature map (padded to {padded}x{padded}) is smaller than the {kernel}x{kernel} kernel",
                    block = n,
                    side = side,
                    padded = side + 2 * p,
                    kernel = k
                ));
            }
            let out_side = (side + 2 * p - k) / s + 1;
            let params = u64::from(b.channels) * (c * k * k + 1);
            let macs = u64::from(b.channels) * out_side * out_side * c * k * k;
            r += (k - 1) * j;
            j *= s;
            c = u64::from(b.channels);
            side = out_side;
            out.push(LayerInfo {
                name: format!("conv {k}x{k}/{s}, {c}"),
                shape: vec![c as u32, side as u32, side as u32],
                params,
                macs,
                receptive_field: r as u32,
            });
            if self.batch_norm {
                out.push(LayerInfo {
                    name: "batchnorm".into(),
                    shape: vec![c as u32, side as u32, side as u32],
                    params: 2 * c,
                    macs: 0,
                    receptive_field: r as u32,
                });
            }
            if b.pool != Pool::None {
                if side < 2 {
                    return Err(message!(
                        "vision.msg.cannotPool",
                        "block {block}: a {side}x{side} feature map cannot be pooled 2x2",
                        block = n,
                        side = side
                    ));
                }
                r += j;
                j *= 2;
                side /= 2;
                out.push(LayerInfo {
                    name: format!(
                        "{} pool 2x2",
                        if b.pool == Pool::Max { "max" } else { "avg" }
                    ),
                    shape: vec![c as u32, side as u32, side as u32],
                    params: 0,
                    macs: 0,
                    receptive_field: r as u32,
                });
            }
        }
        let mut features = c * side * side;
        if self.hidden > 0 {
            let h = u64::from(self.hidden);
            out.push(LayerInfo {
                name: format!("dense {h}"),
                shape: vec![h as u32],
                params: features * h + h,
                macs: features * h,
                receptive_field: 0,
            });
            features = h;
        }
        out.push(LayerInfo {
            name: "dense 10".into(),
            shape: vec![CLASSES as u32],
            params: features * CLASSES as u64 + CLASSES as u64,
            macs: features * CLASSES as u64,
            receptive_field: 0,
        });
        Ok(out)
    }

    /// Flattened features entering the dense layers.
    pub fn features(&self) -> Result<usize, Message> {
        let layers = self.layers()?;
        let last_conv = layers
            .iter()
            .rev()
            .find(|l| l.shape.len() == 3)
            .ok_or("no conv layer")?;
        Ok(last_conv.shape.iter().map(|&d| d as usize).product())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_net_matches_the_brief() {
        let layers = NetConfig::default().layers().unwrap();
        let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "conv 5x5/1, 8",
                "max pool 2x2",
                "conv 5x5/1, 16",
                "max pool 2x2",
                "dense 10"
            ]
        );
        assert_eq!(layers[3].shape, [16, 7, 7]);
        assert_eq!(NetConfig::default().features().unwrap(), 784);
        let params: u64 = layers.iter().map(|l| l.params).sum();
        assert_eq!(params, 8 * 26 + 16 * (8 * 25 + 1) + 7850);
        let macs: u64 = layers.iter().map(|l| l.macs).sum();
        // ~0.8 M multiply-adds forward; forward + backward is about 3x.
        assert_eq!(macs, 8 * 784 * 25 + 16 * 196 * 200 + 7840);
        assert_eq!(layers[0].receptive_field, 5);
        assert_eq!(layers[1].receptive_field, 6);
        assert_eq!(layers[2].receptive_field, 14);
        assert_eq!(layers[3].receptive_field, 16);
    }

    #[test]
    fn refuses_a_feature_map_smaller_than_its_kernel() {
        let block = ConvBlock {
            channels: 8,
            kernel: 7,
            stride: 3,
            padding: 0,
            pool: Pool::Max,
        };
        let net = NetConfig {
            blocks: vec![block; 3],
            ..NetConfig::default()
        };
        let err = net.layers().unwrap_err();
        assert!(
            err.contains("block 2") && err.contains("smaller than the 7x7 kernel"),
            "{err}"
        );
    }

    #[test]
    fn refuses_out_of_range_knobs() {
        let mut net = NetConfig::default();
        net.blocks[0].channels = 500;
        assert!(net.layers().is_err());
        let net = NetConfig {
            blocks: vec![],
            ..NetConfig::default()
        };
        assert!(net.layers().is_err());
        let net = NetConfig {
            dropout: f32::NAN,
            ..NetConfig::default()
        };
        assert!(net.layers().is_err());
    }
}
