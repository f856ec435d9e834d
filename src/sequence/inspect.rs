//! Looking inside a recurrent network: how far back a loss's gradient
//! reaches (the vanishing gradient made visible), and what every gate and
//! state does along a text.

use burn::nn::DropoutConfig;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::tensor::{Device, Int, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use super::cell::CellKind;
use super::net::CharNet;
use crate::readback;
use crate::wire::Message;

/// Longest sequence the probes follow back.
pub const MAX_PROBE_STEPS: usize = 200;
/// Longest text the gate view traces.
pub const MAX_TRACE_CHARS: usize = 160;

/// dLoss/dh_t for one network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GradientRun {
    /// Recurrence.
    pub cell: CellKind,
    /// Training steps the network had taken (0: freshly initialised).
    #[cfg_attr(test, ts(type = "number"))]
    pub steps: u64,
    /// ‖dLoss/dh_t‖ for t = 1..T, where the loss is the last character's.
    pub norms: Vec<f32>,
}

/// Answer to `sequenceGradients`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GradientFlow {
    /// One per recurrence.
    pub runs: Vec<GradientRun>,
    /// Sequences in the batch.
    pub batch: u32,
}

/// One activation along the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GateMap {
    /// `input`, `forget`, `candidate`, `output`, `reset`, `update`,
    /// `hidden` or `cell`.
    pub name: String,
    /// f32 `[T, H]`, step-major.
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub values: Vec<f32>,
}

/// Answer to `sequenceGates`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Gates {
    /// Recurrence.
    pub cell: CellKind,
    /// The characters read, one per step.
    pub chars: Vec<String>,
    /// Hidden size `H`.
    pub hidden: u32,
    /// Per layer, bottom first: the gates, then `hidden` (and `cell`).
    pub layers: Vec<Vec<GateMap>>,
    /// Probability the model gave each next character (the last has none).
    pub next_probability: Vec<f32>,
}

/// ‖dL/dh_t‖ of the top layer for every step t, where L is the loss on the
/// last character only, averaged over the batch, without dropout.
///
/// # Shapes
/// - `ids`: `[batch, T + 1]` (the inputs and, shifted by one, the targets)
pub async fn gradient_through_time(
    model: &CharNet,
    ids: Tensor<2, Int>,
    device: &Device,
) -> Result<Vec<f32>, Message> {
    let [batch, len] = ids.dims();
    let steps = len - 1;
    // A clone shares its parameters with the trainer's network: they keep
    // requiring gradients (`no_grad` here would stop the training itself).
    let mut model = model.clone();
    model.dropout = DropoutConfig::new(0.0).init();
    let inputs = ids.clone().narrow(1, 0, steps);
    let target = ids.narrow(1, steps, 1).reshape([batch]);
    let probes: Vec<Tensor<2>> = (0..steps)
        .map(|_| Tensor::zeros([batch, model.hidden()], device).require_grad())
        .collect();
    let out = model.forward(
        inputs,
        model.zero_states(batch, device),
        Some(&probes),
        false,
    );
    let vocab = out.logits.dims()[1];
    let last = out
        .logits
        .reshape([batch, steps, vocab])
        .narrow(1, steps - 1, 1)
        .reshape([batch, vocab]);
    let loss = CrossEntropyLossConfig::new()
        .init(device)
        .forward(last, target);
    let grads = loss.backward();
    let mut tx = Transaction::default();
    for probe in &probes {
        let g = probe
            .grad(&grads)
            .unwrap_or_else(|| Tensor::zeros([batch, model.hidden()], &device.clone().inner()));
        tx = tx.register(g.powf_scalar(2.0).sum().sqrt());
    }
    let norms = readback::read_f32(tx, "the gradients")
        .await?
        .into_iter()
        .map(|v| v.first().copied().unwrap_or(0.0))
        .collect();
    Ok(norms)
}

/// Every gate and state of every layer while `model` (on a device without
/// autodiff) reads `ids`.
pub async fn gates(
    model: &CharNet,
    ids: &[u32],
    chars: Vec<String>,
    device: &Device,
) -> Result<Gates, Message> {
    let steps = ids.len();
    let input: Vec<i64> = ids.iter().map(|&i| i64::from(i)).collect();
    let input = Tensor::<2, Int>::from_data(TensorData::new(input, [1, steps]), device);
    let out = model.forward(input, model.zero_states(1, device), None, true);
    let kind = model.kind();
    let traces = out.trace.ok_or("the trace is missing")?;
    let probabilities = burn::tensor::activation::softmax(out.logits, 1);
    let mut tx = Transaction::default().register(probabilities);
    let mut names: Vec<Vec<String>> = Vec::new();
    for trace in &traces {
        let mut layer = Vec::new();
        let mut add = |name: &str, per_step: Vec<Tensor<2>>| {
            if !per_step.is_empty() {
                tx = std::mem::take(&mut tx).register(Tensor::cat(per_step, 0));
                layer.push(name.to_owned());
            }
        };
        for (g, name) in kind.gate_names().iter().enumerate() {
            add(name, trace.gates.iter().map(|s| s[g].clone()).collect());
        }
        add("hidden", trace.hidden.clone());
        add("cell", trace.cell.clone());
        names.push(layer);
    }
    let mut values = readback::read_f32(tx, "the gates").await?.into_iter();
    let probabilities = values.next().ok_or("missing probabilities")?;
    let vocab = probabilities.len() / steps.max(1);
    let next_probability = (0..steps.saturating_sub(1))
        .map(|t| probabilities[t * vocab + ids[t + 1] as usize])
        .collect();
    let layers = names
        .into_iter()
        .map(|layer| {
            layer
                .into_iter()
                .map(|name| {
                    Ok(GateMap {
                        name,
                        values: values.next().ok_or("missing gate")?,
                    })
                })
                .collect::<Result<Vec<_>, Message>>()
        })
        .collect::<Result<Vec<_>, Message>>()?;
    Ok(Gates {
        cell: kind,
        chars,
        hidden: model.hidden() as u32,
        layers,
        next_probability,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::host::testing::block_on;
    use crate::sequence::train::{SequenceConfig, Trainer};
    use crate::slice::Trainer as _;
    use std::rc::Rc;

    fn device() -> Device {
        Device::flex().autodiff()
    }

    /// A long-dependency toy task: every sequence starts with a or b and ends
    /// with the same letter; everything between is noise. The last character's
    /// loss depends on the first, 40 steps back.
    fn toy_corpus() -> Rc<Corpus> {
        let mut state = 12345u64;
        let mut text = String::new();
        for k in 0..400 {
            let key = if k % 2 == 0 { 'a' } else { 'b' };
            text.push(key);
            for _ in 0..39 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push(['x', 'y', 'z'][(state >> 33) as usize % 3]);
            }
            text.push(key);
            text.push('\n');
        }
        Rc::new(Corpus::new(&text).unwrap())
    }

    #[test]
    fn lstm_gradient_through_time_decays_more_slowly_than_the_plain_rnns() {
        let corpus = toy_corpus();
        let steps = 40;
        let ids: Vec<i64> = (0..8)
            .flat_map(|k| {
                corpus.ids[k * 42..k * 42 + steps + 1]
                    .iter()
                    .map(|&i| i64::from(i))
            })
            .collect();
        let mut decay = Vec::new();
        for cell in [CellKind::Rnn, CellKind::Lstm, CellKind::Gru] {
            let config = SequenceConfig {
                cell,
                hidden: 64,
                embed: 16,
                bptt: 41,
                batch: 8,
                seed: 3,
                ..SequenceConfig::default()
            };
            let mut trainer = Trainer::new(config, corpus.clone(), &device()).unwrap();
            block_on(trainer.run(30)).unwrap();
            let input = Tensor::<2, Int>::from_data(
                TensorData::new(ids.clone(), [8, steps + 1]),
                &device(),
            );
            let norms = block_on(gradient_through_time(trainer.model(), input, &device())).unwrap();
            assert_eq!(norms.len(), steps);
            assert!(norms.iter().all(|n| n.is_finite()));
            // How much of the last step's gradient reaches the first step.
            let reach = norms[0] / norms[steps - 1];
            eprintln!(
                "{cell:?}: first {:.3e} last {:.3e} reach {reach:.3e}",
                norms[0],
                norms[steps - 1]
            );
            decay.push(reach);
        }
        assert!(
            decay[1] > 10.0 * decay[0],
            "LSTM {:.3e} vs RNN {:.3e}",
            decay[1],
            decay[0]
        );
        assert!(
            decay[2] > 10.0 * decay[0],
            "GRU {:.3e} vs RNN {:.3e}",
            decay[2],
            decay[0]
        );
    }

    #[test]
    fn probing_leaves_the_trained_network_trainable() {
        let corpus = toy_corpus();
        let config = SequenceConfig {
            hidden: 16,
            embed: 8,
            bptt: 8,
            batch: 4,
            ..SequenceConfig::default()
        };
        let mut trainer = Trainer::new(config, corpus.clone(), &device()).unwrap();
        let ids: Vec<i64> = corpus.ids[..9].iter().map(|&i| i64::from(i)).collect();
        let input = Tensor::<2, Int>::from_data(TensorData::new(ids, [1, 9]), &device());
        // Probe the fresh network first: its parameters are still lazy, and
        // the probe's clone shares them (reading them first would hide a
        // probe that switched them off).
        block_on(gradient_through_time(trainer.model(), input, &device())).unwrap();
        let before = parameters(trainer.model());
        assert!(block_on(trainer.run(2)).is_ok());
        let after = parameters(trainer.model());
        assert_eq!(before.len(), after.len());
        // Embedding, each cell's input and hidden maps with their biases,
        // the output layer: every one of them moved.
        assert!(before.len() >= 5, "{} parameters", before.len());
        let frozen: Vec<usize> = (0..before.len())
            .filter(|&i| before[i] == after[i])
            .collect();
        assert!(
            frozen.is_empty(),
            "parameters {frozen:?} of {} did not change in two steps after probing",
            before.len()
        );
    }

    /// Every float parameter's values, in the module's order.
    fn parameters(model: &CharNet) -> Vec<Vec<f32>> {
        struct Collect(Vec<Vec<f32>>);
        impl burn::module::ModuleVisitor for Collect {
            fn visit_float<const D: usize>(&mut self, param: &burn::module::Param<Tensor<D>>) {
                self.0
                    .push(param.val().into_data().try_to_vec::<f32>().unwrap());
            }
        }
        let mut collect = Collect(Vec::new());
        burn::module::Module::visit(model, &mut collect);
        collect.0
    }
}
