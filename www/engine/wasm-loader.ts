// Download (with progress) and instantiate one of the engine's two wasm builds.
//
// The CPU engine (burn's flex backend) is a fraction of the GPU engine's size
// (burn-wgpu, cubecl and wgpu are most of its bytes), so a page that runs on
// the CPU never fetches the GPU engine. Each build's JS glue is imported only
// when that build is loaded; the wasm URLs are plain strings until then.
import cpuWasm from './pkg/cpu/kindling_cpu_bg.wasm?url';
import gpuWasm from './pkg/gpu/kindling_gpu_bg.wasm?url';
import { download } from './download';

/** Which build: `cpu` has only the CPU backend, `gpu` both. */
export type EngineBuild = 'cpu' | 'gpu';

/** The engine as the worker drives it; both builds export the same handle. */
export type EngineHandle = InstanceType<Glue['EngineHandle']>;

/** What a build's glue module gives: its initialiser (whose output differs by build) and its handle class. */
type Module = typeof import('./pkg/gpu/kindling_gpu.js');
type Glue = { default: (input: Parameters<Module['default']>[0]) => Promise<unknown>; EngineHandle: Module['EngineHandle'] };

const BUILDS: Record<EngineBuild, { glue: () => Promise<Glue>; wasm: string }> = {
  cpu: { glue: () => import('./pkg/cpu/kindling_cpu.js'), wasm: cpuWasm },
  gpu: { glue: () => import('./pkg/gpu/kindling_gpu.js'), wasm: gpuWasm },
};

/** Instantiate `build` once; returns its handle class and the wasm's size in bytes. */
export async function loadEngineModule(
  build: EngineBuild,
  onProgress: (loaded: number, total: number) => void,
): Promise<{ Handle: Glue['EngineHandle']; bytes: number }> {
  const { glue, wasm } = BUILDS[build];
  const [module, bytes] = await Promise.all([glue(), download(wasm, onProgress)]);
  await module.default({ module_or_path: bytes });
  return { Handle: module.EngineHandle, bytes: bytes.length };
}
