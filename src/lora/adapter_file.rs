//! A run's adapters as a file of their own: every A and B factor under
//! burn's name for it (`blocks.0.attention.query.weight.lora.a`), f32, in
//! safetensors, with the rank, α, the adapted matrices and the base they
//! belong to in its metadata. Kilobytes beside the base's megabytes:
//! what a LoRA fine-tune ships. Reading one back attaches fresh adapters
//! of that shape to the base and loads the factors into them.

use std::collections::HashMap;

use burn::store::{ModuleSnapshot, SafetensorsStore};
use burn::tensor::Transaction;
use safetensors::{Dtype, SafeTensors, tensor::TensorView};

use crate::message;
use crate::models::gpt::{Gpt, LoraTarget};
use crate::readback::read_f32;
use crate::wire::Message;

/// What the metadata names as the built base.
pub const BASE_NAME: &str = "kindling-tang-gpt";

/// What a file says of its adapters.
#[derive(Debug, Clone, PartialEq)]
pub struct AdapterSpec {
    /// Rank.
    pub rank: usize,
    /// α.
    pub alpha: f64,
    /// The adapted matrices.
    pub targets: Vec<LoraTarget>,
}

/// The adapters of `model` (rank `spec.rank`, α `spec.alpha`) over the
/// base named `base`, as safetensors bytes.
pub async fn write(base: &str, model: &Gpt, spec: &AdapterSpec) -> Result<Vec<u8>, Message> {
    let adapters = model.adapters();
    let mut tx = Transaction::default();
    let mut names = Vec::new();
    for (layer, target, adapter) in &adapters {
        let path = target.path(*layer);
        tx = tx.register(adapter.a.val()).register(adapter.b.val());
        names.push((format!("{path}.lora.a"), adapter.a.dims()));
        names.push((format!("{path}.lora.b"), adapter.b.dims()));
    }
    let values = read_f32(tx, "the adapters").await?;
    let bytes: Vec<Vec<u8>> = values
        .iter()
        .map(|v| v.iter().flat_map(|x| x.to_le_bytes()).collect())
        .collect();
    let err = |e: safetensors::SafeTensorError| -> Message { e.to_string().into() };
    let mut views = Vec::with_capacity(names.len());
    for ((name, dims), data) in names.iter().zip(&bytes) {
        views.push((
            name.clone(),
            TensorView::new(Dtype::F32, dims.to_vec(), data).map_err(err)?,
        ));
    }
    let targets = serde_json::to_string(&spec.targets).map_err(|e| e.to_string())?;
    let metadata = HashMap::from([
        ("base".to_owned(), base.to_owned()),
        ("rank".to_owned(), spec.rank.to_string()),
        ("alpha".to_owned(), spec.alpha.to_string()),
        ("targets".to_owned(), targets),
        ("kindling".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
    ]);
    safetensors::serialize(views, Some(metadata)).map_err(err)
}

/// `base` (named `name`) with the adapters of `bytes` attached, and what
/// the file said.
pub fn read(name: &str, base: &Gpt, bytes: Vec<u8>) -> Result<(Gpt, AdapterSpec), Message> {
    let refuse = || {
        message!(
            "lora.msg.adapterFile",
            "this is not an adapter file for this base model"
        )
    };
    let (_, header) = SafeTensors::read_metadata(&bytes).map_err(|_| refuse())?;
    let meta = header.metadata().clone().unwrap_or_default();
    if meta.get("base").map(String::as_str) != Some(name) {
        return Err(refuse());
    }
    let rank: usize = meta
        .get("rank")
        .and_then(|r| r.parse().ok())
        .ok_or_else(refuse)?;
    let alpha: f64 = meta
        .get("alpha")
        .and_then(|a| a.parse().ok())
        .ok_or_else(refuse)?;
    let targets: Vec<LoraTarget> = meta
        .get("targets")
        .and_then(|t| serde_json::from_str(t).ok())
        .ok_or_else(refuse)?;
    if rank == 0 || rank > 64 || targets.is_empty() {
        return Err(refuse());
    }
    let mut model = base.clone().with_lora(rank, alpha, &targets);
    let expected = 2 * model.adapters().len();
    let mut store = SafetensorsStore::from_bytes(Some(bytes)).allow_partial(true);
    let result = model.load_from(&mut store).map_err(|_| refuse())?;
    if result.applied.len() != expected || !result.errors.is_empty() || !result.unused.is_empty() {
        return Err(message!(
            "lora.msg.adapterShape",
            "the adapter file's tensors do not fit the base ({applied} of {expected} loaded)",
            applied = result.applied.len(),
            expected = expected
        ));
    }
    Ok((
        model,
        AdapterSpec {
            rank,
            alpha,
            targets,
        },
    ))
}

#[cfg(test)]
mod tests {
    use burn::tensor::{Device, Int, Tensor, TensorData};

    use super::*;
    use crate::host::testing::block_on;
    use crate::models::gpt::GptConfig;

    #[test]
    fn an_exported_adapter_reloads_to_the_same_scores_and_a_wrong_file_is_refused() {
        use burn::module::Module;
        use burn::nn::loss::CrossEntropyLossConfig;
        use burn::optim::{AdamConfig, GradientsParams};
        let train = Device::flex().autodiff();
        train.seed(2);
        let base = GptConfig::new(11)
            .with_n_layers(2)
            .with_d_model(16)
            .init(&train);
        let targets = vec![LoraTarget::Query, LoraTarget::MlpOut];
        let mut adapted = base.clone().with_lora(2, 4.0, &targets);
        // A few steps, so that B is no longer zero.
        let mut optim = AdamConfig::new().init();
        let loss_fn = CrossEntropyLossConfig::new().init(&train);
        for _ in 0..3 {
            let ids =
                Tensor::<2, Int>::from_data(TensorData::new(vec![1i64, 2, 3, 4], [1, 4]), &train);
            let next =
                Tensor::<1, Int>::from_data(TensorData::new(vec![2i64, 3, 4, 5], [4]), &train);
            let loss = loss_fn.forward(adapted.forward(ids).logits.reshape([4, 11]), next);
            let grads = GradientsParams::from_grads(loss.backward(), &adapted);
            adapted = optim.step(1e-2, adapted, grads);
        }
        let (adapted, base) = (adapted.valid(), base.valid());
        let device = train.inner();
        let spec = AdapterSpec {
            rank: 2,
            alpha: 4.0,
            targets,
        };
        let bytes = block_on(write(BASE_NAME, &adapted, &spec)).unwrap();
        assert!(
            read("another-base", &base, bytes.clone())
                .unwrap_err()
                .contains("not an adapter file")
        );
        let (back, read_spec) = read(BASE_NAME, &base, bytes.clone()).unwrap();
        assert_eq!(read_spec, spec);
        let ids =
            Tensor::<2, Int>::from_data(TensorData::new(vec![1i64, 5, 3, 7], [1, 4]), &device);
        let a = adapted.forward(ids.clone()).logits.into_data();
        let b = back.forward(ids).logits.into_data();
        assert_eq!(a, b, "the same scores after the round trip");
        assert!(
            bytes.len() < 2 * 4 * 2 * (16 * 2 + 2 * 16 + 64 * 2 + 2 * 16) + 1_000,
            "{} bytes",
            bytes.len()
        );
        // Another file entirely, and a truncated one.
        assert!(
            read(BASE_NAME, &base, b"not a safetensors file".to_vec())
                .unwrap_err()
                .contains("not an adapter file")
        );
        assert!(read(BASE_NAME, &base, bytes[..bytes.len() / 2].to_vec()).is_err());
    }
}
