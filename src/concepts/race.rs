//! Optimizers racing on 2-D loss surfaces: the learner's choice of
//! surface, one starting point, and burn's own SGD, momentum, Nesterov,
//! RMSprop, Adam and AdamW each taking the same number of steps on the
//! same function, their paths read back for the contour plot.
//!
//! The surface is written once, as tensor arithmetic: the optimizers get
//! its gradient by autodiff at their point, and the contour plot evaluates
//! it on a grid of points.

use burn::module::{Module, Param};
use burn::optim::momentum::MomentumConfig;
use burn::optim::{
    AdamConfig, AdamWConfig, GradientsParams, ModuleOptimizer, RmsPropConfig, SgdConfig,
};
use burn::tensor::{Device, Tensor, TensorData, Transaction};
use serde::{Deserialize, Serialize};

use crate::message;
use crate::readback;
use crate::wire::Message;

/// The landscapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Surface {
    /// x²/2 + 10 y²: a valley 20 times steeper across than along.
    Bowl,
    /// (1 − x)² + 100 (y − x²)²: a curved, flat-bottomed valley.
    Rosenbrock,
    /// x² − y² + y⁴/4: a saddle at the origin between two minima.
    Saddle,
    /// Himmelblau's (x² + y − 11)² + (x + y² − 7)²: four minima.
    Himmelblau,
}

/// The racers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Racer {
    /// Plain gradient descent.
    Sgd,
    /// Heavy-ball momentum.
    Momentum,
    /// Nesterov momentum: the gradient taken after the momentum step.
    Nesterov,
    /// RMSprop.
    RmsProp,
    /// Adam.
    Adam,
    /// Adam with decoupled weight decay 0.1.
    AdamW,
}

impl Racer {
    /// Every racer, in the order the page lists them.
    pub const ALL: [Racer; 6] = [
        Racer::Sgd,
        Racer::Momentum,
        Racer::Nesterov,
        Racer::RmsProp,
        Racer::Adam,
        Racer::AdamW,
    ];
}

/// A race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RaceConfig {
    /// Landscape.
    pub surface: Surface,
    /// Learning rate of every racer.
    pub lr: f64,
    /// Momentum coefficient (momentum, Nesterov) and RMSprop's decay.
    pub momentum: f64,
    /// Adam's β₁.
    pub beta1: f64,
    /// Adam's β₂.
    pub beta2: f64,
    /// Steps each racer takes.
    pub steps: u32,
}

/// One racer's path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Path {
    /// Who.
    pub racer: Racer,
    /// x at the start and after each step.
    pub xs: Vec<f32>,
    /// y likewise.
    pub ys: Vec<f32>,
    /// The surface's value at the end.
    pub last: f32,
}

/// Answer to a race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Race {
    /// The plotted square: x from `bounds[0]` to `bounds[1]`, y from
    /// `bounds[2]` to `bounds[3]`.
    pub bounds: [f32; 4],
    /// Side of the grid.
    pub side: u32,
    /// The surface on the grid, row 0 at the top (highest y).
    #[serde(with = "crate::wire::f32_bytes")]
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    pub grid: Vec<f32>,
    /// Every racer's path.
    pub paths: Vec<Path>,
    /// Where the global minima are.
    pub minima: Vec<[f32; 2]>,
}

/// Grid side of the contour plot.
const SIDE: usize = 96;

impl Surface {
    /// The value at points `(x, y)`.
    ///
    /// # Shapes
    /// - `x`, `y`, returns: `[n]`
    pub fn value(self, x: Tensor<1>, y: Tensor<1>) -> Tensor<1> {
        match self {
            Surface::Bowl => {
                x.powf_scalar(2.0).mul_scalar(0.5) + y.powf_scalar(2.0).mul_scalar(10.0)
            }
            Surface::Rosenbrock => {
                x.clone().neg().add_scalar(1.0).powf_scalar(2.0)
                    + (y - x.powf_scalar(2.0)).powf_scalar(2.0).mul_scalar(100.0)
            }
            Surface::Saddle => {
                x.powf_scalar(2.0) - y.clone().powf_scalar(2.0)
                    + y.powf_scalar(4.0).mul_scalar(0.25)
            }
            Surface::Himmelblau => {
                (x.clone().powf_scalar(2.0) + y.clone())
                    .sub_scalar(11.0)
                    .powf_scalar(2.0)
                    + (x + y.powf_scalar(2.0)).sub_scalar(7.0).powf_scalar(2.0)
            }
        }
    }

    /// The plotted square.
    pub fn bounds(self) -> [f32; 4] {
        match self {
            Surface::Bowl => [-2.5, 2.5, -1.5, 1.5],
            Surface::Rosenbrock => [-2.0, 2.0, -1.0, 3.0],
            Surface::Saddle => [-2.0, 2.0, -2.5, 2.5],
            Surface::Himmelblau => [-5.0, 5.0, -5.0, 5.0],
        }
    }

    /// Where every racer starts.
    pub fn start(self) -> [f32; 2] {
        match self {
            Surface::Bowl => [-2.2, 1.0],
            Surface::Rosenbrock => [-1.5, 2.5],
            Surface::Saddle => [-1.8, 0.001],
            Surface::Himmelblau => [-0.5, -0.5],
        }
    }

    /// The global minima.
    pub fn minima(self) -> Vec<[f32; 2]> {
        match self {
            Surface::Bowl => vec![[0.0, 0.0]],
            Surface::Rosenbrock => vec![[1.0, 1.0]],
            Surface::Saddle => vec![
                [0.0, std::f32::consts::SQRT_2],
                [0.0, -std::f32::consts::SQRT_2],
            ],
            Surface::Himmelblau => vec![
                [3.0, 2.0],
                [-2.805_118, 3.131_312],
                [-3.779_31, -3.283_186],
                [3.584_428, -1.848_126],
            ],
        }
    }
}

/// The racer's position: the only parameter of its "model".
#[derive(Module, Debug)]
struct Point {
    xy: Param<Tensor<1>>,
}

impl RaceConfig {
    fn check(&self) -> Result<(), Message> {
        crate::limits::learning_rate(self.lr)?;
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(message!(
                "concepts.msg.momentum",
                "momentum must be at least 0 and below 1"
            ));
        }
        for (name, v) in [("β₁", self.beta1), ("β₂", self.beta2)] {
            if !(0.0..1.0).contains(&v) {
                return Err(message!(
                    "concepts.msg.beta",
                    "{name} must be at least 0 and below 1",
                    name = name
                ));
            }
        }
        if self.steps == 0 || self.steps > 2000 {
            return Err(message!(
                "concepts.msg.raceSteps",
                "a race has 1 to 2000 steps; {asked} asked",
                asked = self.steps
            ));
        }
        Ok(())
    }

    fn optimizer(&self, racer: Racer) -> ModuleOptimizer {
        let momentum = |nesterov| {
            Some(
                MomentumConfig::new()
                    .with_momentum(self.momentum)
                    .with_nesterov(nesterov),
            )
        };
        match racer {
            Racer::Sgd => SgdConfig::new().init(),
            Racer::Momentum => SgdConfig::new().with_momentum(momentum(false)).init(),
            Racer::Nesterov => SgdConfig::new().with_momentum(momentum(true)).init(),
            Racer::RmsProp => RmsPropConfig::new().with_alpha(self.momentum as f32).init(),
            Racer::Adam => AdamConfig::new()
                .with_beta_1(self.beta1 as f32)
                .with_beta_2(self.beta2 as f32)
                .init(),
            Racer::AdamW => AdamWConfig::new()
                .with_beta_1(self.beta1 as f32)
                .with_beta_2(self.beta2 as f32)
                .with_weight_decay(0.1)
                .init(),
        }
    }
}

/// Run every racer on `config`'s surface; `device` has autodiff.
pub async fn race(config: &RaceConfig, device: &Device) -> Result<Race, Message> {
    config.check()?;
    let surface = config.surface;
    let [x0, x1, y0, y1] = surface.bounds();
    let mut xs = Vec::with_capacity(SIDE * SIDE);
    let mut ys = Vec::with_capacity(SIDE * SIDE);
    for row in 0..SIDE {
        for col in 0..SIDE {
            xs.push(x0 + (x1 - x0) * (col as f32 + 0.5) / SIDE as f32);
            ys.push(y1 - (y1 - y0) * (row as f32 + 0.5) / SIDE as f32);
        }
    }
    let inner = device.clone().inner();
    let grid = surface.value(
        Tensor::from_data(TensorData::new(xs, [SIDE * SIDE]), &inner),
        Tensor::from_data(TensorData::new(ys, [SIDE * SIDE]), &inner),
    );
    let mut tx = Transaction::default().register(grid);
    let start = surface.start();
    for racer in Racer::ALL {
        let mut point = Point {
            xy: Param::from_tensor(Tensor::from_data(
                TensorData::new(start.to_vec(), [2]),
                device,
            )),
        };
        let mut optim = config.optimizer(racer);
        let mut trail = vec![point.xy.val().detach()];
        for _ in 0..config.steps {
            let xy = point.xy.val();
            let loss = surface.value(xy.clone().narrow(0, 0, 1), xy.narrow(0, 1, 1));
            let grads = GradientsParams::from_grads(loss.backward(), &point);
            point = optim.step(config.lr, point, grads);
            trail.push(point.xy.val().detach());
        }
        let end = point.xy.val().detach();
        let last = surface.value(end.clone().narrow(0, 0, 1), end.narrow(0, 1, 1));
        // One read-back holds one kind of tensor: the grid's (no autodiff).
        tx = tx
            .register(Tensor::cat(trail, 0).inner())
            .register(last.inner());
    }
    let mut values = readback::read_f32(tx, "the race").await?.into_iter();
    let grid = values.next().ok_or("missing grid")?;
    let mut paths = Vec::new();
    for racer in Racer::ALL {
        let trail = values.next().ok_or("missing path")?;
        let last = values
            .next()
            .and_then(|v| v.first().copied())
            .ok_or("missing value")?;
        let (xs, ys) = trail.chunks_exact(2).map(|p| (p[0], p[1])).unzip();
        paths.push(Path {
            racer,
            xs,
            ys,
            last,
        });
    }
    Ok(Race {
        bounds: surface.bounds(),
        side: SIDE as u32,
        grid,
        paths,
        minima: surface.minima(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::block_on;

    fn run(surface: Surface, lr: f64, steps: u32) -> Race {
        let config = RaceConfig {
            surface,
            lr,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            steps,
        };
        block_on(race(&config, &Device::flex().autodiff())).unwrap()
    }

    #[test]
    fn every_racer_runs_downhill_on_every_surface() {
        for surface in [
            Surface::Bowl,
            Surface::Rosenbrock,
            Surface::Saddle,
            Surface::Himmelblau,
        ] {
            let lr = match surface {
                Surface::Rosenbrock => 0.001,
                Surface::Himmelblau => 0.01,
                _ => 0.05,
            };
            let r = run(surface, lr, 150);
            assert_eq!(r.grid.len(), 96 * 96);
            assert_eq!(r.paths.len(), 6);
            let [x, y] = surface.start();
            let device = Device::flex();
            let start = surface.value(
                Tensor::from_floats([x], &device),
                Tensor::from_floats([y], &device),
            );
            let start = start.into_data().try_to_vec::<f32>().unwrap()[0];
            for p in &r.paths {
                assert_eq!(p.xs.len(), 151);
                assert!(
                    p.last.is_finite() && p.last < start,
                    "{surface:?} {:?}: {} from {start}",
                    p.racer,
                    p.last
                );
            }
        }
    }

    #[test]
    fn from_the_saddle_sgd_escapes_toward_a_minimum() {
        let r = run(Surface::Saddle, 0.05, 300);
        let sgd = &r.paths[0];
        let y = *sgd.ys.last().unwrap();
        assert!(
            (y.abs() - std::f32::consts::SQRT_2).abs() < 0.05,
            "ends at y = {y}"
        );
        assert!(sgd.last < -0.9, "f = {}", sgd.last);
    }
}
