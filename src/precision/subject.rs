//! The model being quantized: a GPT (the one the build trained on the Tang
//! poems, or the learner's from the GPT lab), MiniLM or a CNN, and how each one's
//! loss of quality is measured: the GPT's held-out bits per character, and
//! MiniLM's sentence embeddings' cosine to the f32 ones and its attention
//! maps' largest change; the CNN's accuracy on its test digits.

use std::rc::Rc;

use burn::module::Module;
use burn::tensor::{Tensor, Transaction};
use serde::{Deserialize, Serialize};

use super::fake_quant::{Matrix, MatrixKind, matrices, quantized};
use super::grid::{self, Scheme};
use crate::corpus::Corpus;
use crate::message;
use crate::models::bert::{Bert, MiniLm};
use crate::models::cnn::dataset::Digits;
use crate::models::cnn::net::Cnn;
use crate::models::cnn::train::evaluate;
use crate::models::gpt::{Gpt, Tap};
use crate::readback::read_f32;
use crate::windows;
use crate::wire::Message;

/// Which model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PrecisionModel {
    /// The GPT the build pretrained on the Tang poems.
    BuiltGpt,
    /// The learner's GPT, shared by the GPT lab.
    GptLab,
    /// all-MiniLM-L6-v2.
    MiniLm,
    /// The Vision lab's default CNN, trained on the digits when loaded.
    Cnn,
}

/// One matrix as the page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MatrixInfo {
    /// Its path in the model.
    pub path: String,
    /// Linear or embedding.
    pub kind: MatrixKind,
    /// Output channels.
    pub channels: u32,
    /// Values per channel.
    pub width: u32,
}

/// A loaded model.
pub enum Subject {
    /// A GPT and the text it learned.
    Gpt {
        /// The model, frozen, on the inference device.
        model: Gpt,
        /// Its text (character vocabulary and held-out part).
        corpus: Rc<Corpus>,
    },
    /// MiniLM.
    MiniLm(Rc<MiniLm>),
    /// A CNN and the digits it learned.
    Cnn {
        /// The model, frozen, on the inference device.
        model: Cnn,
        /// The digits (the last 2,000 are its test split).
        digits: Rc<Digits>,
    },
}

/// How far a quantized model is from the f32 one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Quality {
    /// The GPT's held-out bits per character.
    pub bits_per_char: Option<f64>,
    /// MiniLM: mean cosine of each sentence's embedding to its f32 one.
    pub mean_cosine: Option<f64>,
    /// MiniLM: the lowest of those cosines.
    pub min_cosine: Option<f64>,
    /// MiniLM: the largest change of any attention weight.
    pub attention_change: Option<f64>,
    /// The CNN's accuracy on the test digits.
    pub accuracy: Option<f64>,
}

impl Quality {
    fn empty() -> Self {
        Self {
            bits_per_char: None,
            mean_cosine: None,
            min_cosine: None,
            attention_change: None,
            accuracy: None,
        }
    }
}

impl Subject {
    /// Every matrix (Linear weights and embedding tables).
    pub fn matrices(&self) -> Vec<Matrix> {
        match self {
            Subject::Gpt { model, .. } => matrices(model),
            Subject::MiniLm(m) => matrices(&m.bert),
            Subject::Cnn { model, .. } => matrices(model),
        }
    }

    /// The list the page shows.
    pub fn infos(&self) -> Vec<MatrixInfo> {
        self.matrices()
            .into_iter()
            .map(|m| {
                let [a, b] = m.weight.dims();
                let (channels, width) = match m.kind {
                    MatrixKind::Linear => (b, a),
                    MatrixKind::Embedding | MatrixKind::Conv => (a, b),
                };
                MatrixInfo {
                    path: m.path,
                    kind: m.kind,
                    channels: channels as u32,
                    width: width as u32,
                }
            })
            .collect()
    }

    /// Every value of the model.
    pub fn params(&self) -> usize {
        match self {
            Subject::Gpt { model, .. } => model.num_params(),
            Subject::MiniLm(m) => m.bert.num_params(),
            Subject::Cnn { model, .. } => model.num_params(),
        }
    }

    /// Bytes with every matrix stored with `scheme` (none: f32) and the
    /// other values (biases, norms) in f32.
    pub fn bytes(&self, scheme: Option<Scheme>) -> f64 {
        let infos = self.infos();
        let in_matrices: usize = infos.iter().map(|m| (m.channels * m.width) as usize).sum();
        let rest = 4 * (self.params() - in_matrices);
        let stored: usize = infos
            .iter()
            .map(|m| match scheme {
                None => 4 * (m.channels * m.width) as usize,
                Some(s) => grid::bytes(m.channels as usize, m.width as usize, s),
            })
            .sum();
        (rest + stored) as f64
    }

    /// Quality with every matrix quantized with `scheme` (none: f32),
    /// measured on `held` held-out characters for a GPT, on `sentences` for MiniLM.
    pub async fn quality(
        &self,
        scheme: Option<Scheme>,
        sentences: &[String],
        held: usize,
    ) -> Result<Quality, Message> {
        match self {
            Subject::Gpt { model, corpus } => {
                let model = match scheme {
                    Some(s) => quantized(model.clone(), s, None)?,
                    None => model.clone(),
                };
                let bits = gpt_bits(&model, corpus, held).await?;
                Ok(Quality {
                    bits_per_char: Some(bits),
                    ..Quality::empty()
                })
            }
            Subject::MiniLm(m) => {
                let bert = match scheme {
                    Some(s) => quantized(m.bert.clone(), s, None)?,
                    None => m.bert.clone(),
                };
                minilm_quality(m, &bert, sentences).await
            }
            Subject::Cnn { model, digits } => {
                let model = match scheme {
                    Some(s) => quantized(model.clone(), s, None)?,
                    None => model.clone(),
                };
                Ok(Quality {
                    accuracy: Some(f64::from(evaluate(&model, digits).await?.accuracy)),
                    ..Quality::empty()
                })
            }
        }
    }
}

/// `model`'s bits per character on at most `held` characters of
/// `corpus`'s held-out text.
pub async fn gpt_bits(model: &Gpt, corpus: &Corpus, held: usize) -> Result<f64, Message> {
    gpt_bits_tapped(model, corpus, held, &mut |_, x| x).await
}

/// [`gpt_bits`] with every input of a matrix passed through `tap`.
pub async fn gpt_bits_tapped(
    model: &Gpt,
    corpus: &Corpus,
    held: usize,
    tap: &mut Tap<'_>,
) -> Result<f64, Message> {
    let device = model.token.weight.device();
    let nats = windows::held_out_loss_tapped(
        model,
        corpus.valid_ids(),
        model.context(),
        held,
        &device,
        tap,
    )
    .await?
    .ok_or_else(|| {
        message!(
            "precision.msg.shortText",
            "the held-out text is too short to measure"
        )
    })?;
    Ok(f64::from(nats) / std::f64::consts::LN_2)
}

/// Most sentences measured.
pub const MAX_SENTENCES: usize = 16;

/// `bert` (MiniLM's weights changed) against MiniLM itself on `sentences`.
async fn minilm_quality(m: &MiniLm, bert: &Bert, sentences: &[String]) -> Result<Quality, Message> {
    let sentences: Vec<&String> = sentences
        .iter()
        .filter(|s| !s.trim().is_empty())
        .take(MAX_SENTENCES)
        .collect();
    if sentences.is_empty() {
        return Err(message!(
            "precision.msg.noSentence",
            "give at least one sentence to compare"
        ));
    }
    let (mut cosines, mut changes) = (Vec::new(), Vec::new());
    for sentence in sentences {
        let ids = crate::models::bert::Encoded::new(&m.wordpiece, sentence)?.ids();
        let (a, b) = (m.forward(&ids), m.forward_with(bert, &ids));
        cosines.push((a.sentence_embedding.clone() * b.sentence_embedding.clone()).sum());
        let change = a
            .attentions
            .into_iter()
            .zip(b.attentions)
            .map(|(x, y)| (x - y).abs().max())
            .collect::<Vec<Tensor<1>>>();
        changes.push(Tensor::cat(change, 0).max());
    }
    let tx = Transaction::default()
        .register(Tensor::cat(cosines, 0))
        .register(Tensor::cat(changes, 0));
    let mut read = read_f32(tx, "the comparison").await?.into_iter();
    let (cosines, changes) = (
        read.next().unwrap_or_default(),
        read.next().unwrap_or_default(),
    );
    let n = cosines.len().max(1) as f64;
    Ok(Quality {
        accuracy: None,
        bits_per_char: None,
        mean_cosine: Some(cosines.iter().map(|&c| f64::from(c)).sum::<f64>() / n),
        min_cosine: Some(
            cosines
                .iter()
                .map(|&c| f64::from(c))
                .fold(f64::INFINITY, |a, c| {
                    if a.is_nan() || c.is_nan() {
                        f64::NAN
                    } else {
                        a.min(c)
                    }
                }),
        ),
        attention_change: Some(crate::reference::worst_of(
            changes.iter().map(|&c| f64::from(c)),
        )),
    })
}
