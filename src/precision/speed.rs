//! Does int8 make the model faster here? burn can store a model's weights
//! as real int8 tensors (its own quantization, one scale per tensor); a
//! forward pass with them is timed against the f32 model on the backend in
//! use. Whether it is faster depends on the backend having kernels that
//! compute from int8 rather than converting back to f32 first: the page
//! shows what was measured, not what was hoped.

use burn::module::{Module, ParamGroup, Quantizer};
use burn::tensor::quantization::{Calibration, QuantValue};
use burn::tensor::{Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::fake_quant::{MatrixKind, matrices};
use crate::host::Host;
use crate::message;
use crate::models::gpt::Gpt;
use crate::readback::read_f32;
use crate::wire::Message;

/// Forward passes timed each way (the median is kept).
const REPEATS: usize = 5;
/// Windows in the timed batch.
const BATCH: usize = 8;

/// One forward pass each way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SpeedView {
    /// Median milliseconds with f32 weights.
    pub f32_ms: f64,
    /// Median milliseconds with burn's int8 weights.
    pub int8_ms: f64,
    /// Tokens in the pass.
    pub tokens: u32,
    /// Largest difference between the two passes' scores.
    pub max_difference: f64,
    /// Bytes burn holds for the int8 weights' values (one per weight).
    pub int8_weight_bytes: f64,
}

/// `model` with every Linear weight stored as burn's int8 (one symmetric
/// scale per tensor).
pub fn burn_int8(model: Gpt) -> Gpt {
    let paths: Vec<String> = matrices(&model)
        .into_iter()
        .filter(|m| m.kind == MatrixKind::Linear)
        .map(|m| m.path)
        .collect();
    let device = model.token.weight.device();
    let scheme = device
        .settings()
        .quantization
        .scheme
        .with_value(QuantValue::Q8S);
    let mut quantizer = Quantizer::new(Calibration::MinMax, scheme);
    model.quantize_weights_group(&mut quantizer, ParamGroup::from_paths(paths))
}

/// Time `model` (on an inference device) against its burn-int8 copy on
/// `BATCH` windows of `ids`.
pub async fn speed(model: &Gpt, ids: &[u32], host: &impl Host) -> Result<SpeedView, Message> {
    let device = model.token.weight.device();
    let context = model.context();
    let need = BATCH * context;
    if ids.len() < need {
        return Err(message!(
            "precision.msg.shortText",
            "the held-out text is too short to measure"
        ));
    }
    let input = Tensor::<2, Int>::from_data(
        TensorData::new(
            ids[..need].iter().map(|&i| i64::from(i)).collect(),
            [BATCH, context],
        ),
        &device,
    );
    let int8 = burn_int8(model.clone());
    let int8_weight_bytes = matrices(&int8)
        .iter()
        .filter(|m| m.kind == MatrixKind::Linear)
        .map(|m| m.weight.shape().num_elements() as f64)
        .sum();
    let time = async |m: &Gpt| -> Result<(f64, Vec<f32>), Message> {
        let mut times = Vec::with_capacity(REPEATS);
        let mut last = Vec::new();
        for _ in 0..REPEATS {
            let start = host.now_ms();
            let logits = m.forward(input.clone()).logits;
            last = read_f32(Transaction::default().register(logits), "the scores")
                .await?
                .pop()
                .unwrap_or_default();
            times.push(host.now_ms() - start);
            host.yield_now().await;
        }
        times.sort_by(f64::total_cmp);
        Ok((times[REPEATS / 2], last))
    };
    // One untimed pass each first: shaders compile, buffers allocate.
    time(model).await?;
    time(&int8).await?;
    let (f32_ms, a) = time(model).await?;
    let (int8_ms, b) = time(&int8).await?;
    let max_difference =
        crate::reference::worst_of(a.iter().zip(&b).map(|(x, y)| f64::from((x - y).abs())));
    Ok(SpeedView {
        f32_ms,
        int8_ms,
        tokens: need as u32,
        max_difference,
        int8_weight_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::gpt::GptConfig;
    use burn::tensor::{DType, Device};

    #[test]
    fn burn_stores_the_linear_weights_as_int8_and_the_scores_stay_close() {
        let device = Device::flex();
        device.seed(1);
        let model = GptConfig::new(40)
            .with_context(16)
            .with_d_model(32)
            .with_n_heads(4)
            .with_n_layers(2)
            .init(&device);
        let int8 = burn_int8(model.clone());
        assert!(matches!(
            int8.blocks[0].attention.query.weight.val().dtype(),
            DType::QFloat(_)
        ));
        assert!(
            !matches!(int8.token.weight.val().dtype(), DType::QFloat(_)),
            "embeddings stay f32"
        );
        let ids: Vec<u32> = (0..8 * 16).map(|i| i % 40).collect();
        let host = crate::host::testing::TestHost::default();
        let v = crate::host::testing::block_on(speed(&model, &ids, &host)).unwrap();
        assert!(v.max_difference > 0.0 && v.max_difference < 0.2, "{v:?}");
        assert!(v.f32_ms >= 0.0 && v.int8_ms >= 0.0);
    }
}
