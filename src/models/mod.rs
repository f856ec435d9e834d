//! The pretrained models the labs run.

pub mod bert;
pub mod int8;
