//! The Transformer lab's engine side: the pretrained MiniLM encoder, loaded
//! once from the int8 web asset, and what the lab asks of it: every layer's
//! attention and hidden states for a text, one head's q, k and v, the nearest
//! vocabulary tokens to an input embedding, and sentence similarity.
//!
//! Inference runs on the active device without autodiff. The page can ask
//! for one head's arithmetic after an inspection; the last forward pass is
//! kept, keyed by its token ids, so that costs one matrix product, and a
//! request about a text the engine has not seen (after a restart) recomputes
//! it instead of failing.

mod head;
mod input;
mod inspect;
mod model;
mod nearest;
pub mod pca;
mod similarity;

pub use head::{HeadDetail, head_detail};
pub use input::{Encoded, MAX_TOKENS};
pub use inspect::{Inspection, inspect};
pub use model::{MODEL_ASSET, MiniLm, TransformerLab};
pub use nearest::{Neighbour, nearest};
pub use similarity::{MAX_SENTENCES, Similarity, similarity};

#[cfg(test)]
mod tests {
    //! The lab's requests end to end through the engine, on the real int8
    //! asset (correctness against the reference is `tests/bert_reference.rs`).

    use crate::engine::Engine;
    use crate::engine::testing::{self, cpu_engine};
    use crate::host::testing::{TestHost, block_on};
    use crate::protocol::{Event, Reply, Request};

    fn engine() -> (Engine, TestHost) {
        cpu_engine()
    }

    fn ask(engine: &Engine, host: &TestHost, request: Request) -> Reply {
        testing::ask(engine, host, request).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn inspection_then_head_arithmetic_reproduces_the_attention() {
        let (engine, host) = engine();
        let text = "The cat sat on the mat.".to_owned();
        let Reply::Inspection(inspection) = ask(
            &engine,
            &host,
            Request::Inspect {
                id: 2,
                text: text.clone(),
            },
        ) else {
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
        let Reply::Head(detail) = ask(
            &engine,
            &host,
            Request::Head {
                id: 3,
                text,
                layer: layer as u32,
                head: head as u32,
            },
        ) else {
            panic!("not a head")
        };
        let d_k = detail.d_k as usize;
        assert_eq!(detail.q.len(), seq * d_k);
        // What the page does: softmax(q . k / sqrt(d_k)) for every query.
        let mut worst = 0.0f32;
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
                worst = worst.max((e / sum - model).abs());
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
            let request = Request::Head {
                id: 4,
                text: "hi".into(),
                layer,
                head,
            };
            block_on(engine.handle(request, &host));
            match host.events.borrow().last() {
                Some(Event::Error { message, .. }) => assert!(message.contains(want), "{message}"),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn nearest_tokens_of_a_word_are_related_words() {
        let (engine, host) = engine();
        // "king" is 2332 in the BERT uncased vocabulary.
        let Reply::Neighbours(found) = ask(
            &engine,
            &host,
            Request::Nearest {
                id: 5,
                token: 2332,
                count: 10,
            },
        ) else {
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
        let Reply::Similarity(sim) = ask(&engine, &host, Request::Similarity { id: 6, sentences })
        else {
            panic!("not a similarity")
        };
        assert_eq!(sim.sentences.len(), 3, "the empty line is dropped");
        let m = |i: usize, j: usize| sim.matrix[i * 3 + j];
        assert!((m(0, 0) - 1.0).abs() < 1e-4);
        assert!((m(0, 1) - m(1, 0)).abs() < 1e-5);
        assert!(m(0, 1) > 0.6 && m(0, 2) < 0.3, "{:?}", sim.matrix);
    }
}
