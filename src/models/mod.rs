//! The pretrained models the labs run.

pub mod bert;
pub mod cnn;
pub mod gpt;
pub mod int8;
