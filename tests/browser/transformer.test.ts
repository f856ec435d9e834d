// The Transformer lab in a real browser: the int8 MiniLM downloaded,
// cached and run in the worker; every view, the link, bad input, offline
// reload and a GPU lost in the middle of a run.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { browserSession, engineReadyOn, type GpuMode, onlyOn } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });
const TEXT = encodeURIComponent('The cat sat on the mat.');

describe.each<GpuMode>(['webgpu', 'cpu'])('transformer lab on %s', (mode) => {
  const session = browserSession(mode);

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, mode);
    return page;
  }

  /** Wait for a forward pass to be shown. */
  async function inspected(page: Page): Promise<void> {
    await page.getByTestId('model-status').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 180_000 });
  }

  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

  it('downloads the model, draws all 72 heads and explains a hovered token', async () => {
    const page = await open(`?page=transformer&lang=en&text=${TEXT}`);
    await inspected(page);
    await expect(page.getByTestId('model-status').textContent()).resolves.toMatch(/Model ready in \d+ ms\. Forward pass over 9 tokens/);
    await expect(page.locator('.head-thumb').count()).resolves.toBe(6 * 13);
    await expect(page.getByTestId('head-title').textContent()).resolves.toBe('Layer 3, head 1');
    await page.locator('.token-strip .chip', { hasText: /^cat$/ }).hover();
    const readout = await page.getByTestId('attention-readout').textContent();
    expect(readout).toMatch(/“cat” attends to: .+ \d\.\d\d/);
    expect(readout).toMatch(/Attending to “cat”:/);
    await expect(page.getByTestId('attention-shares').textContent()).resolves.toMatch(/\[CLS\].*\[SEP\]/);
    await page.screenshot({ path: `${SHOTS}/transformer-attention-${mode}.png`, fullPage: true });

    await page.locator('.head-thumb[data-layer="5"][data-head="7"]').click();
    await expect(page.getByTestId('head-title').textContent()).resolves.toBe('Layer 5, head 7');
    expect([param(page, 'layer'), param(page, 'head')]).toEqual(['5', '7']);
    await page.locator('[data-draw="lines"]').click();
    expect(param(page, 'draw')).toBe('lines');
    await page.locator('.token-strip .chip', { hasText: /^mat$/ }).hover();
    await page.screenshot({ path: `${SHOTS}/transformer-lines-${mode}.png`, fullPage: true });
    await page.close();
  });

  it('does one head’s arithmetic and matches the model; the temperature saturates it', async () => {
    const page = await open(`?page=transformer&lang=en&view=head&layer=2&head=6&query=2&text=${TEXT}`);
    await inspected(page);
    const check = page.getByTestId('model-check');
    await check.waitFor({ timeout: 60_000 });
    expect(Number(await check.getAttribute('data-diff'))).toBeLessThan(1e-4);
    await expect(page.getByTestId('arith-title').textContent()).resolves.toContain('layer 2, head 6');
    await expect(page.locator('[data-testid="score-table"] tbody tr').count()).resolves.toBe(9);
    const top = async () => Number((await page.getByTestId('softmax-summary').textContent())?.match(/weight, ([\d.]+)/)?.[1]);
    const normal = await top();
    await page.getByTestId('temp-slider').fill('-3');
    expect(Number(param(page, 'temp'))).toBeCloseTo(0.05, 2);
    expect(await top()).toBeGreaterThan(Math.max(normal, 0.9));
    await page.getByTestId('scale-toggle').uncheck();
    expect(param(page, 'scale')).toBe('0');
    await page.getByTestId('temp-slider').fill('0');
    await page.screenshot({ path: `${SHOTS}/transformer-head-${mode}.png`, fullPage: true });
    await page.close();
  });

  it('moves tokens through the layers and finds nearest vocabulary tokens', async () => {
    const page = await open(`?page=transformer&lang=zh&view=embeddings&query=2&text=${TEXT}`);
    await inspected(page);
    await expect(page.locator('.embed-strip').count()).resolves.toBe(3);
    await page.locator('[data-testid="neighbours"] li').nth(11).waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('pca-explained').textContent()).resolves.toMatch(/\d+%/);
    await page.getByTestId('pca-play').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('hs') === '6', undefined, { timeout: 20_000 });
    await expect(page.getByTestId('hs-label').textContent()).resolves.toBe('第 6 层之后');
    await page.screenshot({ path: `${SHOTS}/transformer-embeddings-zh-${mode}.png`, fullPage: true });
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: compares sentences: paraphrases score higher than unrelated pairs', async () => {
    const page = await open('?page=transformer&lang=en&view=similarity');
    const cells = page.locator('[data-testid="similarity-matrix"] td');
    await cells.nth(35).waitFor({ timeout: 180_000 });
    const value = async (i: number, j: number) => Number(await page.locator(`td[data-i="${i}"][data-j="${j}"]`).getAttribute('title'));
    expect(await value(0, 0)).toBeCloseTo(1, 3);
    expect(await value(0, 1)).toBeGreaterThan((await value(0, 4)) + 0.2);
    expect(await value(4, 5)).toBeGreaterThan(await value(4, 2));
    await page.screenshot({ path: `${SHOTS}/transformer-similarity-${mode}.png`, fullPage: true });
    await page.locator('[data-set="zh"]').click();
    await page.waitForFunction(
      () => document.querySelector('td[data-i="0"][data-j="0"]')?.closest('table')?.querySelector('th[title="我喜欢吃苹果。"]') !== null,
      undefined,
      { timeout: 180_000 },
    );
    expect(param(page, 'set')).toBe('zh');
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: round-trips its link and refuses a layer 9 and a head 40', async () => {
    const page = await open(`?page=transformer&lang=en&view=attention&draw=lines&layer=9&head=40&text=${TEXT}`);
    await inspected(page);
    const notices = await page.locator('.notice-text').allTextContents();
    expect(notices.some((n) => n.includes('“layer” (9)') && n.includes('(3)'))).toBe(true);
    expect(notices.some((n) => n.includes('“head” (40)') && n.includes('(1)'))).toBe(true);
    await expect(page.getByTestId('head-title').textContent()).resolves.toBe('Layer 3, head 1');
    await page.getByTestId('layer-select').selectOption('4');
    await page.getByTestId('head-select').selectOption('0');
    const link = page.url();
    expect(link).toContain('layer=4');
    expect(link).toContain('head=0');
    const again = await open(link.replace(/^https?:\/\/[^/]+\/?/, ''));
    await inspected(again);
    await expect(again.getByTestId('head-title').textContent()).resolves.toBe('Layer 4, mean of all heads');
    await expect(again.locator('[data-draw="lines"]').getAttribute('aria-pressed')).resolves.toBe('true');
    const later = await again.locator('.notice-text').allTextContents();
    expect(later.filter((n) => n.includes('invalid value'))).toEqual([]);
    await page.close();
    await again.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: says so for empty text and all-[UNK] text', async () => {
    const page = await open('?page=transformer&lang=en');
    await inspected(page);
    const input = page.getByTestId('tf-input');
    await input.fill('   ');
    await page.getByTestId('tf-empty').waitFor();
    await input.fill('🦀 🦀 🦀');
    await page.getByTestId('tf-warnings').getByText(/Every word here is \[UNK\]/).waitFor({ timeout: 60_000 });
    await page.locator('.head-thumb').first().waitFor();
    await page.close();
  });

  // 512 tokens take minutes on SwiftShader's emulated GPU; the CPU backend
  // shows the same truncation in a second or two.
  onlyOn(mode, 'cpu')('CPU backend only: says so for text over 512 tokens', async () => {
    const page = await open('?page=transformer&lang=en');
    await inspected(page);
    const input = page.getByTestId('tf-input');
    await input.fill('word '.repeat(600));
    await page.getByTestId('tf-warnings').getByText('The text has 602 tokens, but the model has only 512 positions').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('model-status').textContent()).resolves.toContain('over 512 tokens');
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: reloads offline and runs the model from the cache', async () => {
    const page = await open(`?page=transformer&lang=en&text=${TEXT}`);
    await inspected(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    await session.context().setOffline(true);
    try {
      await page.reload();
      await engineReadyOn(page, mode);
      await inspected(page);
      await expect(page.getByTestId('model-status').textContent()).resolves.toMatch(/Model ready in \d+ ms/);
      await expect(page.locator('.head-thumb').count()).resolves.toBe(78);
    } finally {
      await session.context().setOffline(false);
      await page.close();
    }
  });

  onlyOn(mode, 'webgpu')('WebGPU only: finishes a run on the CPU when the GPU device is lost in the middle', async () => {
    const page = await open(`?page=transformer&lang=en&text=${TEXT}`);
    // The inspection is in flight (the model is being fetched and uploaded).
    await page.evaluate(() => {
      const client = (window as unknown as { kindling: { client: { request: (b: object) => { done: Promise<unknown> } } } }).kindling.client;
      void client.request({ type: 'loseDevice' }).done.catch(() => undefined);
    });
    await page.locator('.notice-text', { hasText: 'GPU device was lost' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('backend').and(page.locator('[data-backend="cpu"]')).waitFor({ timeout: 180_000 });
    await inspected(page);
    await expect(page.getByTestId('model-status').textContent()).resolves.toContain('on the CPU');
    await page.locator('.head-thumb').nth(77).waitFor();
    await page.close();
  });
});
