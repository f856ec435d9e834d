// Launching Debian's Chromium as the browser tests and the benches need it.
// Plain JS so that bench/run.mjs (run by node directly) can share it.
import { chromium } from 'playwright-core';

/** Flags verified on these machines (shared/notes/toolchain.md). */
const FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
];

/**
 * With `webgpu`, SwiftShader's WebGPU adapter (`--enable-unsafe-webgpu`);
 * with `cpu`, a browser that offers no adapter at all.
 * @param {'webgpu' | 'cpu'} mode
 */
export function launchChromium(mode) {
  return chromium.launch({
    executablePath: process.env.KINDLING_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: mode === 'webgpu' ? [...FLAGS, '--enable-unsafe-webgpu'] : FLAGS,
  });
}
