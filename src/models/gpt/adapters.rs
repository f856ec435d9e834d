//! LoRA on a GPT with burn's own support (`Module::apply_lora`): every
//! weight of the base is frozen, and each chosen matrix W [d_in × d_out]
//! reads as W + (α/r)·A·B, with A [d_in × r] random and B [r × d_out] zero
//! at the start (so the adapted model starts exactly as the base), and only
//! A and B train. `Module::materialize` folds each update into its matrix
//! (merging). This file names the matrices LoRA can adapt and reads the
//! adapters back for the views.

use burn::module::{Lora, LoraAdapter, Module, ParamGroup};
use burn::nn::Linear;
use serde::{Deserialize, Serialize};

use super::model::Gpt;

/// A matrix an adapter can attach to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum LoraTarget {
    /// The attention's W_Q.
    Query,
    /// The attention's W_K.
    Key,
    /// The attention's W_V.
    Value,
    /// The attention's output projection W_O.
    Output,
    /// The GELU MLP's expansion.
    MlpIn,
    /// The MLP's projection back.
    MlpOut,
}

impl LoraTarget {
    /// Every target, in the page's order.
    pub const ALL: [LoraTarget; 6] = [
        LoraTarget::Query,
        LoraTarget::Key,
        LoraTarget::Value,
        LoraTarget::Output,
        LoraTarget::MlpIn,
        LoraTarget::MlpOut,
    ];

    /// The weight's path in block `layer`, as burn names the parameter.
    pub fn path(self, layer: usize) -> String {
        let at = match self {
            LoraTarget::Query => "attention.query",
            LoraTarget::Key => "attention.key",
            LoraTarget::Value => "attention.value",
            LoraTarget::Output => "attention.output",
            LoraTarget::MlpIn => "mlp.input",
            LoraTarget::MlpOut => "mlp.out",
        };
        format!("blocks.{layer}.{at}.weight")
    }
}

impl Gpt {
    /// This model frozen, with a rank-`rank` adapter (scaled α/r) on each
    /// of `targets` in every block (the MLP's expansion only where the MLP
    /// is GELU's: SwiGLU's gate is a layer of its own).
    pub fn with_lora(self, rank: usize, alpha: f64, targets: &[LoraTarget]) -> Gpt {
        let paths: Vec<String> = (0..self.blocks.len())
            .flat_map(|layer| targets.iter().map(move |t| t.path(layer)))
            .collect();
        self.apply_lora(Lora::new(rank, alpha).set_param_group(ParamGroup::from_paths(paths)))
    }

    /// The matrix `target` of block `layer`.
    pub fn matrix(&self, layer: usize, target: LoraTarget) -> Option<&Linear> {
        let block = self.blocks.get(layer)?;
        match target {
            LoraTarget::Query => Some(&block.attention.query),
            LoraTarget::Key => Some(&block.attention.key),
            LoraTarget::Value => Some(&block.attention.value),
            LoraTarget::Output => Some(&block.attention.output),
            LoraTarget::MlpIn => block.mlp.input.as_ref(),
            LoraTarget::MlpOut => Some(&block.mlp.out),
        }
    }

    /// Every adapter, by block and target.
    pub fn adapters(&self) -> Vec<(usize, LoraTarget, &LoraAdapter)> {
        (0..self.blocks.len())
            .flat_map(|layer| LoraTarget::ALL.into_iter().map(move |t| (layer, t)))
            .filter_map(|(layer, t)| Some((layer, t, self.matrix(layer, t)?.weight.adapter()?)))
            .collect()
    }

    /// The values the adapters train: r·(d_in + d_out) each.
    pub fn adapter_params(&self) -> usize {
        self.adapters()
            .iter()
            .map(|(_, _, a)| a.a.shape().num_elements() + a.b.shape().num_elements())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use burn::nn::loss::CrossEntropyLossConfig;
    use burn::optim::{AdamWConfig, GradientsParams};
    use burn::tensor::{Device, Int, Tensor, TensorData};

    use super::*;
    use crate::models::gpt::GptConfig;

    fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
        t.into_data().try_to_vec::<f32>().unwrap()
    }

    fn ids(values: Vec<i64>, device: &Device) -> Tensor<2, Int> {
        let n = values.len();
        Tensor::from_data(TensorData::new(values, [1, n]), device)
    }

    fn base(device: &Device) -> Gpt {
        GptConfig::new(11)
            .with_context(8)
            .with_d_model(16)
            .with_n_heads(4)
            .with_n_layers(2)
            .init(device)
    }

    /// Every weight and bias of the base (the frozen values), in order.
    fn base_weights(model: &Gpt) -> Vec<Vec<f32>> {
        let mut out = vec![values(model.token.weight.base())];
        for b in &model.blocks {
            let a = &b.attention;
            let linears = [
                &a.query,
                &a.key,
                &a.value,
                &a.output,
                &b.mlp.out,
                b.mlp.input.as_ref().unwrap(),
            ];
            for l in linears {
                out.push(values(l.weight.base()));
                out.push(values(l.bias.as_ref().unwrap().base()));
            }
        }
        out
    }

    #[test]
    fn a_fresh_adapter_changes_nothing_and_counts_r_times_in_plus_out() {
        let device = Device::flex();
        let model = base(&device);
        let input = ids(vec![1, 2, 3, 4, 5], &device);
        let before = values(model.forward(input.clone()).logits);
        let adapted = model.with_lora(4, 8.0, &LoraTarget::ALL);
        assert_eq!(
            values(adapted.forward(input).logits),
            before,
            "B = 0: exactly the base"
        );
        // per block: q, k, v, o are 16×16, the MLP 16×64 and 64×16.
        let per_block = 4 * 4 * (16 + 16) + 2 * 4 * (16 + 64);
        assert_eq!(adapted.adapter_params(), 2 * per_block);
        assert_eq!(adapted.adapters().len(), 12);
        assert!(
            adapted
                .adapters()
                .iter()
                .all(|(_, _, a)| (a.scale - 2.0).abs() < 1e-12),
            "α/r = 8/4"
        );
    }

    #[test]
    fn only_the_adapters_train_and_merging_gives_the_same_scores() {
        let device = Device::flex().autodiff();
        device.seed(5);
        let frozen = base(&device);
        let weights = base_weights(&frozen);
        let targets = [LoraTarget::Query, LoraTarget::Value, LoraTarget::MlpOut];
        let mut model = frozen.with_lora(2, 4.0, &targets);
        let mut optim = AdamWConfig::new().with_weight_decay(0.1).init();
        let text: Vec<i64> = [1, 2, 3, 4, 5, 6, 7, 8, 9].repeat(2);
        let loss_fn = CrossEntropyLossConfig::new().init(&device);
        let next = Tensor::<1, Int>::from_data(TensorData::new(text[1..9].to_vec(), [8]), &device);
        let mut losses = Vec::new();
        for _ in 0..30 {
            let logits = model
                .forward(ids(text[..8].to_vec(), &device))
                .logits
                .reshape([8, 11]);
            let loss = loss_fn.forward(logits, next.clone());
            losses.push(values(loss.clone().inner())[0]);
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optim.step(1e-2, model, grads);
        }
        assert!(
            losses[29] < losses[0],
            "the adapters learn: {} -> {}",
            losses[0],
            losses[29]
        );
        assert_eq!(base_weights(&model), weights, "the base, bit for bit");
        let b = values(model.adapters()[0].2.b.val());
        assert!(b.iter().any(|&v| v != 0.0), "B moved off zero");

        let model = model.valid();
        let input = ids(vec![3, 1, 4, 1, 5, 9], &device.inner());
        let adapted = values(model.forward(input.clone()).logits);
        let merged = model.clone().materialize();
        assert!(merged.adapters().is_empty(), "merging drops the adapters");
        let folded = values(merged.forward(input).logits);
        let worst = adapted
            .iter()
            .zip(&folded)
            .map(|(a, b)| f64::from((a - b).abs()))
            .fold(0.0, crate::reference::worst);
        assert!(worst < 1e-5, "merged against adapted: {worst}");
    }
}
