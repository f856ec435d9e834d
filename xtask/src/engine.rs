//! The three wasm engines: what each is built with, and where it goes.
//!
//! The CPU engine (burn's flex backend only) is what every visit loads first:
//! it is a fraction of the GPU engine's size, because burn-wgpu and cubecl
//! (the shader compiler, its IR, wgpu itself) are most of the bytes. The GPU
//! engine adds the `webgpu` feature and is loaded only where WebGPU runs
//! (www/engine/wasm-loader.ts). The threaded CPU engine is the CPU engine on
//! rayon, with atomics and a shared memory: a page loads it in place of the
//! CPU engine where it is cross-origin isolated (shared memory needs that).
//! wgpu cannot compile with atomics, so no engine is both. Each has its own
//! cargo target folder: a cdylib's file name carries no feature hash, so two
//! feature sets in one folder would overwrite each other's output and
//! rebuild the crate on every switch.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build::modified;
use crate::process::{self, command, run};
use crate::target_dir;
use crate::toolchain::{Extra, WasmToolchain};

/// Where wasm-bindgen writes the engines' JS glue and wasm for Vite.
const PKG_DIR: &str = "www/engine/pkg";

/// One of the three engine builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// burn-flex only: loaded first, and the only one a page without a
    /// hardware GPU adapter ever fetches.
    Cpu,
    /// burn-flex and burn-wgpu.
    Gpu,
    /// burn-flex on rayon's threads (Web Workers sharing the memory).
    CpuThreads,
}

/// What shared memory and rayon's workers need from rustc and the linker:
/// atomics in the code (std rebuilt with them), a memory imported and
/// shared between the workers, its limit (4 GiB, as the other engines'),
/// and the thread-local storage hooks wasm-bindgen starts each worker with.
const THREAD_FEATURES: &[&str] = &["+atomics", "+bulk-memory", "+mutable-globals"];
const THREAD_LINK_ARGS: &[&str] = &[
    "--shared-memory",
    "--import-memory",
    "--max-memory=4294967296",
    "--export=__wasm_init_tls",
    "--export=__tls_size",
    "--export=__tls_align",
    "--export=__tls_base",
];

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Cpu, Engine::Gpu, Engine::CpuThreads];

    /// Its name in folders and files (`pkg/cpu/kindling_cpu_bg.wasm`).
    pub fn name(self) -> &'static str {
        match self {
            Engine::Cpu => "cpu",
            Engine::Gpu => "gpu",
            Engine::CpuThreads => "cpu_mt",
        }
    }

    /// The crate's cargo features for this build.
    pub fn features(self) -> &'static [&'static str] {
        match self {
            Engine::Cpu => &[],
            Engine::Gpu => &["webgpu"],
            Engine::CpuThreads => &["threads"],
        }
    }

    /// Whether it needs std rebuilt (with atomics): a toolchain with std's
    /// source (`WasmToolchain::with_std_source`).
    pub fn rebuilds_std(self) -> bool {
        self == Engine::CpuThreads
    }

    /// Target features and linker arguments beyond the common ones.
    fn flags(self) -> Extra {
        match self {
            Engine::CpuThreads => Extra {
                features: THREAD_FEATURES,
                link_args: THREAD_LINK_ARGS,
            },
            _ => Extra::default(),
        }
    }

    /// Its cargo target folder. The GPU engine keeps the shared folder it
    /// was always built in, so existing caches stay warm.
    fn target_dir(self) -> PathBuf {
        match self {
            Engine::Cpu => target_dir().join("engine-cpu"),
            Engine::Gpu => target_dir(),
            Engine::CpuThreads => target_dir().join("engine-cpu-mt"),
        }
    }

    /// wasm-bindgen's output folder for this engine.
    fn pkg(self, root: &Path) -> PathBuf {
        root.join(PKG_DIR).join(self.name())
    }

    /// wasm-bindgen's `--out-name`: distinct, so that the hashed files in
    /// `dist/assets/` say which engine they are.
    fn out_name(self) -> String {
        format!("kindling_{}", self.name())
    }

    /// Build this engine for wasm32 (cargo's `.wasm`, not yet bound).
    pub fn compile(self, root: &Path, toolchain: WasmToolchain) -> Result<(), String> {
        let target = self.target_dir();
        eprintln!(
            "xtask: {} engine: {toolchain:?} toolchain, target dir {}",
            self.name(),
            target.display()
        );
        run(&mut toolchain.cargo_build(root, &target, self.features(), self.flags()))
    }

    /// wasm-bindgen (at the crate's exact version) then wasm-opt into
    /// `www/engine/pkg/<name>/`, skipped when the output is newer than the
    /// wasm cargo built.
    pub fn bind(self, root: &Path) -> Result<(), String> {
        let wasm = WasmToolchain::artifact(&self.target_dir());
        let pkg = self.pkg(root);
        let name = self.out_name();
        let out = pkg.join(format!("{name}_bg.wasm"));
        if let (Some(built), Some(done)) = (modified(&wasm), modified(&out))
            && done > built
            && pkg.join(format!("{name}.js")).exists()
        {
            eprintln!("xtask: {} is up to date", pkg.display());
            return Ok(());
        }
        run(command("wasm-bindgen", root)
            .args(["--target", "web", "--out-name", &name, "--out-dir"])
            .arg(&pkg)
            .arg(&wasm))?;
        if self == Engine::CpuThreads {
            // wasm-bindgen-rayon's worker imports its engine as the package
            // three folders up from its snippet (`import('../../..')`).
            let manifest = format!(
                "{{\n  \"name\": \"{name}\",\n  \"private\": true,\n  \"type\": \"module\",\n  \"main\": \"{name}.js\",\n  \"module\": \"{name}.js\"\n}}\n"
            );
            std::fs::write(pkg.join("package.json"), manifest).map_err(|e| e.to_string())?;
        }
        wasm_opt(root, &out);
        Ok(())
    }
}

/// The oldest binaryen trusted with wasm-bindgen's reference-types output.
const MIN_WASM_OPT: u32 = 118;

/// Shrink the wasm with binaryen's wasm-opt where it is installed. Optional:
/// a failure leaves the unoptimised (working) file and says so.
fn wasm_opt(root: &Path, wasm: &Path) {
    if std::env::var("KINDLING_WASM_OPT").as_deref() == Ok("0") || !process::exists("wasm-opt") {
        eprintln!("xtask: wasm-opt skipped");
        return;
    }
    // Older binaryen rewrites wasm-bindgen's externref table into one the
    // browser rejects at start-up (seen with Debian's version 108).
    let version = process::output(Command::new("wasm-opt").arg("--version"))
        .and_then(|v| v.split_whitespace().find_map(|w| w.parse::<u32>().ok()))
        .unwrap_or(0);
    if version < MIN_WASM_OPT {
        eprintln!("xtask: wasm-opt {version} is older than {MIN_WASM_OPT}; skipped");
        return;
    }
    let tmp = wasm.with_extension("opt.wasm");
    let ok = run(command("wasm-opt", root)
        .args(["-O2", "--strip-debug", "--strip-producers"])
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            "--enable-simd",
            "--enable-threads",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(&tmp));
    match ok.and_then(|()| std::fs::rename(&tmp, wasm).map_err(|e| e.to_string())) {
        Ok(()) => eprintln!("xtask: wasm-opt done"),
        Err(err) => {
            let _ = std::fs::remove_file(&tmp);
            eprintln!("xtask: wasm-opt failed, keeping the unoptimised wasm: {err}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_gpu_engine_has_webgpu_and_each_has_its_own_folders() {
        assert_eq!(Engine::Cpu.features(), &[] as &[&str]);
        assert_eq!(Engine::Gpu.features(), &["webgpu"]);
        assert_ne!(Engine::Cpu.target_dir(), Engine::Gpu.target_dir());
        let root = Path::new("/r");
        assert_ne!(Engine::Cpu.pkg(root), Engine::Gpu.pkg(root));
        assert_eq!(Engine::Cpu.out_name(), "kindling_cpu");
    }

    #[test]
    fn only_the_threaded_engine_shares_its_memory_and_rebuilds_std() {
        assert_eq!(Engine::CpuThreads.features(), &["threads"]);
        assert!(Engine::CpuThreads.rebuilds_std());
        assert!(Engine::CpuThreads.flags().features.contains(&"+atomics"));
        assert!(
            Engine::CpuThreads
                .flags()
                .link_args
                .contains(&"--shared-memory")
        );
        for engine in [Engine::Cpu, Engine::Gpu] {
            assert!(!engine.rebuilds_std() && engine.flags() == Extra::default());
        }
        let dirs: std::collections::HashSet<_> =
            Engine::ALL.iter().map(|e| e.target_dir()).collect();
        assert_eq!(dirs.len(), Engine::ALL.len());
    }
}
