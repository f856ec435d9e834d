//! Build step (run by `cargo xtask assets`): pretrain the LoRA lab's base
//! GPT on the Tang poems natively, with a fixed seed and step count, and
//! write its weights (safetensors) and its card (settings, vocabulary,
//! training figures) beside them. Usage: pretrain-gpt TANG.txt OUT_DIR STEPS

use std::rc::Rc;
use std::time::Instant;

use burn::store::{ModuleSnapshot, SafetensorsStore};
use burn::tensor::Device;
use kindling::corpus::Corpus;
use kindling::gpt::config::GptSettings;
use kindling::gpt::train::Trainer;
use kindling::gpt::vocabulary::Vocabulary;
use kindling::models::gpt::built::{BASE_CARD, BASE_WEIGHTS, BaseCard};
use kindling::slice::Trainer as _;

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, out_dir, steps] = args.as_slice() else {
        return Err("usage: pretrain-gpt TANG.txt OUT_DIR STEPS".into());
    };
    let steps: u64 = steps.parse().map_err(|e| format!("steps: {e}"))?;
    let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
    let corpus = Rc::new(Corpus::with_limit(&text, usize::MAX).map_err(|m| m.text)?);
    let vocabulary = Rc::new(Vocabulary::new(corpus.clone(), 0).map_err(|m| m.text)?);
    let settings = GptSettings::default();
    let device = Device::flex().autodiff();
    let mut trainer =
        Trainer::new(settings.clone(), vocabulary.clone(), &device).map_err(|m| m.text)?;
    let start = Instant::now();
    while trainer.steps < steps {
        let n = (steps - trainer.steps).min(50) as usize;
        let slice = block_on(trainer.run(n)).map_err(|m| m.text)?;
        if slice.diverged {
            return Err("the base GPT's loss blew up".into());
        }
        let last = slice.losses.last().copied().unwrap_or(f32::NAN);
        eprintln!(
            "pretrain-gpt: step {} loss {last:.3} ({:.0} s)",
            trainer.steps,
            start.elapsed().as_secs_f64()
        );
    }
    let seconds = start.elapsed().as_secs_f64();
    let held = block_on(trainer.evaluate(1 << 20))
        .map_err(|m| m.text)?
        .unwrap_or(f32::NAN);
    let card = BaseCard {
        config: settings.model(vocabulary.size()),
        vocab: corpus.vocab.iter().collect(),
        steps,
        train_seconds: seconds,
        held_out_bits_per_char: f64::from(held) / std::f64::consts::LN_2,
        train_chars: corpus.train as u64,
        valid_chars: (corpus.ids.len() - corpus.train) as u64,
    };
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{out_dir}: {e}"))?;
    let weights = std::path::Path::new(out_dir).join(BASE_WEIGHTS);
    let _ = std::fs::remove_file(&weights);
    let mut store = SafetensorsStore::from_file(&weights);
    trainer
        .snapshot()
        .save_into(&mut store)
        .map_err(|e| format!("{}: {e}", weights.display()))?;
    // burn writes its file owner-only; the page's server must read it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&weights, std::fs::Permissions::from_mode(0o644))
            .map_err(|e| e.to_string())?;
    }
    let json = serde_json::to_string_pretty(&card).map_err(|e| e.to_string())?;
    std::fs::write(std::path::Path::new(out_dir).join(BASE_CARD), json)
        .map_err(|e| e.to_string())?;
    println!(
        "pretrain-gpt: {steps} steps in {seconds:.0} s, held-out {:.3} bits per character -> {}",
        card.held_out_bits_per_char,
        weights.display()
    );
    Ok(())
}
