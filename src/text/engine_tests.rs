//! The Text lab's requests end to end through the engine, on the real
//! tokenizer assets (token ids against the Python packages are
//! `tests/text_reference.rs`).

use crate::engine::Engine;
use crate::engine::testing::ask;
use crate::host::testing::TestHost;
use crate::protocol::Reply;
use crate::text::{TextReply, TextRequest};
use crate::tokenize::cache::TokenizerId as T;

#[test]
fn tokenize_loads_each_tokenizer_from_its_asset_and_reports_rows() {
    let (engine, host) = (Engine::new(), TestHost::default());
    let all = vec![
        T::Wordpiece,
        T::R50kBase,
        T::Cl100kBase,
        T::O200kBase,
        T::Jieba,
        T::JiebaHmm,
        T::Chars,
        T::Bytes,
    ];
    let request = TextRequest::Tokenize {
        text: "我爱北京天安门 hello 😀".to_owned(),
        tokenizers: all.clone(),
        max_tokens: 4,
    };
    let Ok(Reply::Text(TextReply::Tokens(rows))) = ask(&engine, &host, 8, request) else {
        panic!("no rows")
    };
    assert_eq!(rows.iter().map(|r| r.tokenizer).collect::<Vec<_>>(), all);
    for row in &rows {
        let t = row
            .tokenization
            .as_ref()
            .unwrap_or_else(|| panic!("{:?}", row.error));
        assert!(
            !t.tokens.is_empty() && t.tokens.len() <= 4,
            "{:?}",
            row.tokenizer
        );
        assert!(row.count as usize >= t.tokens.len());
        assert_eq!(t.chars, 15);
    }
    assert_eq!(rows[7].count, 32, "one token per byte");
    assert_eq!(rows[7].ids.len(), 32);
    let jieba: Vec<&str> = rows[4]
        .tokenization
        .as_ref()
        .unwrap()
        .tokens
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(jieba, ["我", "爱", "北京", "天安门"]);
}

#[test]
fn bpe_trains_then_encodes_and_refuses_to_encode_untrained() {
    let (engine, host) = (Engine::new(), TestHost::default());
    let encode = |upto| TextRequest::EncodeBpe {
        text: "banana bandana".into(),
        upto,
    };
    assert!(ask(&engine, &host, 2, encode(3)).is_err());
    let train = TextRequest::TrainBpe {
        corpus: "banana bandana banana".into(),
        merges: 10,
    };
    assert!(
        matches!(ask(&engine, &host, 1, train), Ok(Reply::Text(TextReply::Bpe(m))) if !m.is_empty())
    );
    assert!(matches!(
        ask(&engine, &host, 3, encode(10)),
        Ok(Reply::Text(TextReply::BpeTokens(t))) if t.tokens.len() < 14
    ));
}
