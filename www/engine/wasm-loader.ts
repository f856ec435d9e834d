// Download (with progress) and instantiate the engine's wasm module.
import init, { EngineHandle } from './pkg/kindling.js';
import wasmUrl from './pkg/kindling_bg.wasm?url';
import { download } from './download';

export { EngineHandle };

/** Instantiate the wasm module once. */
export async function loadEngineModule(onProgress: (loaded: number, total: number) => void): Promise<void> {
  await init({ module_or_path: await download(wasmUrl, onProgress) });
}
