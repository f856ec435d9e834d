//! The pretrained models the labs run.

pub mod bert;
