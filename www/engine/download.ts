// One download path for everything the worker fetches (the engine's wasm,
// vocabularies, models): streamed, with byte progress, from the site's own
// origin (the service worker answers from its cache when offline).

/** Fetch `url` into memory, calling `onProgress(loaded, total)` as bytes arrive. */
export async function download(url: string, onProgress: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`cannot download ${url} (${response.status} ${response.statusText})`);
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
  return bytes;
}
