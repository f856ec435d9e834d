//! A trained model as one safetensors file, made and read in the page:
//! every float parameter under burn's path for it (`encoder.0.weight`), f32,
//! and in the metadata the lab and model it belongs to, its configuration
//! (JSON), the seed, the steps trained, the file format and the Kindling
//! version. Reading checks the model and the format before any weight is
//! touched, and loads the weights into a fresh model built from the file's
//! configuration; a truncated or corrupted file, another model's, a newer
//! format's, or one whose tensors do not fit its configuration is refused,
//! and the caller keeps its current model.

use std::collections::HashMap;

use burn::module::{Module, ModuleVisitor, Param, ParamId};
use burn::store::{ModuleSnapshot, SafetensorsStore};
use burn::tensor::{Tensor, Transaction};
use safetensors::{Dtype, SafeTensors, tensor::TensorView};

use crate::message;
use crate::readback::read_f32;
use crate::wire::Message;

/// The file format this Kindling writes and the newest it reads.
pub const FORMAT: u32 = 1;

/// A model file on its way to the page (every lab's export answer).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ModelFile {
    /// The file's bytes.
    #[serde(with = "crate::wire::bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub file: Vec<u8>,
}

/// What a model file says of its model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelMeta {
    /// Which model it is (`representations.vae`): a file is read only by
    /// the view that wrote its kind.
    pub kind: String,
    /// The model's configuration, as the lab's JSON.
    pub config: String,
    /// The seed it was trained from.
    pub seed: u64,
    /// Steps trained.
    pub steps: u64,
}

impl ModelMeta {
    /// The metadata of a `kind` model whose settings are `config`.
    pub fn new(
        kind: &str,
        config: &impl serde::Serialize,
        seed: u64,
        steps: u64,
    ) -> Result<Self, Message> {
        Ok(Self {
            kind: kind.to_owned(),
            config: serde_json::to_string(config).map_err(|e| e.to_string())?,
            seed,
            steps,
        })
    }
}

/// Gathers the float parameters' paths (burn's, as its safetensors store
/// names them: every module and field on the way, enum variants included)
/// and tensors, in visiting order.
#[derive(Default)]
struct Gather {
    path: Vec<String>,
    names: Vec<(String, Vec<usize>)>,
    tx: Option<Transaction>,
}

impl Gather {
    fn add<const D: usize>(&mut self, name: String, tensor: Tensor<D>) {
        self.names.push((name, tensor.dims().to_vec()));
        let tx = self.tx.take().unwrap_or_default();
        self.tx = Some(tx.register(tensor));
    }
}

impl ModuleVisitor for Gather {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_owned());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        // What the store saves and validates on load: the parameter as mapped for saving.
        let name = self.path.join(".");
        self.add(name, param.transform_for_save().val());
    }

    fn visit_float_with_path<const D: usize>(
        &mut self,
        path: &[String],
        _id: ParamId,
        tensor: &Tensor<D>,
    ) {
        self.add(path.join("."), tensor.clone());
    }
}

/// `model`'s float parameters with `meta`, as safetensors bytes (read back
/// from the device in one transaction: no synchronous read on the web).
/// Pass a trained model as `model.valid()`: BatchNorm keeps its last step's
/// running-statistics update aside until then, and a file written without
/// it loads cleanly but answers differently.
pub async fn write<M: Module>(model: &M, meta: &ModelMeta) -> Result<Vec<u8>, Message> {
    let mut gather = Gather::default();
    model.visit(&mut gather);
    let tx = gather.tx.take().unwrap_or_default();
    let values = read_f32(tx, "the weights").await?;
    let bytes: Vec<Vec<u8>> = values
        .iter()
        .map(|v| v.iter().flat_map(|x| x.to_le_bytes()).collect())
        .collect();
    let err = |e: safetensors::SafeTensorError| -> Message { e.to_string().into() };
    let mut views = Vec::with_capacity(gather.names.len());
    for ((name, dims), data) in gather.names.iter().zip(&bytes) {
        views.push((
            name.clone(),
            TensorView::new(Dtype::F32, dims.clone(), data).map_err(err)?,
        ));
    }
    let metadata = HashMap::from([
        ("kind".to_owned(), meta.kind.clone()),
        ("config".to_owned(), meta.config.clone()),
        ("seed".to_owned(), meta.seed.to_string()),
        ("steps".to_owned(), meta.steps.to_string()),
        ("format".to_owned(), FORMAT.to_string()),
        ("kindling".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
    ]);
    safetensors::serialize(views, Some(metadata)).map_err(err)
}

/// The refusal of a file that cannot be read.
fn unreadable() -> Message {
    message!(
        "engine.modelFile",
        "this is not a Kindling model file, or it is cut short or damaged"
    )
}

/// What the file `bytes` says, if it is a model file of one of `kinds`
/// this Kindling can read.
pub fn read_meta(bytes: &[u8], kinds: &[&str]) -> Result<ModelMeta, Message> {
    // Parsing the whole file checks its header against its length and every tensor's span.
    let file = SafeTensors::deserialize(bytes).map_err(|_| unreadable())?;
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(|_| unreadable())?;
    drop(file);
    let meta = header.metadata().clone().unwrap_or_default();
    let field = |name: &str| meta.get(name).cloned().ok_or_else(unreadable);
    let format: u32 = field("format")?.parse().map_err(|_| unreadable())?;
    if format > FORMAT {
        return Err(message!(
            "engine.modelFormat",
            "this file was written by a newer Kindling (format {format}; this one reads up to {ours}): update the page",
            format = format,
            ours = FORMAT
        ));
    }
    let found = field("kind")?;
    if !kinds.contains(&found.as_str()) {
        return Err(message!(
            "engine.modelKind",
            "this file holds a {found} model, not a {kind} one",
            found = found,
            kind = kinds.join(" or ")
        ));
    }
    Ok(ModelMeta {
        kind: found,
        config: field("config")?,
        seed: field("seed")?.parse().map_err(|_| unreadable())?,
        steps: field("steps")?.parse().map_err(|_| unreadable())?,
    })
}

/// The file's configuration as the lab's settings type; a file whose
/// configuration does not parse is damaged.
pub fn config<T: serde::de::DeserializeOwned>(meta: &ModelMeta) -> Result<T, Message> {
    serde_json::from_str(&meta.config).map_err(|_| unreadable())
}

/// `model` (built from the file's configuration) with the weights of
/// `bytes`; refused unless every one of its parameters is loaded and the
/// file holds nothing else.
pub fn load<M: ModuleSnapshot>(mut model: M, bytes: Vec<u8>) -> Result<M, Message> {
    let mut gather = Gather::default();
    model.visit(&mut gather);
    let expected = gather.names.len();
    debug_assert!(expected > 0, "a model without parameters");
    let misfit = |applied: usize| {
        message!(
            "engine.modelShape",
            "the file's tensors do not fit the model its settings describe ({applied} of {expected} loaded)",
            applied = applied,
            expected = expected
        )
    };
    let mut store = SafetensorsStore::from_bytes(Some(bytes)).allow_partial(true);
    let result = model.load_from(&mut store).map_err(|_| misfit(0))?;
    if result.applied.len() != expected || !result.errors.is_empty() || !result.unused.is_empty() {
        return Err(misfit(result.applied.len()));
    }
    Ok(model)
}
