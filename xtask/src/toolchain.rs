//! Finding a Rust toolchain that can build for `wasm32-unknown-unknown`.
//!
//! Two paths, tried in this order:
//! 1. rustup's `wasm32-unknown-unknown` target, already installed: the normal
//!    path everywhere rustup can download.
//! 2. Debian's `rustc-web` + `rust-web-src` + `lld-19`: a rustc >= 1.95 with
//!    its std source, used with `-Z build-std` (and `RUSTC_BOOTSTRAP`) because
//!    no prebuilt wasm32 std exists for it. This is the path on machines where
//!    `rustup target add` cannot download (see shared/notes/toolchain.md).
//!
//! If neither is present, it tries `rustup target add` (bounded in time, as
//! it can hang without a network), then installs the Debian packages with
//! apt-get when running as root.
//!
//! The threaded CPU engine always rebuilds std (with atomics, which the
//! prebuilt wasm32 std lacks), so it needs a toolchain with std's source:
//! Debian's, or rustup's nightly with `rust-src` ([`WasmToolchain::with_std_source`]).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{self, command};

pub const TARGET: &str = "wasm32-unknown-unknown";

/// `--cfg` every getrandom major in burn's tree needs on wasm.
const RUSTFLAGS: &str = "--cfg getrandom_backend=\"wasm_js\"";
/// wasm SIMD (Chrome 91+, Firefox 89+, Safari 16.4+): the CPU backend's
/// matrix products and element-wise kernels use it.
const TARGET_FEATURES: &str = "+simd128";

/// What one build adds to the common RUSTFLAGS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extra {
    /// More `-C target-feature`s (`+atomics`).
    pub features: &'static [&'static str],
    /// `-C link-arg`s.
    pub link_args: &'static [&'static str],
}

impl Extra {
    /// The whole RUSTFLAGS value, target features in one `-C target-feature`.
    fn rustflags(self) -> String {
        let features = std::iter::once(TARGET_FEATURES)
            .chain(self.features.iter().copied())
            .collect::<Vec<_>>()
            .join(",");
        let mut flags = format!("{RUSTFLAGS} -C target-feature={features}");
        for arg in self.link_args {
            flags.push_str(" -C link-arg=");
            flags.push_str(arg);
        }
        flags
    }
}

const DEBIAN_PACKAGES: &[&str] = &["rustc-web", "cargo-web", "rust-web-src", "lld-19"];
const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_CARGO: &str = "/usr/bin/cargo";
const DEBIAN_STD_SRC: &str = "/usr/lib/rustlib/src/rust/library";
const DEBIAN_LINKER: &str = "wasm-ld-19";

/// A way to build for wasm32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasmToolchain {
    /// rustup's toolchain with the wasm32 target installed.
    Rustup,
    /// Debian's rustc-web, rebuilding std with `-Z build-std`.
    Debian,
    /// rustup's nightly with its `rust-src` component, rebuilding std with
    /// `-Z build-std` (for the threaded engine where Debian's is missing).
    Nightly,
}

impl WasmToolchain {
    /// Find a toolchain, installing one if needed.
    pub fn find() -> Result<Self, String> {
        if rustup_has_target() {
            return Ok(Self::Rustup);
        }
        if debian_ready() {
            return Ok(Self::Debian);
        }
        if rustup_add_target() {
            return Ok(Self::Rustup);
        }
        eprintln!("xtask: no wasm32 std from rustup; installing Debian's rustc-web");
        process::apt_install(DEBIAN_PACKAGES)?;
        if debian_ready() {
            Ok(Self::Debian)
        } else {
            Err("Debian's rustc-web is installed but not usable (need rustc >= 1.95, its std source and wasm-ld-19)".into())
        }
    }

    /// A toolchain that rebuilds std from source: Debian's or rustup's
    /// nightly with `rust-src`, whichever is there; else Debian's, installed
    /// with apt-get (as root); else rustup's nightly, downloaded (bounded in
    /// time, as rustup can hang without a network).
    pub fn with_std_source() -> Result<Self, String> {
        if debian_ready() {
            return Ok(Self::Debian);
        }
        if nightly_has_std_source() {
            return Ok(Self::Nightly);
        }
        eprintln!("xtask: the threaded engine rebuilds std; installing Debian's rustc-web");
        match process::apt_install(DEBIAN_PACKAGES) {
            Ok(()) if debian_ready() => return Ok(Self::Debian),
            Ok(()) => eprintln!("xtask: Debian's rustc-web is installed but not usable"),
            Err(err) => eprintln!("xtask: {err}"),
        }
        eprintln!(
            "xtask: trying `rustup toolchain install nightly --component rust-src` (10 minutes at most)"
        );
        let install = [
            "toolchain",
            "install",
            "nightly",
            "--profile",
            "minimal",
            "--component",
            "rust-src",
        ];
        if bounded(
            Command::new("rustup").args(install),
            Duration::from_secs(600),
        ) && nightly_has_std_source()
        {
            return Ok(Self::Nightly);
        }
        Err("the threaded engine needs std's source: Debian's rustc-web (>= 1.95) with rust-web-src and wasm-ld-19, or `rustup toolchain install nightly --component rust-src`".into())
    }

    /// Whether this toolchain rebuilds std (`-Z build-std`).
    pub fn rebuilds_std(self) -> bool {
        self != Self::Rustup
    }

    /// `cargo build` of the engine's cdylib for wasm32, release profile,
    /// with the crate's `features` and the `extra` flags.
    pub fn cargo_build(
        self,
        root: &Path,
        target_dir: &Path,
        features: &[&str],
        extra: Extra,
    ) -> Command {
        let mut cmd = match self {
            Self::Rustup => command("cargo", root),
            Self::Nightly => {
                let mut cmd = command("cargo", root);
                cmd.arg("+nightly");
                cmd
            }
            Self::Debian => {
                let mut cmd = command(DEBIAN_CARGO, root);
                cmd.env("RUSTC", DEBIAN_RUSTC)
                    .env("RUSTC_BOOTSTRAP", "1")
                    .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", DEBIAN_LINKER);
                cmd
            }
        };
        cmd.env("CARGO_TARGET_DIR", target_dir)
            .env("RUSTFLAGS", extra.rustflags())
            .args([
                "build",
                "--release",
                "--lib",
                "-p",
                "kindling",
                "--target",
                TARGET,
            ]);
        if !features.is_empty() {
            cmd.args(["--features", &features.join(",")]);
        }
        if self.rebuilds_std() {
            cmd.args(["-Z", "build-std=std,panic_abort"]);
        }
        cmd
    }

    /// Where the built `.wasm` lands.
    pub fn artifact(target_dir: &Path) -> PathBuf {
        target_dir
            .join(TARGET)
            .join("release")
            .join("kindling.wasm")
    }
}

fn rustup_has_target() -> bool {
    process::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|out| out.lines().any(|l| l.trim() == TARGET))
}

fn rustup_add_target() -> bool {
    if !process::exists("rustup") {
        return false;
    }
    eprintln!("xtask: trying `rustup target add {TARGET}` (60 s at most)");
    bounded(
        Command::new("rustup").args(["target", "add", TARGET]),
        Duration::from_secs(60),
    ) && rustup_has_target()
}

/// Run `cmd` quietly for at most `limit`; whether it finished and succeeded.
fn bounded(cmd: &mut Command, limit: Duration) -> bool {
    let Ok(mut child) = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn() else {
        return false;
    };
    let start = Instant::now();
    while start.elapsed() < limit {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) => std::thread::sleep(Duration::from_millis(500)),
            Err(_) => return false,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    false
}

fn nightly_has_std_source() -> bool {
    process::output(Command::new("rustup").args([
        "component",
        "list",
        "--installed",
        "--toolchain",
        "nightly",
    ]))
    .is_some_and(|out| out.lines().any(|l| l.trim().starts_with("rust-src")))
}

fn debian_ready() -> bool {
    let version = process::output(Command::new(DEBIAN_RUSTC).arg("--version")).unwrap_or_default();
    let new_enough = version
        .split_whitespace()
        .nth(1)
        .and_then(|v| {
            let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
            Some((parts.next()??, parts.next()??))
        })
        .is_some_and(|(major, minor)| (major, minor) >= (1, 95));
    new_enough
        && Path::new(DEBIAN_CARGO).exists()
        && Path::new(DEBIAN_STD_SRC).exists()
        && process::exists(DEBIAN_LINKER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_build_rebuilds_std_and_sets_the_getrandom_cfg() {
        let cmd = WasmToolchain::Debian.cargo_build(
            Path::new("."),
            Path::new("/tmp/t"),
            &["webgpu"],
            Extra::default(),
        );
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(
            args.windows(2)
                .any(|w| w == ["-Z", "build-std=std,panic_abort"])
        );
        assert!(args.windows(2).any(|w| w == ["--target", TARGET]));
        assert!(args.windows(2).any(|w| w == ["--features", "webgpu"]));
        let envs: Vec<_> = cmd.get_envs().collect();
        assert!(envs.iter().any(|(k, v)| *k == "RUSTFLAGS"
            && v.is_some_and(|v| v.to_string_lossy().contains("wasm_js"))));
        assert!(envs.iter().any(|(k, v)| *k == "RUSTFLAGS"
            && v.is_some_and(|v| v.to_string_lossy().contains("+simd128"))));
        assert!(envs.iter().any(|(k, _)| *k == "RUSTC_BOOTSTRAP"));
    }

    #[test]
    fn extra_features_join_the_simd_flag_and_link_args_follow() {
        let extra = Extra {
            features: &["+atomics"],
            link_args: &["--shared-memory"],
        };
        assert_eq!(
            extra.rustflags(),
            "--cfg getrandom_backend=\"wasm_js\" -C target-feature=+simd128,+atomics -C link-arg=--shared-memory"
        );
    }

    #[test]
    fn rustup_build_uses_plain_std() {
        let cmd = WasmToolchain::Rustup.cargo_build(
            Path::new("."),
            Path::new("/tmp/t"),
            &[],
            Extra::default(),
        );
        assert!(!cmd.get_args().any(|a| a == "-Z" || a == "--features"));
    }
}
