// The engine builds' wasm files by the names wasm-bindgen gives them
// (xtask/src/engine.rs), for what handles them by name: the build config
// leaves the GPU engine out of the precache, and the service worker keeps
// it when it is first fetched.

/** The GPU engine's wasm, before Vite's content hash (`assets/kindling_gpu_bg-<hash>.wasm`). */
export const GPU_ENGINE = 'kindling_gpu_bg';
