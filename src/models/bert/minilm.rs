//! all-MiniLM-L6-v2 as the page loads it: the int8 weights the build made,
//! dequantized once to f32, with its WordPiece tokenizer. Loaded once per
//! worker and shared by the labs that read it (the Transformer lab's views,
//! the Precision lab's quantization), since a second copy would cost
//! another 90 MB of f32 weights.

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};

use super::{Bert, BertConfig, BertOutput, load_safetensors};
use crate::host::Host;
use crate::models::int8;
use crate::readback::read_f32;
use crate::tokenize::cache::{Loaded, TokenizerCache, TokenizerId};
use crate::tokenize::wordpiece::WordPiece;
use crate::wire::{Message, RequestId};

/// The int8 weights of all-MiniLM-L6-v2, relative to the site root.
pub const MODEL_ASSET: &str = "data/transformer/minilm-int8.safetensors";

/// The loaded model and its tokenizer.
pub struct MiniLm {
    /// The encoder, weights dequantized to f32, on the inference device.
    pub bert: Bert,
    /// Its WordPiece tokenizer (shared with the Text lab).
    pub wordpiece: Rc<WordPiece>,
    /// The device without autodiff: inference needs no tape.
    pub device: Device,
    /// Milliseconds from asking for the asset to a usable model.
    pub load_ms: f64,
}

impl MiniLm {
    /// Run the encoder on one sequence.
    pub fn forward(&self, ids: &[u32]) -> BertOutput {
        self.forward_with(&self.bert, ids)
    }

    /// The cosine of `query` with every row of the input embedding table,
    /// one per vocabulary token, read back in one go.
    ///
    /// # Shapes
    /// - `query`: [1, d]
    pub async fn vocabulary_cosines(&self, query: Tensor<2>) -> Result<Vec<f32>, Message> {
        let table: Tensor<2> = self.bert.embeddings.word_embeddings.weight.val();
        let dots = table.clone().matmul(query.clone().transpose()); // [V, 1]
        let norms = table.square().sum_dim(1).sqrt(); // [V, 1]
        let query_norm = query.square().sum().sqrt().reshape([1, 1]);
        let cosines = dots / (norms * query_norm).clamp_min(1e-12);
        Ok(
            read_f32(Transaction::default().register(cosines), "similarities")
                .await?
                .pop()
                .ok_or("missing similarities")?,
        )
    }

    /// Run `bert` (this model's weights changed, for example quantized) on
    /// one sequence.
    pub fn forward_with(&self, bert: &Bert, ids: &[u32]) -> BertOutput {
        let data = TensorData::new(
            ids.iter().map(|&i| i64::from(i)).collect::<Vec<_>>(),
            [1, ids.len()],
        );
        bert.forward(Tensor::<2, Int>::from_data(data, &self.device))
    }
}

/// The one loaded MiniLM, loaded on first use.
#[derive(Default)]
pub struct MiniLmCache {
    model: RefCell<Option<Rc<MiniLm>>>,
}

impl MiniLmCache {
    /// The model, loading it on `device` first if needed (download progress
    /// is reported against request `id`). Returns whether this call loaded it.
    pub async fn get(
        &self,
        id: RequestId,
        device: &Device,
        tokenizers: &TokenizerCache,
        host: &impl Host,
    ) -> Result<(Rc<MiniLm>, bool), Message> {
        if let Some(model) = self.model.borrow().clone() {
            return Ok((model, false));
        }
        let start = host.now_ms();
        let Loaded::WordPiece(wordpiece) =
            tokenizers.load(id, TokenizerId::Wordpiece, host).await?
        else {
            return Err("the WordPiece tokenizer did not load".into());
        };
        let bytes = host.fetch(id, MODEL_ASSET).await?;
        let f32_file = int8::dequantize(&bytes)?;
        drop(bytes);
        let device = device.clone().inner();
        let mut bert = BertConfig::new().init(&device);
        load_safetensors(&mut bert, f32_file)?;
        let model = Rc::new(MiniLm {
            bert,
            wordpiece,
            device,
            load_ms: host.now_ms() - start,
        });
        // Two requests may have loaded it at once; keep the first.
        let kept = self
            .model
            .borrow_mut()
            .get_or_insert_with(|| model.clone())
            .clone();
        Ok((kept, true))
    }
}
