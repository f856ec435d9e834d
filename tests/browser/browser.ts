// Launching Debian's Chromium the way the tests and benches need it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.mjs';

export type GpuMode = 'webgpu' | 'cpu';

/** With `webgpu`, SwiftShader's WebGPU adapter; with `cpu`, no adapter at all. */
export function launch(mode: GpuMode): Promise<Browser> {
  return launchChromium(mode);
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
