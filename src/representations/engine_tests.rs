//! The Representations lab through the engine, as the page drives it: one
//! word in two sentences through MiniLM, and the count baselines beside
//! word2vec.

use super::lab::{RepresentationsReply as R, RepresentationsRequest as Q};
use super::pairs::W2vMethod;
use super::tokens::TokenUnit;
use super::train::W2vSettings;
use crate::corpus::TextSource;
use crate::engine::testing::{ask, cpu_engine};
use crate::protocol::Reply;

fn contextual(sentences: [&str; 2], word: &str) -> Result<super::contextual::Contextual, String> {
    let (engine, host) = cpu_engine();
    match ask(
        &engine,
        &host,
        2,
        Q::Contextual {
            sentences: sentences.iter().map(|s| (*s).to_owned()).collect(),
            word: word.to_owned(),
            k: 8,
        },
    ) {
        Ok(Reply::Representations(R::Contextual(c))) => Ok(c),
        other => Err(format!("{other:?}")),
    }
}

#[test]
fn a_word_in_two_senses_parts_with_depth() {
    let c = contextual(
        [
            "She sat on the bank of the river.",
            "He paid the cash into the bank.",
        ],
        "bank",
    )
    .unwrap();
    eprintln!("cosines {:?}", c.cosines);
    eprintln!(
        "nearest {:?} / {:?}",
        c.sides[0].nearest, c.sides[1].nearest
    );
    assert_eq!(
        c.cosines.len(),
        8,
        "table row, embedding output, six layers"
    );
    assert!(
        (c.cosines[0] - 1.0).abs() < 1e-5,
        "the table row is the same: {:?}",
        c.cosines
    );
    let last = *c.cosines.last().unwrap();
    assert!(last < 0.9 && last < c.cosines[1], "{:?}", c.cosines);
    assert_eq!(c.sides[0].tokens[c.sides[0].word[0] as usize], "bank");
    assert_eq!(c.sides[0].nearest.len(), 8);

    let zh = contextual(["我给妈妈打电话。", "我们下午去打篮球。"], "打").unwrap();
    eprintln!("zh cosines {:?}", zh.cosines);
    assert!(*zh.cosines.last().unwrap() < 0.99, "{:?}", zh.cosines);
}

#[test]
fn a_missing_word_or_one_sentence_is_refused() {
    let missing = contextual(["The river bank.", "A quiet street."], "bank").unwrap_err();
    assert!(missing.contains("is not in"), "{missing}");
    let empty = contextual(["The river bank.", "A bank."], "  ").unwrap_err();
    assert!(empty.contains("type the word"), "{empty}");
}

fn setup(
    source: TextSource,
    window: u32,
    dim: u32,
) -> (crate::engine::Engine, crate::host::testing::TestHost) {
    let (engine, host) = cpu_engine();
    let reply = ask(
        &engine,
        &host,
        1,
        Q::Setup {
            source,
            unit: TokenUnit::Chars,
            max_vocab: 3000,
            min_count: 1,
            settings: W2vSettings {
                method: W2vMethod::SkipGram,
                dim,
                window,
                negatives: 5,
                subsample: 0.001,
                lr: 0.025,
                epochs: 3,
                batch: 512,
                seed: 1,
            },
        },
    );
    assert!(
        matches!(reply, Ok(Reply::Representations(R::W2vSetup(_)))),
        "{reply:?}"
    );
    (engine, host)
}

fn counts(
    engine: &crate::engine::Engine,
    host: &crate::host::testing::TestHost,
    tokens: &[&str],
) -> super::baselines::W2vCounts {
    match ask(
        engine,
        host,
        3,
        Q::Counts {
            tokens: tokens.iter().map(|t| (*t).to_owned()).collect(),
            k: 3,
        },
    ) {
        Ok(Reply::Representations(R::W2vCounts(c))) => c,
        other => panic!("{other:?}"),
    }
}

#[test]
fn count_vectors_recover_planted_groups() {
    // a, b, c only ever sit between x and y; p, q, r only between u and v.
    let mut lines = Vec::new();
    for i in 0..60 {
        let one = ["a", "b", "c"][i % 3];
        let two = ["p", "q", "r"][(i / 3) % 3];
        lines.push(format!("x{one}y u{two}v"));
    }
    let (engine, host) = setup(
        TextSource::Text {
            text: lines.join("\n"),
        },
        1,
        4,
    );
    let c = counts(&engine, &host, &["a", "p", "z"]);
    let near = |row: usize| {
        c.rows[row]
            .svd
            .iter()
            .take(2)
            .map(|n| n.token.clone())
            .collect::<Vec<_>>()
    };
    let mut a = near(0);
    a.sort();
    assert_eq!(a, ["b", "c"], "{:?}", c.rows[0]);
    let mut p = near(1);
    p.sort();
    assert_eq!(p, ["q", "r"], "{:?}", c.rows[1]);
    assert!(!c.rows[2].known && c.rows[2].svd.is_empty());
    // After a: always y.
    assert_eq!(c.rows[0].next[0].token, "y");
    assert!((c.rows[0].next[0].p - 1.0).abs() < 1e-6);
}

#[test]
fn count_baselines_on_the_tang_poems() {
    let (engine, host) = setup(TextSource::Tang, 5, 50);
    let c = counts(&engine, &host, &["月", "山"]);
    eprintln!(
        "Tang: V = {}, {} PPMI entries, {:.0} ms; 月 svd {:?} next {:?}",
        c.vocab, c.entries, c.ms, c.rows[0].svd, c.rows[0].next
    );
    assert_eq!(c.dim, 50);
    assert!(
        c.rows
            .iter()
            .all(|r| r.known && r.svd.len() == 3 && r.next.len() == 3)
    );
    assert!(
        c.rows[0]
            .svd
            .iter()
            .all(|n| n.cosine.is_finite() && n.cosine > 0.0)
    );
}

#[test]
fn the_beta_experiment_trains_each_vae_the_same_steps() {
    use super::ae_run::AeSettings;
    use super::autoencoder::{AeKind, AeShape};
    let (engine, host) = cpu_engine();
    let settings = AeSettings {
        shape: AeShape {
            kind: AeKind::Variational,
            latent: 2,
            hidden: 64,
        },
        beta: 1.0,
        lr: 3e-3,
        batch: 64,
        seed: 1,
    };
    let setup = ask(
        &engine,
        &host,
        1,
        Q::AeBetaSetup {
            settings: settings.clone(),
            betas: vec![0.0, 1.0, 4.0],
        },
    );
    assert!(
        matches!(setup, Ok(Reply::Representations(R::AeBetaSetup(3)))),
        "{setup:?}"
    );
    let Ok(Reply::Representations(R::AeBetaRound(runs))) = ask(
        &engine,
        &host,
        2,
        Q::AeBetaRound {
            steps: 150,
            codes: 200,
        },
    ) else {
        panic!("no round")
    };
    let e: Vec<_> = runs.iter().map(|r| r.evaluation.clone().unwrap()).collect();
    eprintln!("β 0/1/4: {e:?}");
    assert!(runs.iter().all(|r| r.steps == 150 && r.points.len() == 200));
    // The KL term is what β weighs: it falls as β grows (the pixel error
    // after 150 steps differs by less than the runs' noise, so it is not asserted).
    assert!(e[0].kl > e[1].kl && e[1].kl > e[2].kl, "{e:?}");
    let plain = ask(
        &engine,
        &host,
        3,
        Q::AeBetaSetup {
            settings: AeSettings {
                shape: AeShape {
                    kind: AeKind::Plain,
                    ..settings.shape
                },
                ..settings
            },
            betas: vec![1.0],
        },
    );
    assert!(plain.is_err_and(|m| m.contains("choose the VAE")));
}

#[test]
fn an_exported_autoencoder_imports_to_the_same_model_and_bad_files_are_refused() {
    use super::ae_run::AeSettings;
    use super::autoencoder::{AeKind, AeShape};
    let (engine, host) = cpu_engine();
    let settings = AeSettings {
        shape: AeShape {
            kind: AeKind::Variational,
            latent: 2,
            hidden: 32,
        },
        beta: 1.0,
        lr: 3e-3,
        batch: 32,
        seed: 4,
    };
    let setup = ask(
        &engine,
        &host,
        1,
        Q::AeSetup {
            settings: settings.clone(),
        },
    );
    assert!(setup.is_ok(), "{setup:?}");
    assert!(ask(&engine, &host, 2, Q::AeTrain { budget_ms: 300.0 }).is_ok());
    let view = |id| match ask(
        &engine,
        &host,
        id,
        Q::AeView {
            count: 2,
            codes: 50,
        },
    ) {
        Ok(Reply::Representations(R::AeView(v))) => v,
        other => panic!("{other:?}"),
    };
    let before = view(3);
    let Ok(Reply::Representations(R::AeFile(file))) = ask(&engine, &host, 4, Q::AeExport) else {
        panic!("no file")
    };
    // A fresh model, then the file: the same reconstructions and codes as before.
    assert!(
        ask(
            &engine,
            &host,
            5,
            Q::AeSetup {
                settings: AeSettings {
                    seed: 9,
                    ..settings.clone()
                }
            }
        )
        .is_ok()
    );
    assert_ne!(view(6).reconstructions, before.reconstructions);
    let Ok(Reply::Representations(R::AeImported(imported))) = ask(
        &engine,
        &host,
        7,
        Q::AeImport {
            file: file.file.clone(),
        },
    ) else {
        panic!("not imported")
    };
    assert_eq!(imported.settings, settings);
    assert!(imported.steps > 0);
    let after = view(8);
    assert_eq!(after.reconstructions, before.reconstructions);
    assert_eq!(after.points, before.points);

    // Cut short, damaged, another model's: refused, and the model stays.
    let cut = ask(
        &engine,
        &host,
        9,
        Q::AeImport {
            file: file.file[..file.file.len() / 2].to_vec(),
        },
    );
    assert!(cut.is_err_and(|m| m.contains("cut short or damaged")));
    let mut other = file.file.clone();
    // The safetensors header: its length in the first 8 bytes, then JSON.
    let header_len = u64::from_le_bytes(file.file[..8].try_into().unwrap()) as usize;
    let header = String::from_utf8_lossy(&other[8..8 + header_len]).into_owned();
    let at = header
        .find("representations.vae")
        .expect("the kind is in the header")
        + 8;
    other[at..at + "representations.vae".len()].copy_from_slice(b"representations.xyz");
    let wrong = ask(&engine, &host, 10, Q::AeImport { file: other });
    assert!(
        wrong.is_err_and(|m| m.contains("not a")),
        "another model's file"
    );
    // A file whose settings promise a wider network than its tensors hold.
    let mut misfit = file.file.clone();
    let header = String::from_utf8_lossy(&misfit[8..8 + header_len]).into_owned();
    let at = header
        .find("\"hidden\\\":32")
        .expect("the width is in the config")
        + 8;
    misfit[at..at + 12].copy_from_slice(b"\"hidden\\\":64");
    let shape = ask(&engine, &host, 11, Q::AeImport { file: misfit });
    assert!(
        shape.is_err_and(|m| m.contains("do not fit")),
        "tensors that do not fit"
    );
    assert_eq!(
        view(12).reconstructions,
        before.reconstructions,
        "the imported model stays"
    );
}

#[test]
fn an_exported_word2vec_run_imports_to_the_same_vectors_and_bad_files_are_refused() {
    let text = "the cat sat on the mat\nthe dog sat on the log\na cat and a dog\n".repeat(20);
    let (engine, host) = setup(TextSource::Text { text: text.clone() }, 2, 8);
    assert!(ask(&engine, &host, 2, Q::Train { budget_ms: 200.0 }).is_ok());
    let near = |id| match ask(
        &engine,
        &host,
        id,
        Q::Neighbours {
            tokens: vec!["c".into(), "d".into()],
            k: 5,
        },
    ) {
        Ok(Reply::Representations(R::W2vNeighbours(rows))) => rows
            .iter()
            .map(|r| r.now.iter().map(|n| (n.token.clone(), n.cosine)).collect())
            .collect::<Vec<Vec<(String, f32)>>>(),
        other => panic!("{other:?}"),
    };
    let before = near(3);
    let Ok(Reply::Representations(R::W2vFile(file))) = ask(&engine, &host, 4, Q::W2vExport) else {
        panic!("no file")
    };
    let file = file.file;
    // Another run on another text, then the file: its text and vectors come back.
    let (engine, host) = setup(
        TextSource::Text {
            text: "abc abd\n".repeat(30),
        },
        2,
        8,
    );
    let Ok(Reply::Representations(R::W2vImported(imported))) =
        ask(&engine, &host, 5, Q::W2vImport { file: file.clone() })
    else {
        panic!("not imported")
    };
    assert_eq!(
        imported.spec.source,
        TextSource::Text { text: text.clone() }
    );
    assert!(imported.steps > 0);
    assert_eq!(near(6), before, "the same neighbours at the same cosines");
    // Training goes on from the file's steps.
    let Ok(Reply::Representations(R::W2vProgress(p))) =
        ask(&engine, &host, 7, Q::Train { budget_ms: 50.0 })
    else {
        panic!("no progress")
    };
    assert!(
        p.steps > imported.steps,
        "{} after {}",
        p.steps,
        imported.steps
    );

    // A damaged file and another lab's are refused; the imported run stays.
    let cut = ask(
        &engine,
        &host,
        8,
        Q::W2vImport {
            file: file[..100].to_vec(),
        },
    );
    assert!(cut.is_err_and(|m| m.contains("cut short or damaged")));
    let Ok(Reply::Representations(R::W2vFile(again))) = ask(&engine, &host, 9, Q::W2vExport) else {
        panic!("no file")
    };
    let other = ask(&engine, &host, 10, Q::AeImport { file: again.file });
    assert!(
        format!("{other:?}").contains("holds a representations.word2vec model"),
        "{other:?}"
    );
    // The same tables under another text's vocabulary (a text edited in the file) are refused.
    let header_len = u64::from_le_bytes(file[..8].try_into().unwrap()) as usize;
    let header = String::from_utf8(file[8..8 + header_len].to_vec()).unwrap();
    let edited = header.replace("the cat sat", "the bat sat");
    assert_eq!(edited.len(), header.len());
    let mut misfit = file.clone();
    misfit[8..8 + header_len].copy_from_slice(edited.as_bytes());
    let refused = ask(&engine, &host, 11, Q::W2vImport { file: misfit });
    assert!(
        format!("{refused:?}").contains("it was trained on another text"),
        "{refused:?}"
    );
    assert_eq!(near(12).len(), 2, "the imported run still answers");
}
