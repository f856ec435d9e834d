// Launching Debian's Chromium the way the tests and benches need it.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export type GpuMode = 'webgpu' | 'cpu';

/** Flags verified on these machines (shared/notes/toolchain.md). */
const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
];

/** With `webgpu`, SwiftShader's WebGPU adapter; with `cpu`, no adapter at all. */
export async function launch(mode: GpuMode): Promise<Browser> {
  const executablePath = process.env.KINDLING_CHROMIUM ?? '/usr/bin/chromium';
  const args = mode === 'webgpu' ? [...BASE_FLAGS, '--enable-unsafe-webgpu'] : BASE_FLAGS;
  return chromium.launch({ executablePath, headless: true, args });
}

/** Everything a page did that a test may assert on. */
export type Recorder = { requests: string[]; errors: string[] };

export async function newContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; recorder: Recorder }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  const recorder: Recorder = { requests: [], errors: [] };
  context.on('request', (request) => recorder.requests.push(request.url()));
  context.on('page', (page) => watch(page, recorder));
  return { context, recorder };
}

function watch(page: Page, recorder: Recorder): void {
  page.on('console', (message) => {
    if (message.type() === 'error') recorder.errors.push(message.text());
  });
  page.on('pageerror', (error) => recorder.errors.push(`pageerror: ${error.message}`));
}

/** Wait until the engine badge says the engine is ready; returns its text. */
export async function engineReady(page: Page, timeout = 180_000): Promise<string> {
  const badge = page.getByTestId('backend');
  await badge.and(page.locator('[data-state="ready"]')).waitFor({ timeout });
  return (await badge.textContent()) ?? '';
}
