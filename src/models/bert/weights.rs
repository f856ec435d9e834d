//! Loading Hugging Face BERT weights (safetensors) into [`Bert`] through
//! burn's store: keys renamed to this module tree, PyTorch's `[out, in]`
//! linear weights transposed and LayerNorm `weight`/`bias` read as
//! `gamma`/`beta` by `PyTorchToBurnAdapter`. The key mapping follows the one
//! in tracel-ai's minilm-burn port, adapted to the field names here.

use burn::store::{ModuleSnapshot, PyTorchToBurnAdapter, SafetensorsStore};

use super::encoder::Bert;

/// Hugging Face key pattern -> field path in [`Bert`].
const KEY_MAP: [(&str, &str); 8] = [
    (r"^bert\.", ""),
    (r"^embeddings\.LayerNorm\.", "embeddings.layer_norm."),
    (
        r"^encoder\.layer\.(\d+)\.attention\.self\.(query|key|value)\.",
        "layers.$1.attention.$2.",
    ),
    (
        r"^encoder\.layer\.(\d+)\.attention\.output\.dense\.",
        "layers.$1.attention.output.",
    ),
    (
        r"^encoder\.layer\.(\d+)\.attention\.output\.LayerNorm\.",
        "layers.$1.attention_norm.",
    ),
    (
        r"^encoder\.layer\.(\d+)\.intermediate\.dense\.",
        "layers.$1.ffn_inner.",
    ),
    (
        r"^encoder\.layer\.(\d+)\.output\.dense\.",
        "layers.$1.ffn_outer.",
    ),
    (
        r"^encoder\.layer\.(\d+)\.output\.LayerNorm\.",
        "layers.$1.ffn_norm.",
    ),
];

/// Load `bytes` (a `model.safetensors`) into `model`.
///
/// Keys the encoder has no place for (the pooler, `position_ids`) are
/// skipped; a parameter of the encoder missing from the file is an error.
pub fn load_safetensors(model: &mut Bert, bytes: Vec<u8>) -> Result<(), String> {
    let mut store = SafetensorsStore::from_bytes(Some(bytes))
        .with_from_adapter(PyTorchToBurnAdapter)
        .allow_partial(true);
    for (from, to) in KEY_MAP {
        store = store.with_key_remapping(from, to);
    }
    let result = model
        .load_from(&mut store)
        .map_err(|e| format!("loading weights: {e}"))?;
    if !result.missing.is_empty() {
        return Err(format!(
            "weights missing from the file: {:?}",
            result.missing
        ));
    }
    if !result.errors.is_empty() {
        return Err(format!("weights that did not fit: {:?}", result.errors));
    }
    Ok(())
}
