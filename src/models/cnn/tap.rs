//! A hand on the input of every layer of the CNN: each conv block's input
//! and each dense layer's input pass through a tap on their way in, so a
//! caller can record them (calibrating activation ranges) or replace them
//! (rounding them to int8). The Vision lab's int8 panel and the Precision
//! lab's W8A8 view both quantize through it; the plain forward pass taps
//! nothing.
//!
//! The conv inputs are `[batch, channels, h, w]` and the dense inputs
//! `[batch, features]`, so a tap is a trait with a method generic over the
//! rank rather than a closure (a closure cannot take both).

use burn::tensor::Tensor;
use serde::{Deserialize, Serialize};

use super::net::Cnn;

/// Where an activation enters a layer of the CNN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum LayerInput {
    /// The input of conv block `block` (from 0): the normalised image for
    /// the first, the previous block's pooled activations after that.
    Conv {
        /// The block, from 0.
        block: u32,
    },
    /// The flattened feature maps entering the hidden dense layer.
    Hidden,
    /// The input of the classifier (the last dense layer).
    Output,
}

/// What [`Cnn::forward_tapped`] calls at each layer input: takes the
/// activation, returns what the layer reads.
pub trait LayerTap {
    /// The input entering the layer at `at`.
    ///
    /// # Shapes
    /// - x: [batch, channels, h, w] for a conv, [batch, features] for a
    ///   dense layer; what is returned must keep it
    fn tap<const D: usize>(&mut self, at: LayerInput, x: Tensor<D>) -> Tensor<D>;
}

/// The tap that changes nothing.
pub struct NoTap;

impl LayerTap for NoTap {
    fn tap<const D: usize>(&mut self, _: LayerInput, x: Tensor<D>) -> Tensor<D> {
        x
    }
}

impl Cnn {
    /// Every layer input, in the order the forward pass meets them.
    pub fn layer_inputs(&self) -> Vec<LayerInput> {
        let mut inputs: Vec<LayerInput> = (0..self.blocks.len() as u32)
            .map(|block| LayerInput::Conv { block })
            .collect();
        if self.hidden.is_some() {
            inputs.push(LayerInput::Hidden);
        }
        inputs.push(LayerInput::Output);
        inputs
    }

    /// [`Cnn::forward`] with `tap` applied to the input of every conv and
    /// dense layer; with [`NoTap`] it is [`Cnn::forward`].
    ///
    /// # Shapes
    /// - images: [batch, 1, 28, 28]
    /// - returns: logits [batch, 10]
    pub fn forward_tapped(&self, images: Tensor<4>, tap: &mut impl LayerTap) -> Tensor<2> {
        let mut x = images;
        for (i, block) in self.blocks.iter().enumerate() {
            let at = LayerInput::Conv { block: i as u32 };
            x = block.forward(tap.tap(at, x), &self.activation);
        }
        let mut h: Tensor<2> = self.dropout.forward(x.flatten(1, 3));
        if let Some(hidden) = &self.hidden {
            let input = tap.tap(LayerInput::Hidden, h);
            h = self
                .dropout
                .forward(self.activation.forward(hidden.forward(input)));
        }
        self.output.forward(tap.tap(LayerInput::Output, h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::cnn::arch::NetConfig;
    use crate::models::cnn::net::Init;
    use burn::tensor::{Device, Distribution};

    /// Records each input's place and shape.
    struct Shapes(Vec<(LayerInput, Vec<usize>)>);

    impl LayerTap for Shapes {
        fn tap<const D: usize>(&mut self, at: LayerInput, x: Tensor<D>) -> Tensor<D> {
            self.0.push((at, x.dims().to_vec()));
            x
        }
    }

    #[test]
    fn every_layer_input_is_tapped_in_order_and_no_tap_is_the_plain_forward() {
        let device = Device::flex();
        let config = NetConfig {
            hidden: 32,
            ..NetConfig::default()
        };
        let model = Cnn::new(&config, Init::He, &device).unwrap();
        let images = Tensor::<4>::random([3, 1, 28, 28], Distribution::Default, &device);
        let mut shapes = Shapes(Vec::new());
        let tapped = model.forward_tapped(images.clone(), &mut shapes);
        let at: Vec<LayerInput> = shapes.0.iter().map(|(a, _)| *a).collect();
        assert_eq!(at, model.layer_inputs());
        let dims: Vec<Vec<usize>> = shapes.0.into_iter().map(|(_, d)| d).collect();
        assert_eq!(
            dims,
            [
                vec![3, 1, 28, 28],
                vec![3, 8, 14, 14],
                vec![3, 16 * 7 * 7],
                vec![3, 32]
            ]
        );
        let plain = model.forward(images.clone());
        let untapped = model.forward_tapped(images, &mut NoTap);
        let diff = |a: Tensor<2>, b: Tensor<2>| {
            (a - b)
                .abs()
                .max()
                .into_data()
                .try_into_vec::<f32>()
                .unwrap()[0]
        };
        assert_eq!(diff(plain.clone(), untapped), 0.0);
        assert_eq!(diff(plain, tapped), 0.0, "a recording tap changes nothing");
    }
}
