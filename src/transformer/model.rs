//! The lab's state in the engine: the last forward pass (the model itself
//! is the worker's one shared MiniLM).

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::Tensor;

use crate::models::bert::BertOutput;
use crate::models::bert::Encoded;
pub use crate::models::bert::MiniLm;
use crate::wire::Message;

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
    last: RefCell<Option<Rc<LastRun>>>,
}

impl Session {
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
