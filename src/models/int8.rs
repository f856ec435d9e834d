//! The int8 form in which pretrained weights travel to the page.
//!
//! all-MiniLM-L6-v2 is 90 MB in f32 and still 45 MB in f16: too much for a
//! page to download. Each large matrix (the embedding tables and every linear
//! weight) is stored as int8 with one f32 scale per group of 64 consecutive
//! values of a row (symmetric, `scale = max|w| / 127` over the group), which
//! brings the file to about 24 MB; vectors (biases, LayerNorm) stay f32. One
//! scale per whole row was tried first: 23 MB, but the sentence-embedding
//! cosine fell to 0.9993, too close to the 0.999 bar. The page dequantizes once at load, so the
//! model then runs in f32: only the weights carry the rounding error
//! (`tests/bert_reference.rs` bounds its effect on the outputs).
//!
//! Both files are safetensors: in the int8 one, matrix `name` is an `I8`
//! tensor and its scales are the `F32` tensor `name` + [`SCALE_SUFFIX`].

use safetensors::{Dtype, SafeTensors, tensor::TensorView};

/// Suffix of the scale tensor (`[rows, cols / GROUP]`) of an int8 matrix.
pub const SCALE_SUFFIX: &str = ".__group_scale";
/// Values of a row that share one scale.
pub const GROUP: usize = 64;
/// Matrices smaller than this stay f32 (their bytes do not matter).
const MIN_QUANTIZED: usize = 4096;

fn f32s(view: &TensorView<'_>) -> Vec<f32> {
    view.data()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

fn bytes_of(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn err(e: impl std::fmt::Display) -> String {
    format!("safetensors: {e}")
}

/// Turn an f32 safetensors file into the int8 form. Non-f32 tensors (such
/// as BERT's `position_ids`) are dropped: the model does not read them.
pub fn quantize(f32_file: &[u8]) -> Result<Vec<u8>, String> {
    let file = SafeTensors::deserialize(f32_file).map_err(err)?;
    let mut out: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = Vec::new();
    for (name, view) in file.tensors() {
        if view.dtype() != Dtype::F32 {
            continue;
        }
        let shape = view.shape().to_vec();
        let values = f32s(&view);
        if shape.len() != 2 || values.len() < MIN_QUANTIZED || shape[1] % GROUP != 0 {
            out.push((name, Dtype::F32, shape, view.data().to_vec()));
            continue;
        }
        let mut scales = Vec::with_capacity(values.len() / GROUP);
        let mut quantized = Vec::with_capacity(values.len());
        for group in values.chunks_exact(GROUP) {
            let max = group.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
            scales.push(scale);
            quantized.extend(
                group
                    .iter()
                    .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8 as u8),
            );
        }
        let groups = vec![shape[0], shape[1] / GROUP];
        out.push((
            format!("{name}{SCALE_SUFFIX}"),
            Dtype::F32,
            groups,
            bytes_of(&scales),
        ));
        out.push((name, Dtype::I8, shape, quantized));
    }
    let views = out
        .iter()
        .map(|(name, dtype, shape, data)| {
            Ok((
                name.clone(),
                TensorView::new(*dtype, shape.clone(), data).map_err(err)?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    safetensors::serialize(views, None).map_err(err)
}

/// Turn the int8 form back into an f32 safetensors file.
pub fn dequantize(int8_file: &[u8]) -> Result<Vec<u8>, String> {
    let file = SafeTensors::deserialize(int8_file).map_err(err)?;
    let mut out: Vec<(String, Vec<usize>, Vec<u8>)> = Vec::new();
    for (name, view) in file.tensors() {
        if name.ends_with(SCALE_SUFFIX) {
            continue;
        }
        let shape = view.shape().to_vec();
        match view.dtype() {
            Dtype::F32 => out.push((name, shape, view.data().to_vec())),
            Dtype::I8 => {
                let scales = f32s(&file.tensor(&format!("{name}{SCALE_SUFFIX}")).map_err(err)?);
                if scales.len() * GROUP != view.data().len() {
                    return Err(format!(
                        "{name}: {} scales for {} values",
                        scales.len(),
                        view.data().len()
                    ));
                }
                let values: Vec<f32> = view
                    .data()
                    .iter()
                    .enumerate()
                    .map(|(i, &q)| q as i8 as f32 * scales[i / GROUP])
                    .collect();
                out.push((name, shape, bytes_of(&values)));
            }
            other => return Err(format!("{name}: unexpected dtype {other:?}")),
        }
    }
    let views = out
        .iter()
        .map(|(name, shape, data)| {
            Ok((
                name.clone(),
                TensorView::new(Dtype::F32, shape.clone(), data).map_err(err)?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    safetensors::serialize(views, None).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(tensors: &[(&str, Vec<usize>, Vec<f32>)]) -> Vec<u8> {
        let data: Vec<(String, Vec<usize>, Vec<u8>)> = tensors
            .iter()
            .map(|(n, s, v)| (n.to_string(), s.clone(), bytes_of(v)))
            .collect();
        let views: Vec<_> = data
            .iter()
            .map(|(n, s, d)| {
                (
                    n.clone(),
                    TensorView::new(Dtype::F32, s.clone(), d).unwrap(),
                )
            })
            .collect();
        safetensors::serialize(views, None).unwrap()
    }

    #[test]
    fn matrices_round_trip_within_half_a_step_of_their_group_and_vectors_exactly() {
        let rows = 64;
        let cols = 128;
        let matrix: Vec<f32> = (0..rows * cols)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0)
            .collect();
        let bias: Vec<f32> = vec![0.125, -3.5, 2.0];
        let original = file(&[
            ("w", vec![rows, cols], matrix.clone()),
            ("b", vec![3], bias.clone()),
        ]);
        let packed = quantize(&original).unwrap();
        assert!(
            packed.len() < original.len() / 3,
            "int8 is about a quarter of f32"
        );
        let back = dequantize(&packed).unwrap();
        let back = SafeTensors::deserialize(&back).unwrap();
        assert_eq!(f32s(&back.tensor("b").unwrap()), bias);
        let w = f32s(&back.tensor("w").unwrap());
        for (group, (got, want)) in w.chunks(GROUP).zip(matrix.chunks(GROUP)).enumerate() {
            let step = want.iter().fold(0.0f32, |m, v| m.max(v.abs())) / 127.0;
            for (g, x) in got.iter().zip(want) {
                assert!(
                    (g - x).abs() <= step / 2.0 + 1e-6,
                    "group {group}: {g} vs {x}"
                );
            }
        }
    }

    #[test]
    fn corrupt_files_are_errors() {
        assert!(quantize(b"not safetensors").is_err());
        assert!(dequantize(&[0u8; 8]).is_err());
    }
}
