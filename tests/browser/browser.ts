// Browser sessions for the tests: Debian's Chromium in one of the two GPU
// modes, a context that records every request and console error, and the
// checks every session ends with.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { poolSize } from '../../www/engine/threads';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
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
  // The message and where it was thrown: the first frame of the stack names the file.
  page.on('pageerror', (error) => recorder.errors.push(`pageerror: ${error.message}${error.stack?.split('\n').find((line) => line.includes(' at ')) ?? ''}`));
}

/**
 * `it` in a session of mode `wanted`, nothing in the other: a test that
 * belongs to one backend is absent from the other session rather than
 * reported as skipped (a skipped test is not a passing one). Its name says
 * which backend it needs.
 *
 * What runs where: every lab's models train or infer on both backends, with
 * their results checked. What sits above the backend and is the same on
 * both (links and their refusals, model files, comparisons of several runs,
 * long trainings) is checked once, on the CPU backend: SwiftShader emulates
 * the GPU on the same two cores at 20 to 100 times the CPU backend's time,
 * and CI has 90 minutes for everything.
 */
export function onlyOn(mode: GpuMode, wanted: GpuMode): (name: string, test: () => Promise<void>, timeout?: number) => void {
  return mode === wanted ? (name, test, timeout) => it(name, test, timeout) : () => undefined;
}

/** Wait until the engine badge says the engine is ready; returns its text. */
export async function engineReady(page: Page, timeout = 180_000): Promise<string> {
  const badge = page.getByTestId('backend');
  await badge.and(page.locator('[data-state="ready"]')).waitFor({ timeout });
  return (await badge.textContent()) ?? '';
}

/**
 * The CPU threads `page` should run on: every core the browser reports (up
 * to the engine's cap) where the page is cross-origin isolated and its link
 * does not ask for one, else one.
 */
export async function expectedThreads(page: Page): Promise<number> {
  const { isolated, one, cores } = await page.evaluate(() => ({
    isolated: self.crossOriginIsolated,
    one: new URL(location.href).searchParams.get('threads') === 'one',
    cores: navigator.hardwareConcurrency,
  }));
  return isolated && !one ? poolSize(cores) : 1;
}

/** The CPU badge for `threads` threads, in English. */
export const cpuBadge = (threads: number): string => (threads > 1 ? `CPU · ${threads} threads` : 'CPU');

/**
 * [`engineReady`], and the badge must name the backend the session's mode
 * offers: `WebGPU · <adapter>` with an adapter, `CPU` without, with the
 * threads the page can run (and the engine build for them). A lab that
 * silently fell back to the CPU, or to one thread, fails here instead of
 * passing as "on webgpu" or threaded.
 */
export async function engineReadyOn(page: Page, mode: GpuMode, timeout = 180_000): Promise<string> {
  const badge = await engineReady(page, timeout);
  const element = page.getByTestId('backend');
  await expect(element.getAttribute('data-backend')).resolves.toBe(mode);
  if (mode === 'webgpu') {
    expect(badge, 'the backend badge').toMatch(/^WebGPU · .+/);
    return badge;
  }
  const threads = await expectedThreads(page);
  await expect(element.getAttribute('data-threads')).resolves.toBe(String(threads));
  await expect(element.getAttribute('data-engine')).resolves.toBe(threads > 1 ? 'threads' : 'cpu');
  // Both languages say it with the same figure; the English text is checked whole.
  if ((await page.evaluate(() => document.documentElement.lang)) === 'en') expect(badge, 'the backend badge').toBe(cpuBadge(threads));
  else expect(badge, 'the backend badge').toMatch(threads > 1 ? new RegExp(`^CPU · ${threads} `) : /^CPU$/);
  return badge;
}

/**
 * From now on, keep every reply of kind `kind` that the page receives from
 * its engine (the page's own requests, made as a learner's clicks make
 * them); read them with [`replies`]. For figures the page draws but does not
 * print, such as a run's first losses.
 */
export async function recordReplies(page: Page, kind: string): Promise<void> {
  await page.evaluate((kind) => {
    type Job = { done: Promise<{ kind: string; value: unknown }> };
    const w = window as unknown as { kindling: { client: { request: (...args: unknown[]) => Job } }; recorded?: Record<string, unknown[]> };
    const client = w.kindling.client;
    const recorded = (w.recorded ??= {});
    recorded[kind] = [];
    const request = client.request.bind(client);
    client.request = (...args: unknown[]) => {
      const job = request(...args);
      job.done.then(
        (reply) => {
          if (reply.kind === kind) recorded[kind]?.push(reply.value);
        },
        () => undefined,
      );
      return job;
    };
  }, kind);
}

/** The replies of kind `kind` kept since [`recordReplies`]. */
export function replies<T>(page: Page, kind: string): Promise<T[]> {
  return page.evaluate((kind) => ((window as unknown as { recorded?: Record<string, unknown[]> }).recorded?.[kind] ?? []) as never, kind);
}

/**
 * `query` for a session of `mode`. Left to choose, the page passes over a
 * software adapter such as the webgpu sessions' SwiftShader for the CPU, so
 * those sessions force `backend=webgpu` (a query that names a backend keeps
 * its own): a webgpu session tests the WebGPU backend.
 */
export function forMode(query: string, mode: GpuMode): string {
  if (mode !== 'webgpu' || /[?&]backend=/.test(query)) return query;
  return `${query}${query.includes('?') ? '&' : '?'}backend=webgpu`;
}

export type Session = {
  /** Open `query` (relative to the site) in a new page of the session. */
  open: (query: string) => Promise<Page>;
  recorder: () => Recorder;
  context: () => BrowserContext;
};

/**
 * One browser for a `describe` block, opening pages under `base` (the site's
 * root, or the sub-path copy). When it ends, every request of the session
 * must have stayed on the site's origin, and (unless a test provokes them on
 * purpose) no page may have logged an error. `noServiceWorker`: the
 * browser registers none, as one that does not support them would.
 */
export function browserSession(
  mode: GpuMode,
  {
    allowErrors = false,
    base = inject('baseUrl'),
    bypassCSP = false,
    noServiceWorker = false,
  }: { allowErrors?: boolean; base?: string | (() => string); bypassCSP?: boolean; noServiceWorker?: boolean } = {},
): Session {
  /** A base known only once the suite's own server listens is given as a function. */
  const root = () => (typeof base === 'function' ? base() : base);
  let browser: Browser;
  let context: BrowserContext;
  let recorder: Recorder;
  beforeAll(async () => {
    browser = await launch(mode);
    ({ context, recorder } = await newContext(browser, {
      permissions: ['clipboard-read', 'clipboard-write'],
      bypassCSP,
      ...(noServiceWorker ? { serviceWorkers: 'block' as const } : {}),
    }));
  });
  afterAll(async () => {
    const origin = new URL(root()).origin;
    const foreign = recorder.requests.filter((url) => !url.startsWith(origin) && !/^(data|blob):/.test(url));
    expect(foreign).toEqual([]);
    expect(recorder.requests.length).toBeGreaterThan(3);
    if (!allowErrors) expect(recorder.errors).toEqual([]);
    await browser.close();
  });
  return {
    open: async (query) => {
      const page = await context.newPage();
      // Two files share two cores, one of them often emulating a GPU: a load can take longer than playwright's 30 s.
      await page.goto(new URL(forMode(query, mode), root()).toString(), { timeout: 120_000 });
      return page;
    },
    recorder: () => recorder,
    context: () => context,
  };
}
