//! Mixed-precision training, simulated on a real GPT training step: the
//! forward pass reads its weights rounded to fp16 or bf16 (the f32 master
//! weights are what the optimizer updates: the straight-through estimator
//! hands their gradient back unchanged), the loss is multiplied by the
//! loss scale, every gradient is rounded to the format as the backward pass
//! hands it over (where small ones vanish and large ones overflow), then
//! divided by the scale in f32 for the update. Activations stay f32: what
//! is rounded is stated in the page.

use std::rc::Rc;

use burn::module::{Module, ModuleVisitor, Param, Reparameterization, Reparameterizer};
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor, Transaction};
use serde::{Deserialize, Serialize};

use super::fake_quant::straight_through;
use super::formats::Format;
use super::run::{RunSettings, TextRun};
use super::scaler::{LossScaler, Scaling};
use super::subject::gpt_bits;
use crate::corpus::Corpus;
use crate::models::gpt::Gpt;
use crate::readback::read_f32;
use crate::slice::{self, Slice};
use crate::wire::Message;

/// One run's format and loss scaling.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MixedSpec {
    /// The format weights and gradients are rounded to.
    pub format: Format,
    /// How the loss is scaled.
    pub scaling: Scaling,
}

/// Every weight rounded to a format on each read, gradient straight through.
#[derive(Debug, Module)]
pub struct RoundTo {
    bf16: bool,
}

impl Reparameterization for RoundTo {
    const NAME: &'static str = "round_to";

    fn apply<const D: usize>(&self, base: Tensor<D>) -> Tensor<D> {
        let format = if self.bf16 {
            Format::Bf16
        } else {
            Format::Fp16
        };
        let rounded = format.round_tensor(base.clone().detach());
        straight_through(base, rounded)
    }
}

/// Attaches [`RoundTo`] to every float parameter.
struct RoundAll(bool);

impl Reparameterizer for RoundAll {
    type Reparam = RoundTo;

    fn reparameterize<const D: usize>(
        &mut self,
        _path: &str,
        param: Param<Tensor<D>>,
    ) -> (Param<Tensor<D>>, Option<RoundTo>) {
        (param, Some(RoundTo { bf16: self.0 }))
    }
}

/// Rounds every gradient to a format, counts what it lost, and divides the
/// scale back out.
struct RoundGrads<'a> {
    grads: &'a mut GradientsParams,
    format: Format,
    scale: f64,
    /// Per parameter: values that were not zero before rounding.
    nonzero: Vec<Tensor<1>>,
    /// Those that rounding made zero.
    vanished: Vec<Tensor<1>>,
    /// Those that became infinite or NaN.
    overflowed: Vec<Tensor<1>>,
    /// The scaled gradients before rounding, flattened.
    scaled: Vec<Tensor<1>>,
}

impl ModuleVisitor for RoundGrads<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let Some(g) = self.grads.remove::<D>(param.id) else {
            return;
        };
        let n = g.shape().num_elements();
        let flat: Tensor<1> = g.reshape([n]);
        let rounded = self.format.round_tensor(flat.clone());
        let was = flat.clone().not_equal_elem(0.0);
        let now_zero = rounded.clone().equal_elem(0.0);
        self.nonzero.push(was.clone().float().sum());
        self.vanished.push(was.bool_and(now_zero).float().sum());
        let finite = rounded.clone().is_finite();
        self.overflowed.push(finite.bool_not().float().sum());
        self.scaled.push(flat);
        let dims = param.val().dims();
        self.grads
            .register::<D>(param.id, rounded.div_scalar(self.scale).reshape(dims));
    }
}

/// What a run's gradients went through, over a round.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GradientCounts {
    /// Gradient values that were not zero.
    pub nonzero: f64,
    /// Those the format rounded to zero.
    pub vanished: f64,
    /// Steps with an infinite or NaN gradient.
    pub overflow_steps: u32,
}

/// Bins of the gradient histogram: log2|g| from −48 to 24.
pub const HISTOGRAM_LOW: i32 = -48;
/// One past the highest bin.
pub const HISTOGRAM_HIGH: i32 = 24;

/// One run of the experiment.
pub struct MixedRun {
    /// Its format and loss scaling.
    pub spec: MixedSpec,
    run: TextRun,
    scaler: LossScaler,
    corpus: Rc<Corpus>,
    held: usize,
    /// Steps skipped (a dynamic scale after an overflow).
    pub skipped: u32,
    /// This round's counts (reset by [`Self::round`]).
    counts: GradientCounts,
    /// The last step's scaled gradients, flattened.
    last: Option<Tensor<1>>,
}

impl MixedRun {
    /// A fresh copy of `model` (on the autodiff `device`) training on `corpus` under `spec`.
    pub fn new(
        model: Gpt,
        spec: MixedSpec,
        corpus: Rc<Corpus>,
        settings: &RunSettings,
        device: &Device,
    ) -> Self {
        let model = match spec.format {
            Format::Fp32 => model,
            f => model.apply_reparameterization(RoundAll(f == Format::Bf16)),
        };
        Self {
            spec,
            run: TextRun::new(model, corpus.clone(), settings, device),
            scaler: LossScaler::new(spec.scaling),
            corpus,
            held: settings.held_out as usize,
            skipped: 0,
            counts: GradientCounts::default(),
            last: None,
        }
    }

    /// Steps taken (skipped ones included).
    pub fn taken(&self) -> u64 {
        self.run.steps
    }

    /// The loss scale now.
    pub fn scale(&self) -> f64 {
        self.scaler.scale()
    }

    /// Held-out bits per character of the model as it reads its weights.
    pub async fn bits(&self) -> Result<f64, Message> {
        gpt_bits(
            &self.run.model().valid().materialize(),
            &self.corpus,
            self.held,
        )
        .await
    }

    /// The round's counts and the histogram of the last step's scaled
    /// gradients (`log2|g|` in unit bins from [`HISTOGRAM_LOW`], then the
    /// count of exact zeros); both reset.
    pub async fn round(&mut self) -> Result<(GradientCounts, Vec<u32>), Message> {
        let counts = std::mem::take(&mut self.counts);
        let Some(last) = self.last.take() else {
            return Ok((counts, Vec::new()));
        };
        let values = read_f32(Transaction::default().register(last), "the gradients")
            .await?
            .pop()
            .unwrap_or_default();
        let bins = (HISTOGRAM_HIGH - HISTOGRAM_LOW) as usize;
        let mut histogram = vec![0u32; bins + 1];
        for v in values {
            if v == 0.0 {
                histogram[bins] += 1;
            } else if v.is_finite() {
                let e = v.abs().log2().floor() as i32;
                histogram[(e.clamp(HISTOGRAM_LOW, HISTOGRAM_HIGH - 1) - HISTOGRAM_LOW) as usize] +=
                    1;
            }
        }
        Ok((counts, histogram))
    }
}

impl slice::Trainer for MixedRun {
    async fn steps(&mut self, steps: usize) -> Result<Slice, Message> {
        let mut losses = Vec::with_capacity(steps);
        for _ in 0..steps {
            let (model, loss) = self.run.loss()?;
            let scale = self.scaler.scale();
            let mut grads =
                GradientsParams::from_grads(loss.clone().mul_scalar(scale).backward(), &model);
            let mut round = RoundGrads {
                grads: &mut grads,
                format: self.spec.format,
                scale,
                nonzero: Vec::new(),
                vanished: Vec::new(),
                overflowed: Vec::new(),
                scaled: Vec::new(),
            };
            model.visit(&mut round);
            let (nonzero, vanished, overflowed, scaled) = (
                round.nonzero,
                round.vanished,
                round.overflowed,
                round.scaled,
            );
            let tx = Transaction::default()
                .register(loss.clone().detach().inner())
                .register(Tensor::cat(nonzero, 0).sum())
                .register(Tensor::cat(vanished, 0).sum())
                .register(Tensor::cat(overflowed, 0).sum());
            let read = match read_f32(tx, "the step").await {
                Ok(read) => read,
                Err(e) => {
                    // The model goes back: the next request can still use it.
                    self.run.keep(model);
                    return Err(e.into());
                }
            };
            let value = |i: usize| {
                read.get(i)
                    .and_then(|v| v.first().copied())
                    .unwrap_or(f32::NAN)
            };
            self.counts.nonzero += f64::from(value(1));
            self.counts.vanished += f64::from(value(2));
            let overflow = value(3) != 0.0;
            if overflow {
                self.counts.overflow_steps += 1;
            }
            self.last = Some(Tensor::cat(scaled, 0));
            if self.scaler.update(overflow) {
                self.run.update(model, grads);
            } else {
                self.skipped += 1;
                self.run.keep(model);
            }
            let l = value(0);
            losses.push(l);
            if !l.is_finite() || l > self.run.limit() {
                return Ok(Slice {
                    losses,
                    diverged: true,
                });
            }
        }
        Ok(Slice {
            losses,
            diverged: false,
        })
    }

    fn diverged(&self) -> bool {
        self.run.diverged
    }

    fn mark_diverged(&mut self) {
        self.run.diverged = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::module::Module;
    use burn::nn::{Linear, LinearConfig};
    use burn::tensor::Device;

    /// A Linear whose weight gradient is `g` everywhere, rounded to fp16
    /// after scaling by `scale`, then unscaled: what the optimizer gets.
    fn rounded(g: f32, scale: f64) -> (f32, f64) {
        let device = Device::flex().autodiff();
        let layer: Linear = LinearConfig::new(2, 2).with_bias(false).init(&device);
        let x = Tensor::<2>::ones([1, 2], &device);
        // d(sum(x·W)·g)/dW = g for every weight.
        let loss = layer.forward(x).sum().mul_scalar(g).mul_scalar(scale);
        let mut grads = GradientsParams::from_grads(loss.backward(), &layer);
        let mut round = RoundGrads {
            grads: &mut grads,
            format: Format::Fp16,
            scale,
            nonzero: Vec::new(),
            vanished: Vec::new(),
            overflowed: Vec::new(),
            scaled: Vec::new(),
        };
        layer.visit(&mut round);
        let vanished = Tensor::cat(round.vanished, 0).sum().into_scalar::<f32>();
        let got = grads
            .get::<2>(layer.weight.id)
            .unwrap()
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        (got[0], f64::from(vanished))
    }

    #[test]
    fn a_loss_scale_saves_small_gradients_and_is_divided_back_out() {
        // 1e-8 is under half of fp16's smallest subnormal: gone unscaled.
        assert_eq!(rounded(1e-8, 1.0), (0.0, 4.0));
        // Scaled by 8192 it is 8.2e-5, a normal fp16 value, and comes back
        // as about 1e-8 (to fp16's precision).
        let (g, vanished) = rounded(1e-8, 8192.0);
        assert_eq!(vanished, 0.0);
        assert!((g - 1e-8).abs() < 1e-11, "{g}");
    }
}
