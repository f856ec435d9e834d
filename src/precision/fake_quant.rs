//! Quantization on the model itself: a weight replaced by the values its
//! integer form stands for ("fake quant": rounded to the grid, computed in
//! f32, which gives the accuracy an integer kernel with the same scales
//! would). Used once after training (PTQ), or on every read during
//! training (QAT) with the straight-through estimator carrying the
//! gradient past `round()`, whose own derivative is zero almost everywhere.
//!
//! The grid is [`super::grid`]'s, written in tensor operations so that it
//! runs on the model's device and inside autodiff. A matrix is a 2-D
//! weight of a `Linear` (burn's `[d_in, d_out]`: a column is an output
//! channel) or an `Embedding` (`[rows, d]`: a row is one token's output
//! channel when the table is tied to the output layer).

use std::collections::HashMap;

use burn::module::{
    Module, ModuleMapper, ModuleVisitor, Param, Reparameterization, Reparameterizer,
};
use burn::tensor::Tensor;
use serde::{Deserialize, Serialize};

use super::grid::{Granularity, Scheme};
use crate::wire::Message;

/// `x` on its quantization grid, one scale per group of `scheme`.
///
/// # Shapes
/// - `w`: `[d_in, d_out]`, a column per output channel; the result has its shape
pub fn fake_quant(w: Tensor<2>, scheme: Scheme) -> Result<Tensor<2>, Message> {
    scheme.check()?;
    let [input, output] = w.dims();
    let group = scheme.granularity.group(input);
    let size = group.unwrap_or(input);
    // A channel that is not a whole number of groups is padded with zeros:
    // every grid's range holds 0 already, so the last, shorter group gets
    // the scale the written-out grid gives it.
    let padded = input.div_ceil(size) * size;
    let w = if padded > input {
        let device = w.device();
        Tensor::cat(vec![w, Tensor::zeros([padded - input, output], &device)], 0)
    } else {
        w
    };
    let x = w.reshape([padded / size, size, output]);
    let (min, max) = match group {
        None => (
            x.clone().min().reshape([1, 1, 1]),
            x.clone().max().reshape([1, 1, 1]),
        ),
        Some(_) => (x.clone().min_dim(1), x.clone().max_dim(1)),
    };
    let top = f64::from(scheme.top());
    let (scale, zero) = if scheme.symmetric {
        let half = f64::from((1u32 << (scheme.bits - 1)) - 1);
        let scale = min.abs().max_pair(max.abs()).div_scalar(half);
        let zero = scale.zeros_like().add_scalar(half + 1.0);
        (safe(scale), zero)
    } else {
        let (lo, hi) = (min.clamp_max(0.0), max.clamp_min(0.0));
        let scale = safe((hi - lo.clone()).div_scalar(top));
        let zero = (lo.neg() / scale.clone()).round().clamp(0.0, top);
        (scale, zero)
    };
    let levels = ((x / scale.clone()).round() + zero.clone()).clamp(0.0, top);
    Ok(((levels - zero) * scale)
        .reshape([padded, output])
        .slice([0..input, 0..output]))
}

/// A scale of 0 (a group of zeros) made 1, as the grid does.
fn safe(scale: Tensor<3>) -> Tensor<3> {
    let zero = scale.clone().equal_elem(0.0);
    scale.mask_fill(zero, 1.0)
}

/// The straight-through estimator: the value of `rounded`, the gradient
/// of `x` (unchanged), since `round()`'s own gradient is zero.
///
/// # Shapes
/// - `x`, `rounded`: the same; the result has it
pub fn straight_through<const D: usize>(x: Tensor<D>, rounded: Tensor<D>) -> Tensor<D> {
    x.clone() + (rounded - x).detach()
}

/// `x` clipped to `[lo, hi]` and rounded to a grid of `step`, with the
/// clipped straight-through estimator: gradient 1 inside the range, 0
/// outside it (clamp's own gradient).
///
/// # Shapes
/// - `x`: any; the result has its shape
pub fn clipped_round<const D: usize>(x: Tensor<D>, lo: f64, hi: f64, step: f64) -> Tensor<D> {
    let clipped = x.clamp(lo, hi);
    let rounded = clipped.clone().div_scalar(step).round().mul_scalar(step);
    straight_through(clipped, rounded)
}

/// What kind of module a matrix belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum MatrixKind {
    /// A `Linear`'s weight, `[d_in, d_out]`.
    Linear,
    /// An `Embedding`'s table, `[rows, d]`.
    Embedding,
    /// A `Conv2d`'s kernels, `[out, in, kh, kw]`, read as `[out, in·kh·kw]`.
    Conv,
}

impl MatrixKind {
    /// The kind of a `D`-dimensional float parameter named `name` in a
    /// module of `container` (burn's `Struct:Name`), if it is a matrix.
    fn of(container: &str, name: &str, d: usize) -> Option<Self> {
        match (container, name, d) {
            ("Struct:Linear", "weight", 2) => Some(Self::Linear),
            ("Struct:Embedding", "weight", 2) => Some(Self::Embedding),
            ("Struct:Conv2d", "weight", 4) => Some(Self::Conv),
            _ => None,
        }
    }

    /// A weight of this kind as a matrix (a convolution's kernels flattened
    /// to one row per output channel).
    ///
    /// # Shapes
    /// - `w`: as stored; returns `[a, b]`
    pub fn matrix<const D: usize>(self, w: Tensor<D>) -> Tensor<2> {
        let dims = w.dims();
        let rest: usize = dims[1..].iter().product();
        w.reshape([dims[0], rest])
    }

    /// `w` with output channels as columns (and back: the same swap).
    ///
    /// # Shapes
    /// - `w`: `[a, b]`; the result is `[a, b]` for a Linear, `[b, a]` for the others
    pub fn columns(self, w: Tensor<2>) -> Tensor<2> {
        match self {
            Self::Linear => w,
            Self::Embedding | Self::Conv => w.transpose(),
        }
    }

    /// `w` fake-quantized with one scale per group of its output channels.
    ///
    /// # Shapes
    /// - `w`: as stored; the result has its shape
    pub fn fake_quant(self, w: Tensor<2>, scheme: Scheme) -> Result<Tensor<2>, Message> {
        Ok(self.columns(fake_quant(self.columns(w), scheme)?))
    }
}

/// One matrix of a model.
#[derive(Debug, Clone)]
pub struct Matrix {
    /// Its path, `blocks.0.attention.query.weight`.
    pub path: String,
    /// Linear or embedding.
    pub kind: MatrixKind,
    /// Its value.
    ///
    /// # Shapes
    /// as stored
    pub weight: Tensor<2>,
}

/// Collects a model's matrices.
#[derive(Default)]
struct Collect {
    path: Vec<(String, String)>,
    found: Vec<Matrix>,
}

impl ModuleVisitor for Collect {
    fn enter_module(&mut self, name: &str, container: &str) {
        self.path.push((name.to_owned(), container.to_owned()));
    }

    fn exit_module(&mut self, _name: &str, _container: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let Some((name, container)) = self.path.last() else {
            return;
        };
        let Some(kind) = MatrixKind::of(container, name, D) else {
            return;
        };
        self.found.push(Matrix {
            path: self
                .path
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join("."),
            kind,
            weight: kind.matrix(param.val()),
        });
    }
}

/// Every matrix of `model`, in the order the model holds them.
pub fn matrices<M: Module>(model: &M) -> Vec<Matrix> {
    let mut collect = Collect::default();
    model.visit(&mut collect);
    collect.found
}

/// Replaces matrices by their fake-quantized values.
struct Quantize<'a> {
    scheme: Scheme,
    only: Option<&'a str>,
    path: Vec<(String, String)>,
    error: Option<Message>,
}

impl ModuleMapper for Quantize<'_> {
    fn enter_module(&mut self, name: &str, container: &str) {
        self.path.push((name.to_owned(), container.to_owned()));
    }

    fn exit_module(&mut self, _name: &str, _container: &str) {
        self.path.pop();
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let Some((name, container)) = self.path.last() else {
            return param;
        };
        let Some(kind) = MatrixKind::of(container, name, D) else {
            return param;
        };
        let path = self
            .path
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(".");
        if self.only.is_some_and(|only| only != path) || self.error.is_some() {
            return param;
        }
        param.map(|w| {
            let dims = w.dims();
            let matrix = kind.matrix(w.clone());
            match kind.fake_quant(matrix, self.scheme) {
                Ok(q) => q.reshape(dims),
                Err(e) => {
                    self.error = Some(e);
                    w
                }
            }
        })
    }
}

/// `model` with its matrices (or only the one at `only`) replaced by their
/// values on the grid of `scheme`: post-training quantization.
pub fn quantized<M: Module>(model: M, scheme: Scheme, only: Option<&str>) -> Result<M, Message> {
    scheme.check()?;
    let mut mapper = Quantize {
        scheme,
        only,
        path: Vec::new(),
        error: None,
    };
    let model = model.map(&mut mapper);
    match mapper.error {
        Some(e) => Err(e),
        None => Ok(model),
    }
}

/// Fake quantization on every read of a matrix, with the straight-through
/// estimator: quantization-aware training. Scales follow the weight as it
/// trains (its current range, not learned).
#[derive(Debug, Module)]
pub struct FakeQuant {
    bits: u32,
    symmetric: bool,
    /// 0: one scale; 1: per channel; else values per group.
    group: usize,
    /// The matrix has a row per output channel (an embedding table or a
    /// convolution's kernels).
    rows: bool,
}

impl FakeQuant {
    fn scheme(&self) -> Scheme {
        Scheme {
            bits: self.bits,
            symmetric: self.symmetric,
            granularity: match self.group {
                0 => Granularity::Tensor,
                1 => Granularity::Channel,
                32 => Granularity::Group32,
                64 => Granularity::Group64,
                _ => Granularity::Group128,
            },
        }
    }
}

impl Reparameterization for FakeQuant {
    const NAME: &'static str = "fake_quant";

    fn apply<const D: usize>(&self, base: Tensor<D>) -> Tensor<D> {
        if D < 2 {
            return base;
        }
        let dims = base.dims();
        let kind = if self.rows {
            MatrixKind::Conv
        } else {
            MatrixKind::Linear
        };
        let matrix = kind.matrix(base.clone());
        match kind.fake_quant(matrix.clone().detach(), self.scheme()) {
            Ok(q) => straight_through(matrix, q).reshape(dims),
            Err(_) => base,
        }
    }
}

/// Attaches [`FakeQuant`] to every matrix.
pub struct QuantizeAware {
    scheme: Scheme,
    kinds: HashMap<String, MatrixKind>,
}

impl QuantizeAware {
    /// Fake quantization with `scheme` on every matrix of `model`.
    pub fn new<M: Module>(model: &M, scheme: Scheme) -> Self {
        let kinds = matrices(model)
            .into_iter()
            .map(|m| (m.path, m.kind))
            .collect();
        Self { scheme, kinds }
    }
}

impl Reparameterizer for QuantizeAware {
    type Reparam = FakeQuant;

    fn reparameterize<const D: usize>(
        &mut self,
        path: &str,
        param: Param<Tensor<D>>,
    ) -> (Param<Tensor<D>>, Option<FakeQuant>) {
        let Some(&kind) = self.kinds.get(path) else {
            return (param, None);
        };
        let group = match self.scheme.granularity {
            Granularity::Tensor => 0,
            Granularity::Channel => 1,
            Granularity::Group32 => 32,
            Granularity::Group64 => 64,
            Granularity::Group128 => 128,
        };
        let reparam = FakeQuant {
            bits: self.scheme.bits,
            symmetric: self.scheme.symmetric,
            group,
            rows: kind != MatrixKind::Linear,
        };
        (param, Some(reparam))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::gpt::GptConfig;
    use crate::precision::grid;
    use burn::tensor::{Device, TensorData};

    fn device() -> Device {
        Device::flex().autodiff()
    }

    fn values(n: usize, seed: u64) -> Vec<f32> {
        let mut rng = crate::rng::Rng::new(seed);
        (0..n)
            .map(|i| (rng.unit() - 0.5) * if i % 7 == 0 { 3.0 } else { 0.3 })
            .collect()
    }

    /// A `[input, output]` matrix fake-quantized with each of `schemes`
    /// against the written-out grid (which takes output channels as rows).
    fn same_as_the_written_out_grid(input: usize, output: usize, seed: u64, schemes: &[Scheme]) {
        let v = values(input * output, seed);
        let w = Tensor::<2>::from_data(TensorData::new(v.clone(), [input, output]), &device());
        let rows: Vec<f32> = (0..output)
            .flat_map(|o| (0..input).map(move |i| (i, o)))
            .map(|(i, o)| v[i * output + o])
            .collect();
        for &scheme in schemes {
            let want = grid::quantize(&rows, output, input, scheme).dequantize();
            let got = fake_quant(w.clone(), scheme)
                .unwrap()
                .into_data()
                .try_to_vec::<f32>()
                .unwrap();
            for o in 0..output {
                for i in 0..input {
                    let (g, r) = (got[i * output + o], want[o * input + i]);
                    assert!(
                        (g - r).abs() <= 1e-6 * r.abs().max(1e-3),
                        "{scheme:?} [{i},{o}]: {g} vs {r}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_tensor_grid_is_the_written_out_grid() {
        let mut schemes = Vec::new();
        for bits in [8, 4] {
            for symmetric in [true, false] {
                for granularity in [
                    Granularity::Tensor,
                    Granularity::Channel,
                    Granularity::Group32,
                    Granularity::Group64,
                    Granularity::Group128,
                ] {
                    schemes.push(Scheme {
                        bits,
                        symmetric,
                        granularity,
                    });
                }
            }
        }
        same_as_the_written_out_grid(128, 24, 5, &schemes);
    }

    #[test]
    fn a_channel_that_is_not_whole_groups_gets_the_written_out_grids_last_group() {
        // 5×5 kernels over 16 channels: 400 values a channel, 6¼ groups of 64.
        let schemes: Vec<Scheme> = [true, false]
            .into_iter()
            .map(|symmetric| Scheme {
                bits: 4,
                symmetric,
                granularity: Granularity::Group64,
            })
            .collect();
        same_as_the_written_out_grid(400, 6, 9, &schemes);
    }

    #[test]
    fn the_straight_through_estimator_passes_the_gradient_inside_the_range_only() {
        let x = Tensor::<1>::from_data([-3.0f32, -0.74, -0.2, 0.0, 0.31, 0.9, 2.5], &device())
            .require_grad();
        let y = clipped_round(x.clone(), -1.0, 1.0, 0.25);
        assert_eq!(
            y.clone().into_data().try_to_vec::<f32>().unwrap(),
            vec![-1.0, -0.75, -0.25, 0.0, 0.25, 1.0, 1.0]
        );
        let grads = (y * Tensor::from_data([1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], &device()))
            .sum()
            .backward();
        let g = x
            .grad(&grads)
            .unwrap()
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        assert_eq!(g, vec![0.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0]);
        // round() alone passes nothing back.
        let x = Tensor::<1>::from_data([0.3f32, 1.7], &device()).require_grad();
        let grads = x.clone().round().sum().backward();
        let g = x
            .grad(&grads)
            .map(|g| g.into_data().try_to_vec::<f32>().unwrap());
        assert!(
            g.as_ref().is_none_or(|g| g.iter().all(|&v| v == 0.0)),
            "{g:?}"
        );
    }

    fn gpt() -> crate::models::gpt::Gpt {
        device().seed(3);
        GptConfig::new(50)
            .with_context(16)
            .with_d_model(32)
            .with_n_heads(4)
            .with_n_layers(2)
            .init(&device())
    }

    #[test]
    fn a_gpts_matrices_are_its_linears_and_embeddings() {
        let found = matrices(&gpt());
        let paths: Vec<(&str, MatrixKind)> =
            found.iter().map(|m| (m.path.as_str(), m.kind)).collect();
        assert!(
            paths.contains(&("token.weight", MatrixKind::Embedding)),
            "{paths:?}"
        );
        assert!(
            paths.contains(&("blocks.1.attention.query.weight", MatrixKind::Linear)),
            "{paths:?}"
        );
        assert!(paths.iter().all(|(p, _)| p.ends_with(".weight")));
    }

    #[test]
    fn quantization_aware_training_reads_the_grid_and_trains_the_f32_weights() {
        let model = gpt();
        let scheme = Scheme {
            bits: 4,
            symmetric: true,
            granularity: Granularity::Channel,
        };
        let ids = Tensor::<2, burn::tensor::Int>::from_data([[1i64, 2, 3, 4, 5]], &device());
        let ptq = quantized(model.clone(), scheme, None).unwrap();
        let want = ptq.forward(ids.clone()).logits;
        let qat = model
            .clone()
            .apply_reparameterization(QuantizeAware::new(&model, scheme));
        let got = qat.forward(ids.clone()).logits;
        let diff = (want.clone() - got.clone())
            .abs()
            .max()
            .into_scalar::<f32>();
        assert!(diff < 1e-5, "QAT's forward is PTQ's: {diff}");
        let plain = model.forward(ids).logits;
        assert!(
            (plain - want).abs().max().into_scalar::<f32>() > 1e-3,
            "int4 changes the outputs"
        );
        let grads = got.sum().backward();
        let grads = burn::optim::GradientsParams::from_grads(grads, &qat);
        let query = &qat.blocks[0].attention.query.weight;
        let g = grads
            .get::<2>(query.id)
            .expect("the f32 weight has a gradient");
        assert!(g.abs().sum().into_scalar::<f32>() > 0.0);
    }
}
