// The CPU backend on every core: the threaded engine where the page is
// cross-origin isolated (the server's headers, or the service worker's),
// one thread where it is not, and the same answers either way.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { poolSize } from '../../www/engine/threads';
import { browserSession, cpuBadge, engineReadyOn } from './browser';

/** A sentence for BERT's forward pass, English and Chinese. */
const TEXT = 'Attention lets every token look at every other token. 注意力让每个词都能看到其他所有词。';

/** The MiniLM encoder's hidden states, attention and the layers' 2-D projections (run in parallel on the threaded engine) for `TEXT`, as float arrays. */
async function forward(page: Page): Promise<{ hidden: number[]; attention: number[]; pca: number[] }> {
  return page.evaluate(async (text) => {
    const { client } = (window as unknown as { kindling: { client: import('../../www/engine/client').EngineClient } }).kindling;
    const { value } = await client.request({ type: 'inspect', text }).done;
    const floats = (bytes: Uint8Array) => Array.from(new Float32Array(bytes.slice().buffer));
    return { hidden: floats(value.hidden), attention: floats(value.attention), pca: floats(value.pca) };
  }, TEXT);
}

/** The largest difference between `a` and `b`, relative to `b`'s largest magnitude (NaN-aware: a NaN anywhere is the worst). */
function relativeGap(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const gap = Math.abs((a[i] ?? Number.NaN) - (b[i] ?? Number.NaN));
    if (!(gap <= worst)) worst = gap;
    scale = Math.max(scale, Math.abs(b[i] ?? 0));
  }
  return worst / Math.max(scale, 1e-30);
}

const passed = (page: Page) => page.getByTestId('check-verdict').and(page.locator('[data-passed="true"]')).waitFor({ timeout: 180_000 });

describe('threads, on an isolated page', () => {
  const session = browserSession('cpu');

  it('runs the CPU backend on every core and answers as one thread does', async () => {
    const page = await session.open('?page=check&lang=en&backend=cpu');
    await engineReadyOn(page, 'cpu');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(cores, 'these tests run where the browser reports more than one core').toBeGreaterThan(1);
    const badge = page.getByTestId('backend');
    await expect(badge.textContent()).resolves.toBe(cpuBadge(poolSize(cores)));
    await expect(badge.getAttribute('data-engine')).resolves.toBe('threads');
    await passed(page);
    const threaded = await forward(page);
    // The Device page switches to one thread, into the link; the check and BERT run again.
    await page.selectOption('#threads-select', 'one');
    await page.getByTestId('backend').and(page.locator('[data-state="ready"][data-threads="1"]')).waitFor({ timeout: 180_000 });
    expect(new URL(page.url()).searchParams.get('threads')).toBe('one');
    await engineReadyOn(page, 'cpu');
    await expect(badge.getAttribute('data-engine')).resolves.toBe('cpu');
    // Isolated, one thread was asked for: nothing to explain.
    await expect(page.getByTestId('not-isolated').isHidden()).resolves.toBe(true);
    await passed(page);
    const single = await forward(page);
    expect(threaded.hidden.length).toBeGreaterThan(1000);
    expect(relativeGap(threaded.hidden, single.hidden)).toBeLessThan(1e-4);
    expect(relativeGap(threaded.attention, single.attention)).toBeLessThan(1e-4);
    // Power iteration amplifies the hidden states' rounding a little; a pixel is about 1e-3 of the view.
    expect(threaded.pca.length).toBe((threaded.hidden.length / 384) * 2);
    expect(relativeGap(threaded.pca, single.pca)).toBeLessThan(1e-3);
    await page.close();
  });
});

describe('threads, on a page that is not isolated', () => {
  // The sub-path copy is served without the headers; with no service
  // worker to add them, the page is never isolated.
  const session = browserSession('cpu', { base: inject('subPathUrl'), noServiceWorker: true });

  it('runs on one thread, says why, and passes the check', async () => {
    const page = await session.open('?page=check&lang=en');
    await engineReadyOn(page, 'cpu');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
    await expect(page.getByTestId('backend').textContent()).resolves.toBe('CPU');
    await expect(page.getByTestId('backend').getAttribute('data-engine')).resolves.toBe('cpu');
    const note = page.getByTestId('not-isolated');
    await note.waitFor({ state: 'visible' });
    await expect(note.textContent()).resolves.toContain('cross-origin-isolated');
    await expect(page.getByTestId('engine-build').getAttribute('data-threads')).resolves.toBe('1');
    await passed(page);
    // Asking for one thread leaves nothing to explain; asking for every core again does.
    await page.selectOption('#threads-select', 'one');
    await note.waitFor({ state: 'hidden' });
    await engineReadyOn(page, 'cpu');
    await page.selectOption('#threads-select', 'all');
    await note.waitFor({ state: 'visible' });
    await engineReadyOn(page, 'cpu');
    await page.close();
  });
});
