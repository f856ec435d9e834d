// Which WebGPU adapter a browser offers, and whether it draws in software.
// The engine worker asks before it loads a build; the page asks to know
// whether a lab may be timed on the GPU and under which device its timings
// are remembered. Both ask the same browser, so they agree.

/** What a software adapter calls itself: SwiftShader, Mesa's llvmpipe/lavapipe, Windows' WARP. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|basic render|software/i;

/** The adapter's words: vendor, architecture, device and description, as the browser gives them. */
export function adapterName(adapter: GPUAdapter): string {
  const info = adapter.info;
  return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
}

/**
 * The adapter's name when it draws in software on the CPU. Such an adapter
 * is many times slower than the engine's own CPU backend, which is compiled
 * for the CPU it runs on rather than emulating a GPU on it.
 */
export function softwareAdapter(adapter: GPUAdapter): string | null {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const words = adapterName(adapter);
  if (info.isFallbackAdapter === true || legacy === true || SOFTWARE.test(words)) return words || 'fallback adapter';
  return null;
}

/** The browser's adapter, or null where it has no WebGPU or no adapter. */
export async function findAdapter(): Promise<GPUAdapter | null> {
  if (typeof navigator === 'undefined' || !navigator.gpu) return null;
  return navigator.gpu.requestAdapter().catch(() => null);
}
