//! The Text lab's tokenizers against the reference Python packages
//! (`tokenizers`, `tiktoken`, `jieba`) on a fixed multilingual corpus.
//! Fixtures: tests/fixtures/text/tokens.json, made by make_fixtures.py beside
//! it; assets: www/public/data/text/, made by `cargo xtask assets`.

use std::path::PathBuf;

use kindling::text::byte_bpe::{ByteBpe, Encoding};
use kindling::text::segment::Segmenter;
use kindling::text::wordpiece::WordPiece;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn asset(name: &str) -> Vec<u8> {
    let path = root().join("www/public/data/text").join(name);
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run `cargo xtask assets` first", path.display()))
}

fn fixtures() -> Value {
    let text = std::fs::read_to_string(root().join("tests/fixtures/text/tokens.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn corpus(fx: &Value) -> Vec<String> {
    fx["corpus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn ids(v: &Value) -> Vec<u32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as u32)
        .collect()
}

#[test]
fn wordpiece_ids_match_hugging_face_tokenizers() {
    let fx = fixtures();
    let wp = WordPiece::from_json(&asset("wordpiece-tokenizer.json")).unwrap();
    for (text, want) in corpus(&fx).iter().zip(fx["wordpiece"].as_array().unwrap()) {
        assert_eq!(wp.tokenize(text).unwrap().ids(), ids(want), "{text:?}");
    }
}

#[test]
fn byte_bpe_ids_match_tiktoken() {
    let fx = fixtures();
    for encoding in Encoding::ALL {
        let file = String::from_utf8(asset(&format!("{}.tiktoken", encoding.name()))).unwrap();
        let bpe = ByteBpe::from_tiktoken(encoding, &file).unwrap();
        for (text, want) in corpus(&fx)
            .iter()
            .zip(fx[encoding.name()].as_array().unwrap())
        {
            let got = bpe.tokenize(text);
            assert_eq!(got.ids(), ids(want), "{} {text:?}", encoding.name());
            // The tokens' bytes put back together are the text.
            let bytes: Vec<u8> = got.tokens.iter().flat_map(|t| t.bytes.clone()).collect();
            assert_eq!(bytes, text.as_bytes());
        }
    }
}

#[test]
fn jieba_words_match_python_jieba_with_and_without_hmm() {
    let fx = fixtures();
    let seg = Segmenter::from_dict(&asset("jieba-dict.txt")).unwrap();
    // jieba-rs and Python's jieba differ in one known place: in HMM mode an
    // ASCII run holding '.' or '-' ("np.exp", "1e-5") stays one word in
    // jieba-rs, while Python's finalseg splits it with its `re_skip` pattern.
    // Chinese text agrees exactly. Any other difference fails the test.
    const KNOWN: [&str; 2] = [
        "def softmax(x):\n    return np.exp(x) / np.exp(x).sum()",
        "1234567890 3.14159 1e-5",
    ];
    let mut differ = Vec::new();
    for (hmm, key) in [(true, "jieba_hmm"), (false, "jieba_no_hmm")] {
        for (text, want) in corpus(&fx).iter().zip(fx[key].as_array().unwrap()) {
            let got: Vec<String> = seg
                .tokenize(text, hmm)
                .tokens
                .into_iter()
                .map(|t| t.text)
                .collect();
            let want: Vec<String> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap().to_owned())
                .collect();
            if got != want && !(hmm && KNOWN.contains(&text.as_str())) {
                differ.push(format!(
                    "hmm={hmm} {text:?}\n  rust:   {got:?}\n  python: {want:?}"
                ));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // The known cases still differ only by that split.
    for text in KNOWN {
        let got: String = seg
            .tokenize(text, true)
            .tokens
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(got, text, "words put back together are the text");
    }
}

#[test]
fn chinese_costs_more_tokens_under_an_english_vocabulary() {
    let file = String::from_utf8(asset("r50k_base.tiktoken")).unwrap();
    let gpt2 = ByteBpe::from_tiktoken(Encoding::R50kBase, &file).unwrap();
    let file = String::from_utf8(asset("o200k_base.tiktoken")).unwrap();
    let o200k = ByteBpe::from_tiktoken(Encoding::O200kBase, &file).unwrap();
    let zh = "深度学习的注意力机制让模型学会关注重要的词。";
    let (a, b) = (gpt2.tokenize(zh), o200k.tokenize(zh));
    assert!(
        a.tokens.len() > a.chars as usize,
        "GPT-2 spends more than a token per character"
    );
    assert!(
        b.tokens.len() < a.tokens.len(),
        "a multilingual vocabulary is cheaper"
    );
    // Some GPT-2 token holds part of a character and shows it as hex bytes.
    assert!(
        a.tokens
            .iter()
            .any(|t| t.text.starts_with('<') && t.text.ends_with('>'))
    );
}
