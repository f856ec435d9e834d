//! The burn BERT encoder against the independent NumPy forward pass
//! (tests/fixtures/minilm/outputs.json, made by make_fixtures.py beside it)
//! on all-MiniLM-L6-v2's real f32 weights, on the CPU backend.
//! Bars (issue 4): sentence-embedding cosine >= 0.9999, attention within 1e-4.

use std::path::PathBuf;

use burn::tensor::{Device, Int, Tensor, TensorData};
use kindling::models::bert::{Bert, BertConfig, load_safetensors};
use kindling::models::int8;
use kindling::text::wordpiece::WordPiece;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> Vec<u8> {
    let full = root().join(path);
    std::fs::read(&full)
        .unwrap_or_else(|e| panic!("{}: {e}; run `cargo xtask assets` first", full.display()))
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Worst sentence-embedding cosine and worst attention difference of `model`
/// against the reference, over every fixture sentence.
fn compare(model: &Bert, device: &Device) -> (f64, f64) {
    let fixtures: Value =
        serde_json::from_slice(&read("tests/fixtures/minilm/outputs.json")).unwrap();
    let wordpiece =
        WordPiece::from_json(&read("www/public/data/text/wordpiece-tokenizer.json")).unwrap();
    let mut worst_cosine = 1.0f64;
    let mut worst_attention = 0.0f64;
    for sentence in fixtures["sentences"].as_array().unwrap() {
        let text = sentence["text"].as_str().unwrap();
        let want_ids: Vec<u32> = sentence["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(wordpiece.tokenize(text).unwrap().ids(), want_ids, "{text}");

        let n = want_ids.len();
        let ids = Tensor::<2, Int>::from_data(
            TensorData::new(
                want_ids.iter().map(|&i| i as i64).collect::<Vec<_>>(),
                [1, n],
            ),
            device,
        );
        let out = model.forward(ids);

        let got = out
            .sentence_embedding
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        let want = floats(&sentence["embedding"]);
        let dot: f64 = got.iter().zip(&want).map(|(&a, &b)| a as f64 * b).sum();
        let norm = |v: &mut dyn Iterator<Item = f64>| v.map(|x| x * x).sum::<f64>().sqrt();
        let cosine =
            dot / (norm(&mut got.iter().map(|&x| x as f64)) * norm(&mut want.iter().copied()));
        worst_cosine = worst_cosine.min(cosine);

        for (layer, attention) in out.attentions.into_iter().enumerate() {
            let got = attention.into_data().try_to_vec::<f32>().unwrap();
            let want: Vec<f64> = sentence["attention"][layer]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|head| head.as_array().unwrap().iter().flat_map(floats))
                .collect();
            assert_eq!(got.len(), want.len());
            let diff = got
                .iter()
                .zip(&want)
                .map(|(&a, &b)| (a as f64 - b).abs())
                .fold(0.0, f64::max);
            worst_attention = worst_attention.max(diff);
        }
    }
    (worst_cosine, worst_attention)
}

#[test]
fn f32_weights_match_the_numpy_reference() {
    let device = Device::flex();
    let mut model = BertConfig::new().init(&device);
    load_safetensors(&mut model, read(".assets/minilm/model.safetensors")).unwrap();
    let (cosine, attention) = compare(&model, &device);
    println!(
        "f32: worst sentence-embedding cosine {cosine:.7}, worst attention difference {attention:.2e}"
    );
    assert!(cosine >= 0.9999, "cosine {cosine}");
    assert!(attention <= 1e-4, "attention differs by {attention}");
}

#[test]
fn int8_web_asset_stays_close_to_the_reference() {
    let asset = read("www/public/data/transformer/minilm-int8.safetensors");
    assert!(
        asset.len() <= 25 * 1024 * 1024,
        "web asset is {} bytes, over 25 MB",
        asset.len()
    );
    let device = Device::flex();
    let mut model = BertConfig::new().init(&device);
    load_safetensors(&mut model, int8::dequantize(&asset).unwrap()).unwrap();
    let (cosine, attention) = compare(&model, &device);
    println!(
        "int8: worst sentence-embedding cosine {cosine:.5}, worst attention difference {attention:.2e}"
    );
    assert!(cosine >= 0.999, "cosine {cosine}");
}
