//! The GPT pretrained on the Tang poems by the build (`cargo xtask assets`
//! runs `pretrain-gpt`, natively, with a fixed seed), shipped as its
//! weights (safetensors) and a card (the settings it was built with, its
//! vocabulary, and how its training went). The LoRA lab adapts it and the
//! Precision lab quantizes it.

use burn::module::Module;
use burn::store::{ModuleSnapshot, SafetensorsStore};
use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::{Gpt, GptConfig};
use crate::host::Host;
use crate::message;
use crate::wire::{Message, RequestId};

/// Where the built model's files are, relative to the site root.
pub const BUILT_DIR: &str = "data/lora";

/// The card's file name under [`BUILT_DIR`].
pub const BASE_CARD: &str = "tang-gpt.json";
/// The weights' file name under [`BUILT_DIR`].
pub const BASE_WEIGHTS: &str = "tang-gpt.safetensors";

/// What the build says about the base.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BaseCard {
    /// Its shape.
    pub config: GptConfig,
    /// Its vocabulary: the character of each id, in order.
    pub vocab: String,
    /// Training steps taken.
    pub steps: u64,
    /// Seconds they took on the build machine.
    pub train_seconds: f64,
    /// Held-out loss at the end, bits per character.
    pub held_out_bits_per_char: f64,
    /// Characters trained on.
    pub train_chars: u64,
    /// Characters held out.
    pub valid_chars: u64,
}

impl BaseCard {
    /// The vocabulary as characters.
    pub fn chars(&self) -> Vec<char> {
        self.vocab.chars().collect()
    }
}

/// The base GPT of `card`, its weights read from `weights` (safetensors
/// bytes), on `device`.
pub fn load(card: &BaseCard, weights: Vec<u8>, device: &Device) -> Result<Gpt, Message> {
    let mut model = card.config.init(device);
    let mut store = SafetensorsStore::from_bytes(Some(weights));
    let result = model.load_from(&mut store).map_err(|e| {
        message!(
            "lora.msg.baseWeights",
            "the base model's weights do not load: {error}",
            error = e.to_string()
        )
    })?;
    if !result.missing.is_empty() || !result.errors.is_empty() {
        return Err(message!(
            "lora.msg.baseShape",
            "the base model's weights do not fit its card ({missing} missing, {errors} wrong)",
            missing = result.missing.len(),
            errors = result.errors.len()
        ));
    }
    Ok(model.no_grad())
}

/// Fetch the built GPT's card and weights (progress reported against
/// request `id`) and load it on `device`, frozen.
pub async fn fetch(
    host: &impl Host,
    id: RequestId,
    device: &Device,
) -> Result<(BaseCard, Gpt), Message> {
    let card = host.fetch(id, &format!("{BUILT_DIR}/{BASE_CARD}")).await?;
    let card: BaseCard = serde_json::from_slice(&card).map_err(|e| {
        message!(
            "lora.msg.baseCard",
            "the base model's card does not read: {error}",
            error = e.to_string()
        )
    })?;
    let weights = host
        .fetch(id, &format!("{BUILT_DIR}/{BASE_WEIGHTS}"))
        .await?;
    let model = load(&card, weights, device)?;
    Ok((card, model))
}
