//! The lab's state in the engine: the model, loaded on first use, and the
//! last forward pass.

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::{Device, Int, Tensor, TensorData};

use super::input::Encoded;
use crate::host::Host;
use crate::models::bert::{Bert, BertConfig, BertOutput, load_safetensors};
use crate::models::int8;
use crate::tokenize::cache::{Loaded, TokenizerCache, TokenizerId};
use crate::tokenize::wordpiece::WordPiece;
use crate::wire::Message;
use crate::wire::RequestId;

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
        let data = TensorData::new(
            ids.iter().map(|&i| i64::from(i)).collect::<Vec<_>>(),
            [1, ids.len()],
        );
        self.bert
            .forward(Tensor::<2, Int>::from_data(data, &self.device))
    }
}

/// The last forward pass, kept for follow-up requests about the same text.
pub struct LastRun {
    /// Its token ids.
    pub ids: Vec<u32>,
    /// The hidden state entering each layer (then the last layer's output).
    ///
    /// # Shapes
    /// each [1, seq, d_model]
    pub hidden: Vec<Tensor<3>>,
}

/// The loaded model and its last forward pass: what the lab keeps between
/// requests.
#[derive(Default)]
pub struct Session {
    model: RefCell<Option<Rc<MiniLm>>>,
    last: RefCell<Option<Rc<LastRun>>>,
}

impl Session {
    /// The model, loading it on `device` first if needed (download progress
    /// is reported against request `id`). Returns whether this call loaded it.
    pub async fn model(
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

    /// Tokenize `text` for the model.
    pub fn encode(model: &MiniLm, text: &str) -> Result<Encoded, Message> {
        Encoded::new(&model.wordpiece, text)
    }

    /// Remember a forward pass's per-layer inputs.
    pub fn remember(&self, ids: Vec<u32>, out: &BertOutput) -> Rc<LastRun> {
        let run = Rc::new(LastRun {
            ids,
            hidden: out.hidden_states.clone(),
        });
        *self.last.borrow_mut() = Some(run.clone());
        run
    }

    /// The per-layer inputs for `ids`, from the last run or recomputed.
    pub fn run_for(&self, model: &MiniLm, ids: &[u32]) -> Rc<LastRun> {
        if let Some(last) = self.last.borrow().clone().filter(|l| l.ids == ids) {
            return last;
        }
        let out = model.forward(ids);
        self.remember(ids.to_vec(), &out)
    }
}
