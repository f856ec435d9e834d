//! Running commands: echo them, check their status, and keep the variables
//! that `cargo run` sets for xtask away from the cargo builds it starts.
//!
//! `cargo xtask` runs under cargo, which sets `CARGO_PKG_*`, `CARGO_MANIFEST_*`
//! and rustup's `RUSTUP_TOOLCHAIN`. Crates that read such variables at compile
//! time would see different values than in a plain shell and rebuild; burn +
//! wgpu take tens of minutes to rebuild, so child commands get a clean slate.

use std::path::Path;
use std::process::Command;

/// A command for `program`, run in `dir`, without cargo-run's variables.
pub fn command(program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir);
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        let inherited_from_cargo_run = name == "CARGO"
            || name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || name.starts_with("CARGO_CRATE_")
            || name.starts_with("CARGO_BIN_")
            || name == "CARGO_PRIMARY_PACKAGE"
            || name.starts_with("RUSTUP_TOOLCHAIN")
            || name == "RUST_RECURSION_COUNT";
        if inherited_from_cargo_run {
            cmd.env_remove(name);
        }
    }
    cmd
}

/// Run `cmd`, echoing it; an error if it cannot start or exits non-zero.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("xtask: $ {}", describe(cmd));
    let status = cmd
        .status()
        .map_err(|err| format!("cannot run {}: {err}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed with {status}", describe(cmd)))
    }
}

/// Run `cmd` quietly and return its stdout, or `None` if it fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `program` runs at all (`program --version`).
pub fn exists(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether this process runs as root (so it may use apt-get).
pub fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// Install Debian packages with apt-get (root only).
pub fn apt_install(packages: &[&str]) -> Result<(), String> {
    if !is_root() || !exists("apt-get") {
        return Err(format!(
            "missing {}; install them (Debian: apt-get install {})",
            packages.join(", "),
            packages.join(" ")
        ));
    }
    let root = Path::new("/");
    run(command("apt-get", root).arg("update").arg("-q"))?;
    run(command("apt-get", root)
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}
