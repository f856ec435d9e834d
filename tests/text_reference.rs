//! The Text lab's tokenizers against the reference Python packages
//! (`tokenizers`, `tiktoken`, `jieba`) on a fixed multilingual corpus.
//! Fixtures: tests/fixtures/text/tokens.json, made by make_fixtures.py beside
//! it; assets: www/public/data/text/, made by `cargo xtask assets`.

mod common;

use kindling::tokenize::byte_bpe::{ByteBpe, Encoding};
use kindling::tokenize::segment::Segmenter;
use kindling::tokenize::wordpiece::WordPiece;
use serde_json::Value;

use common::root;

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
    // The split patterns' branches for contractions (case-sensitive in
    // r50k, not in cl100k and o200k) and for runs of line ends are compared.
    let texts = corpus(&fx);
    for needle in ["'s", "'ll", "'LL", "'ve", "'d", "'re", "'t", "\r\n"] {
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "no fixture text has {needle:?}"
        );
    }
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

/// Python jieba's HMM fallback (`finalseg.cut`) cuts a run of characters
/// outside its dictionary with the pattern `([a-zA-Z0-9]+(?:\.\d+)?%?)`:
/// each match is a word, and so is each stretch between matches. jieba-rs
/// keeps such an ASCII run whole ("np.exp", "1e-5"); this is Python's cut of
/// one of its words.
fn python_skip_split(word: &str) -> Vec<String> {
    let b = word.as_bytes();
    let mut out = Vec::new();
    let mut between = String::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            between.push(char::from(b[i]));
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        if i < b.len() && b[i] == b'%' {
            i += 1;
        }
        if !between.is_empty() {
            out.push(std::mem::take(&mut between));
        }
        out.push(word[start..i].to_owned());
    }
    if !between.is_empty() {
        out.push(between);
    }
    out
}

#[test]
fn python_skip_split_cuts_like_finalseg() {
    assert_eq!(python_skip_split("np.exp"), ["np", ".", "exp"]);
    assert_eq!(python_skip_split("1e-5"), ["1e", "-", "5"]);
    assert_eq!(python_skip_split("3.14159"), ["3.14159"]);
    assert_eq!(python_skip_split(").sum"), [").", "sum"]);
    assert_eq!(python_skip_split("50%"), ["50%"]);
}

#[test]
fn jieba_words_match_python_jieba_with_and_without_hmm() {
    let fx = fixtures();
    let seg = Segmenter::from_dict(&asset("jieba-dict.txt")).unwrap();
    // jieba-rs and Python's jieba differ in one known place: in HMM mode an
    // ASCII run holding '.' or '-' ("np.exp", "1e-5") stays one word in
    // jieba-rs, while Python's finalseg cuts it with its `re_skip` pattern.
    // In these texts jieba-rs's words, cut that way, must be Python's
    // exactly; everywhere else the words must be Python's as they are.
    const KNOWN: [&str; 2] = [
        "def softmax(x):\n    return np.exp(x) / np.exp(x).sum()",
        "1234567890 3.14159 1e-5",
    ];
    let mut differ = Vec::new();
    for (hmm, key) in [(true, "jieba_hmm"), (false, "jieba_no_hmm")] {
        for (text, want) in corpus(&fx).iter().zip(fx[key].as_array().unwrap()) {
            let words = seg.tokenize(text, hmm).tokens.into_iter().map(|t| t.text);
            let got: Vec<String> = if hmm && KNOWN.contains(&text.as_str()) {
                words
                    .flat_map(|w| {
                        if w.is_ascii() && (w.contains('.') || w.contains('-')) {
                            python_skip_split(&w)
                        } else {
                            vec![w]
                        }
                    })
                    .collect()
            } else {
                words.collect()
            };
            let want: Vec<String> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap().to_owned())
                .collect();
            if got != want {
                differ.push(format!(
                    "hmm={hmm} {text:?}\n  rust:   {got:?}\n  python: {want:?}"
                ));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
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
