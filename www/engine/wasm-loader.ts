// Download (with progress) and instantiate one of the engine's three wasm builds.
//
// The CPU engine (burn's flex backend) is a fraction of the GPU engine's size
// (burn-wgpu, cubecl and wgpu are most of its bytes), so a page that runs on
// the CPU never fetches the GPU engine. The threaded CPU engine is the CPU
// engine built with atomics on a shared memory: rayon's pool runs in Web
// Workers (wasm-bindgen-rayon), which a page may start only when it is
// cross-origin isolated. Each build's JS glue is imported only when that
// build is loaded; the wasm URLs are plain strings until then.
import cpuWasm from './pkg/cpu/kindling_cpu_bg.wasm?url';
import threadsWasm from './pkg/cpu_mt/kindling_cpu_mt_bg.wasm?url';
import gpuWasm from './pkg/gpu/kindling_gpu_bg.wasm?url';
import { download } from './download';
import type { WorkerNote } from './protocol';

/** Which build: `cpu` has only the CPU backend, `threads` the same on a thread pool, `gpu` WebGPU and the CPU. */
export type EngineBuild = Extract<WorkerNote, { type: 'engine' }>['build'];

/** The engine as the worker drives it; every build exports the same handle. */
export type EngineHandle = InstanceType<Glue['EngineHandle']>;

/** What a build's glue module gives: its initialiser (whose output differs by build), its handle class, and the threaded build's pool starter. */
type Module = typeof import('./pkg/gpu/kindling_gpu.js');
type Glue = {
  default: (input: Parameters<Module['default']>[0]) => Promise<unknown>;
  EngineHandle: Module['EngineHandle'];
  initThreadPool?: (threads: number) => Promise<unknown>;
  panicChannel?: () => string;
};

const BUILDS: Record<EngineBuild, { glue: () => Promise<Glue>; wasm: string }> = {
  cpu: { glue: () => import('./pkg/cpu/kindling_cpu.js'), wasm: cpuWasm },
  threads: { glue: () => import('./pkg/cpu_mt/kindling_cpu_mt.js'), wasm: threadsWasm },
  gpu: { glue: () => import('./pkg/gpu/kindling_gpu.js'), wasm: gpuWasm },
};

/**
 * How long the pool's workers may take to start. wasm-bindgen-rayon waits
 * for each worker's "ready" and never hears of one that failed to load, so
 * without a limit a pool that cannot start would leave the engine starting
 * for ever instead of falling back to one thread.
 */
const POOL_START_MS = 30_000;

/** `promise`, or a rejection once `ms` have passed. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms / 1000} s`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * Instantiate `build` once; returns its handle class, the wasm's size in
 * bytes and, for the threaded build, the channel its pool threads report a
 * panic on. The threaded build starts its pool of `threads` workers before the
 * handle exists: rayon's pool is made once, and anything using it first
 * would fix it at one thread.
 */
export async function loadEngineModule(
  build: EngineBuild,
  threads: number,
  onProgress: (loaded: number, total: number) => void,
): Promise<{ Handle: Glue['EngineHandle']; bytes: number; panics: string | null }> {
  const { glue, wasm } = BUILDS[build];
  const [module, bytes] = await Promise.all([glue(), download(wasm, onProgress)]);
  await module.default({ module_or_path: bytes });
  if (module.initThreadPool) await within(module.initThreadPool(threads), POOL_START_MS, `starting ${threads} threads`);
  // Where a panic on a pool thread is reported (src/web.rs): named before any thread can panic.
  const panics = module.panicChannel?.() ?? null;
  return { Handle: module.EngineHandle, bytes: bytes.length, panics };
}
