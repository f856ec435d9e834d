//! `cargo xtask`: build, serve, test and bench Kindling.
//!
//! One entry point for every machine: it finds a wasm toolchain (rustup's
//! target, or Debian's `rustc-web` with `-Z build-std`), installs what is
//! missing (wasm-bindgen-cli at the crate's exact version, npm packages from
//! the lockfile, Chromium for the browser tests), builds the engine and the
//! page into `dist/`, and runs the suites. Only std: the tool must build in
//! seconds on a fresh clone.

mod assets;
mod build;
mod engine;
mod process;
mod toolchain;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve   build everything and serve dist/ on http://127.0.0.1:8080
  build   build the engine (wasm) and the page into dist/
  assets  fetch and convert the models and data the page serves (www/public/data/)
  test    README figures against their bench file, native tests, front-end
          unit tests, browser tests (WebGPU and CPU)
  bench   run the page's benchmarks in headless Chromium; JSON to a new dated
          file in bench/results/, then print the README's figure lines for it

environment:
  CARGO_TARGET_DIR   build folder (default: $HOME/.cache/kindling/target)
  KINDLING_WASM_OPT  set to 0 to skip wasm-opt";

fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    let result = match command.as_deref() {
        Some("build") => build::site().map(|_| ()),
        Some("assets") => assets::all(&root()),
        Some("serve") => build::site().and_then(|_| build::serve()),
        Some("test") => build::test(),
        Some("bench") => build::bench(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    // Cargo sets the variable when it runs xtask or its tests; the value
    // compiled in is the fallback. Compiled-in alone, a binary reused from
    // the shared build folder (its hashes do not depend on where the
    // checkout is) would point at the checkout that built it.
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Where cargo builds: `$CARGO_TARGET_DIR`, else a cache folder outside the
/// checkout so that fresh clones (CI) reuse the artifacts.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    cache_dir().join("target")
}

/// Kindling's folder under `~/.cache`: builds, downloads and built assets
/// that outlive a checkout.
pub fn cache_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map_or_else(|| root().join(".cache"), PathBuf::from);
    home.join(".cache").join("kindling")
}
