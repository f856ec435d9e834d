// Fetch the engine's wasm with byte progress, then instantiate it. The bytes
// come from the service worker's cache after the first visit.
import init, { Engine } from './pkg/kindling.js';
import wasmUrl from './pkg/kindling_bg.wasm?url';

export { Engine };

/** Download (with progress) and instantiate the wasm module once. */
export async function loadEngineModule(onProgress: (loaded: number, total: number) => void): Promise<void> {
  const response = await fetch(wasmUrl);
  if (!response.ok || !response.body) {
    throw new Error(`cannot download the engine (${response.status} ${response.statusText})`);
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    const now = performance.now();
    if (now - lastReport > 50) {
      lastReport = now;
      onProgress(loaded, Math.max(total, loaded));
    }
  }
  onProgress(loaded, loaded);
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  await init({ module_or_path: bytes });
}
