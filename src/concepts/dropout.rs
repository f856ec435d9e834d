//! Dropout in training and evaluation mode on the same activations: the
//! mask burn's `Dropout` draws, the survivors scaled by 1/(1 − p) so the
//! expected activation is unchanged, and evaluation mode passing
//! everything through untouched.

use burn::nn::DropoutConfig;
use burn::tensor::{Device, Distribution, Tensor, Transaction};
use serde::{Deserialize, Serialize};

use crate::readback;
use crate::wire::Message;

/// Answer to the dropout request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DropoutDemo {
    /// Rows of the small tensor.
    pub rows: u32,
    /// Columns of the small tensor.
    pub cols: u32,
    /// Activations, `[rows, cols]`.
    pub input: Vec<f32>,
    /// In training mode: zeros where dropped, the rest × 1/(1 − p).
    pub train: Vec<f32>,
    /// In evaluation mode.
    pub eval: Vec<f32>,
    /// Mean activation over 100,000 values, before dropout.
    pub mean_before: f32,
    /// The same values' mean after training-mode dropout.
    pub mean_after: f32,
    /// Share of those values kept.
    pub kept: f32,
}

/// Drop with probability `p`; `device` has autodiff (dropout is only
/// active while training).
pub async fn demo(p: f64, seed: u64, device: &Device) -> Result<DropoutDemo, Message> {
    crate::limits::dropout(p)?;
    let (rows, cols) = (8, 12);
    device.seed(seed);
    let dropout = DropoutConfig::new(p).init();
    let small = Tensor::<2>::random([rows, cols], Distribution::Uniform(0.1, 1.0), device);
    let train = dropout.forward(small.clone());
    let eval = dropout.forward(small.clone().inner());
    let big = Tensor::<2>::random([100, 1000], Distribution::Uniform(0.0, 2.0), device);
    let dropped = dropout.forward(big.clone());
    let kept = dropped.clone().not_equal_elem(0.0).float().mean();
    let tx = Transaction::default()
        .register(small.inner().reshape([rows * cols]))
        .register(train.inner().reshape([rows * cols]))
        .register(eval.reshape([rows * cols]))
        .register(big.inner().mean())
        .register(dropped.inner().mean())
        .register(kept.inner());
    let mut v = readback::read_f32(tx, "the dropout demo")
        .await?
        .into_iter();
    let mut next = || v.next().ok_or_else(|| "missing tensor".to_owned());
    let (input, train, eval) = (next()?, next()?, next()?);
    let scalar = |v: Vec<f32>| v.first().copied().unwrap_or(f32::NAN);
    Ok(DropoutDemo {
        rows: rows as u32,
        cols: cols as u32,
        input,
        train,
        eval,
        mean_before: scalar(next()?),
        mean_after: scalar(next()?),
        kept: scalar(next()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::block_on;

    #[test]
    fn dropout_scaling_keeps_the_expected_activation() {
        let device = Device::flex().autodiff();
        for p in [0.1, 0.5, 0.8] {
            let d = block_on(demo(p, 3, &device)).unwrap();
            assert!(
                (d.kept - (1.0 - p as f32)).abs() < 0.01,
                "p {p}: kept {}",
                d.kept
            );
            assert!(
                (d.mean_after / d.mean_before - 1.0).abs() < 0.02,
                "p {p}: {} vs {}",
                d.mean_after,
                d.mean_before
            );
            assert_eq!(d.eval, d.input, "evaluation passes everything through");
            for (x, y) in d.input.iter().zip(&d.train) {
                assert!(*y == 0.0 || (y / x - 1.0 / (1.0 - p as f32)).abs() < 1e-4);
            }
        }
    }
}
