//! The Transformer lab's requests end to end through the engine, on the
//! real int8 asset (correctness against the reference is
//! `tests/bert_reference.rs`).

use super::lab::{TransformerReply as R, TransformerRequest as Q};
use crate::engine::Engine;
use crate::engine::testing::{self, cpu_engine};
use crate::host::testing::TestHost;
use crate::protocol::Reply;
use crate::reference;

fn engine() -> (Engine, TestHost) {
    cpu_engine()
}

fn ask(engine: &Engine, host: &TestHost, id: u32, request: Q) -> Reply {
    testing::ask(engine, host, id, request).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn inspection_then_head_arithmetic_reproduces_the_attention() {
    let (engine, host) = engine();
    let text = "The cat sat on the mat.".to_owned();
    let inspect = Q::Inspect { text: text.clone() };
    let Reply::Transformer(R::Inspection(inspection)) = ask(&engine, &host, 2, inspect) else {
        panic!("not an inspection")
    };
    let seq = inspection.tokens.len();
    assert_eq!(seq, 9);
    assert!(
        inspection.load_ms.is_some(),
        "first request loads the model"
    );
    assert_eq!(
        (inspection.layers, inspection.heads, inspection.d_model),
        (6, 12, 384)
    );
    assert_eq!(inspection.attention.len(), 6 * 12 * seq * seq);
    assert_eq!(inspection.hidden.len(), 7 * seq * 384);
    assert_eq!(inspection.pca.len(), 7 * seq * 2);
    assert!(inspection.explained.iter().all(|e| (0.0..=1.0).contains(e)));

    let (layer, head) = (2usize, 5usize);
    let request = Q::Head {
        text,
        layer: layer as u32,
        head: head as u32,
    };
    let Reply::Transformer(R::Head(detail)) = ask(&engine, &host, 3, request) else {
        panic!("not a head")
    };
    let d_k = detail.d_k as usize;
    assert_eq!(detail.q.len(), seq * d_k);
    // What the page does: softmax(q . k / sqrt(d_k)) for every query.
    // NaN-aware: a NaN anywhere makes the worst case NaN, which fails.
    let mut worst = 0.0f64;
    for i in 0..seq {
        let q = &detail.q[i * d_k..(i + 1) * d_k];
        let scores: Vec<f32> = (0..seq)
            .map(|j| {
                let k = &detail.k[j * d_k..(j + 1) * d_k];
                q.iter().zip(k).map(|(a, b)| a * b).sum::<f32>() / (d_k as f32).sqrt()
            })
            .collect();
        let max = scores.iter().cloned().fold(f32::MIN, f32::max);
        let exps: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
        let sum: f32 = exps.iter().sum();
        for (j, e) in exps.iter().enumerate() {
            let model = inspection.attention[((layer * 12 + head) * seq + i) * seq + j];
            worst = reference::worst(worst, f64::from((e / sum - model).abs()));
        }
    }
    assert!(
        worst < 1e-5,
        "hand softmax differs from the model by {worst}"
    );
}

#[test]
fn bad_head_and_layer_are_refused_with_their_range() {
    let (engine, host) = engine();
    for (layer, head, want) in [(8, 0, "layer 9"), (0, 39, "head 40")] {
        let request = Q::Head {
            text: "hi".into(),
            layer,
            head,
        };
        match testing::ask(&engine, &host, 4, request) {
            Err(message) => assert!(message.contains(want), "{message}"),
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn nearest_tokens_of_a_word_are_related_words() {
    let (engine, host) = engine();
    // "king" is 2332 in the BERT uncased vocabulary.
    let nearest = Q::Nearest {
        token: 2332,
        count: 10,
    };
    let Reply::Transformer(R::Neighbours(found)) = ask(&engine, &host, 5, nearest) else {
        panic!("not neighbours")
    };
    let words: Vec<&str> = found.iter().map(|n| n.token.as_str()).collect();
    assert_eq!(found.len(), 10);
    assert!(!words.contains(&"king"), "itself excluded: {words:?}");
    assert!(
        words
            .iter()
            .any(|w| ["kings", "queen", "prince", "monarch"].contains(w)),
        "{words:?}"
    );
    assert!(found.windows(2).all(|w| w[0].cosine >= w[1].cosine));
}

#[test]
fn paraphrases_are_closer_than_unrelated_sentences() {
    let (engine, host) = engine();
    let sentences = [
        "A man is playing a guitar.",
        "Someone plays the guitar.",
        "The stock market fell sharply today.",
        "",
    ]
    .map(String::from)
    .to_vec();
    let Reply::Transformer(R::Similarity(sim)) =
        ask(&engine, &host, 6, Q::Similarity { sentences })
    else {
        panic!("not a similarity")
    };
    assert_eq!(sim.sentences.len(), 3, "the empty line is dropped");
    let m = |i: usize, j: usize| sim.matrix[i * 3 + j];
    assert!((m(0, 0) - 1.0).abs() < 1e-4);
    assert!((m(0, 1) - m(1, 0)).abs() < 1e-5);
    assert!(m(0, 1) > 0.6 && m(0, 2) < 0.3, "{:?}", sim.matrix);
}
