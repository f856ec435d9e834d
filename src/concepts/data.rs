//! The 2-D classification problems of the Concepts lab (as in TensorFlow
//! Playground): two classes of points in the square [-1, 1]², made from a
//! seed so that a link reproduces them exactly.

use serde::{Deserialize, Serialize};

use crate::message;
use crate::rng::Rng;
use crate::wire::Message;

/// Which problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Dataset {
    /// Two interleaved spiral arms: needs depth to untangle.
    Spiral,
    /// A disc inside a ring.
    Circles,
    /// The four quadrants, opposite ones alike.
    Xor,
    /// Two Gaussian blobs: nearly linearly separable.
    Blobs,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DataConfig {
    /// Which problem.
    pub dataset: Dataset,
    /// Noise, 0 to 1 (a share of the square's half-width).
    pub noise: f64,
    /// Training points (as many again are drawn for the test set).
    pub samples: u32,
    /// Seed of the points.
    pub seed: u32,
}

/// Points and their classes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Points {
    /// x0, y0, x1, y1, …
    pub xy: Vec<f32>,
    /// 0 or 1 per point.
    pub labels: Vec<u8>,
}

impl Points {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// Fewest and most training points.
pub const SAMPLES: (u32, u32) = (10, 2000);

impl DataConfig {
    /// Refuse what the lab does not offer.
    pub fn check(&self) -> Result<(), Message> {
        if !(SAMPLES.0..=SAMPLES.1).contains(&self.samples) {
            return Err(message!(
                "concepts.msg.samples",
                "a data set has {min} to {max} points; {asked} asked",
                min = SAMPLES.0,
                max = SAMPLES.1,
                asked = self.samples
            ));
        }
        if !(0.0..=1.0).contains(&self.noise) {
            return Err(message!(
                "concepts.msg.noise",
                "noise must be between 0 and 1"
            ));
        }
        Ok(())
    }

    /// The training and test points.
    pub fn make(&self) -> (Points, Points) {
        let mut rng = Rng::new(u64::from(self.seed) ^ 0xDA7A);
        let train = self.draw(self.samples as usize, &mut rng);
        let test = self.draw(self.samples as usize, &mut rng);
        (train, test)
    }

    fn draw(&self, n: usize, rng: &mut Rng) -> Points {
        let noise = self.noise as f32;
        let mut gauss = || gaussian(rng);
        let mut xy = Vec::with_capacity(2 * n);
        let mut labels = Vec::with_capacity(n);
        for i in 0..n {
            let label = (i % 2) as u8;
            let (x, y) = match self.dataset {
                Dataset::Spiral => {
                    let t = (i / 2) as f32 / (n / 2).max(1) as f32;
                    let r = 0.05 + 0.9 * t;
                    let angle =
                        1.75 * std::f32::consts::TAU * t + f32::from(label) * std::f32::consts::PI;
                    (
                        r * angle.sin() + 0.12 * noise * gauss(),
                        r * angle.cos() + 0.12 * noise * gauss(),
                    )
                }
                Dataset::Circles => {
                    let r = if label == 1 {
                        0.5 * gauss().abs().min(1.0) * 0.7
                    } else {
                        0.7 + 0.25 * (gauss() * 0.4).tanh().abs()
                    };
                    let angle = std::f32::consts::PI * gauss();
                    (
                        r * angle.cos() + 0.1 * noise * gauss(),
                        r * angle.sin() + 0.1 * noise * gauss(),
                    )
                }
                Dataset::Xor => {
                    let (mut x, mut y) = (0.0f32, 0.0f32);
                    while x.abs() < 0.05 || y.abs() < 0.05 {
                        x = gauss().tanh() * 0.95;
                        y = gauss().tanh() * 0.95;
                    }
                    let same = (x > 0.0) == (y > 0.0);
                    let l = u8::from(same);
                    labels.push(l);
                    xy.extend([x + 0.15 * noise * gauss(), y + 0.15 * noise * gauss()]);
                    continue;
                }
                Dataset::Blobs => {
                    let centre = if label == 1 { 0.45 } else { -0.45 };
                    let spread = 0.18 + 0.3 * noise;
                    (centre + spread * gauss(), centre + spread * gauss())
                }
            };
            labels.push(label);
            xy.extend([x, y]);
        }
        Points { xy, labels }
    }
}

/// A standard normal draw (Box-Muller).
fn gaussian(rng: &mut Rng) -> f32 {
    let (u, v) = (rng.unit().max(1e-7), rng.unit());
    (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_balanced_seeded_and_in_the_square() {
        for dataset in [
            Dataset::Spiral,
            Dataset::Circles,
            Dataset::Xor,
            Dataset::Blobs,
        ] {
            let config = DataConfig {
                dataset,
                noise: 0.2,
                samples: 200,
                seed: 4,
            };
            let (train, test) = config.make();
            assert_eq!((train.len(), test.len()), (200, 200));
            assert_eq!(config.make().0, train, "same seed, same points");
            assert_ne!(train, test);
            let ones = train.labels.iter().filter(|&&l| l == 1).count();
            assert!((60..=140).contains(&ones), "{dataset:?}: {ones}");
            assert!(train.xy.iter().all(|v| v.abs() < 1.6), "{dataset:?}");
        }
        let bad = DataConfig {
            dataset: Dataset::Xor,
            noise: 0.0,
            samples: 5,
            seed: 1,
        };
        assert!(bad.check().is_err());
    }
}
