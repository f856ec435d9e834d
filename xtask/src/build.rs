//! The commands: build the site, serve it, test it, bench it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use crate::engine::Engine;
use crate::process::{self, command, run};
use crate::toolchain::WasmToolchain;
use crate::{root, target_dir};

/// Build the engine and the page into `dist/`; returns the dist folder.
pub fn site() -> Result<PathBuf, String> {
    site_alongside(|| Ok(()))
}

/// [`site`], with `beside` running on another thread during the long wasm
/// builds (on a cold machine they leave a core idle for long spells). The
/// wasm-bindgen CLI is installed on that thread first, and the assets are
/// made there after `beside`: their longest step, pretraining the LoRA base
/// (10 minutes or more on a cold machine), runs on one core.
fn site_alongside(beside: impl FnOnce() -> Result<(), String> + Send) -> Result<PathBuf, String> {
    let root = root();
    let start = Instant::now();
    let version = wasm_bindgen_version(&root)?;
    let toolchain = WasmToolchain::find()?;
    // The threaded engine rebuilds std: the toolchain found may do that already.
    let with_std = if toolchain.rebuilds_std() {
        toolchain
    } else {
        WasmToolchain::with_std_source()?
    };
    // The engines are compiled at once, each by its own cargo in its own
    // target folder: one after another, a cold build on two cores kept them
    // busy about 60% of the time (112 CPU-minutes in 95 minutes), as each
    // build ends in long spells on one large crate. All are compiled before
    // any is bound: wasm-bindgen-cli may still be installing on the side
    // thread.
    std::thread::scope(|scope| {
        let side = scope.spawn(|| {
            ensure_wasm_bindgen(&root, &version)
                .and_then(|()| beside())
                .and_then(|()| crate::assets::all(&root))
        });
        let builds: Vec<_> = Engine::ALL
            .iter()
            .map(|&engine| {
                let toolchain = if engine.rebuilds_std() {
                    with_std
                } else {
                    toolchain
                };
                let root = &root;
                scope.spawn(move || engine.compile(root, toolchain))
            })
            .collect();
        let mut failed = Vec::new();
        for (engine, build) in Engine::ALL.iter().zip(builds) {
            if let Err(err) = build
                .join()
                .unwrap_or_else(|_| Err("build panicked".into()))
            {
                failed.push(format!("{} engine: {err}", engine.name()));
            }
        }
        if let Err(err) = side
            .join()
            .unwrap_or_else(|_| Err("side build panicked".into()))
        {
            failed.push(err);
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(failed.join("; "))
        }
    })?;
    for engine in Engine::ALL {
        engine.bind(&root)?;
    }
    npm_ci(&root)?;
    run(command("npm", &root).args(["run", "--silent", "build"]))?;
    eprintln!(
        "xtask: site built in {:.0} s -> dist/",
        start.elapsed().as_secs_f64()
    );
    Ok(root.join("dist"))
}

/// Serve `dist/` on 127.0.0.1:8080 until interrupted.
pub fn serve() -> Result<(), String> {
    let root = root();
    println!("\n  Kindling is at http://127.0.0.1:8080/\n");
    run(&mut vite(
        &root,
        &[
            "preview",
            "--host",
            "127.0.0.1",
            "--port",
            "8080",
            "--strictPort",
        ],
    ))
}

/// Every suite: native Rust, front-end unit tests, browser tests.
pub fn test() -> Result<(), String> {
    let root = root();
    let start = Instant::now();
    // First, as it takes a second: the README's figures must be the ones
    // the bench result file it names holds.
    run(command("node", &root).args(["bench/figures.mjs", "--check"]))?;
    let native_tests = || {
        let mut cmd = command("cargo", &root);
        cmd.env("CARGO_TARGET_DIR", target_dir())
            .args(["test", "--workspace"]);
        cmd
    };
    // Compile the native tests beside the wasm build, quietly, then run them.
    site_alongside(|| {
        let log = target_dir().join("native-test-build.log");
        std::fs::create_dir_all(target_dir()).map_err(|e| e.to_string())?;
        let file = std::fs::File::create(&log).map_err(|e| e.to_string())?;
        let err = file.try_clone().map_err(|e| e.to_string())?;
        run(native_tests().arg("--no-run").stdout(file).stderr(err))
            .map_err(|e| format!("{e} (log: {})", log.display()))
    })?;
    // The native tests read the same assets as the page: made beside the
    // wasm builds, after the native tests compiled.
    run(&mut native_tests())?;
    run(command("npm", &root).args(["run", "--silent", "test:unit"]))?;
    let chromium = chromium()?;
    run(command("npm", &root)
        .args(["run", "--silent", "test:browser"])
        .env("KINDLING_CHROMIUM", chromium))?;
    eprintln!(
        "xtask: all tests passed in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Build, then run the page's benchmarks in headless Chromium: a new dated
/// result file, and the README's Figures section written from it (printed;
/// `node bench/figures.mjs --write FILE` puts it in the README).
pub fn bench() -> Result<(), String> {
    let root = root();
    site()?;
    let chromium = chromium()?;
    run(command("node", &root)
        .arg("bench/run.mjs")
        .env("KINDLING_CHROMIUM", chromium))
}

/// The `wasm-bindgen` version Cargo.lock pins; the CLI must match it exactly.
fn wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn ensure_wasm_bindgen(root: &Path, version: &str) -> Result<(), String> {
    let have = process::output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(version) {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {version} (a few minutes, once)");
    // Without --locked: the CLI's own lockfile pins crates some registries lack.
    run(command("cargo", root).args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &format!("={version}"),
    ]))
}

/// When `path` was last written, if it exists.
pub fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `npm ci` when node_modules is missing or older than the lockfile.
fn npm_ci(root: &Path) -> Result<(), String> {
    if !process::exists("npm") || !process::exists("node") {
        return Err("Node.js 20.19 or newer with npm is needed for the front end".into());
    }
    let stamp = root.join("node_modules/.package-lock.json");
    let fresh = matches!(
        (modified(&stamp), modified(&root.join("package-lock.json"))),
        (Some(installed), Some(locked)) if installed >= locked
    );
    if fresh {
        return Ok(());
    }
    run(command("npm", root).args(["ci", "--no-audit", "--no-fund"]))
}

fn vite(root: &Path, args: &[&str]) -> Command {
    let mut cmd = command(root.join("node_modules/.bin/vite"), root);
    cmd.args(args);
    cmd
}

/// Debian's Chromium for the browser tests and benches, installed if missing.
fn chromium() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("KINDLING_CHROMIUM") {
        return Ok(PathBuf::from(path));
    }
    let path = PathBuf::from("/usr/bin/chromium");
    if !path.exists() {
        eprintln!("xtask: installing Debian's chromium for the browser tests");
        // With CJK and emoji fonts, so that screenshots show 中文 and emoji.
        process::apt_install(&["chromium", "fonts-noto-cjk", "fonts-noto-color-emoji"])?;
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_locked_wasm_bindgen_version() {
        let version = wasm_bindgen_version(&root()).unwrap();
        let parts: Vec<&str> = version.split('.').collect();
        assert_eq!(parts.len(), 3, "{version}");
        assert!(parts.iter().all(|p| p.parse::<u32>().is_ok()), "{version}");
    }
}
