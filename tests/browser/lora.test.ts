// The LoRA lab in a real browser, on both backends: the built base and the
// Song ci, a run set up with its memory table, trained with both loss
// families drawn, writing before and after, the singular values of an
// update, merging, and the link.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { browserSession, engineReadyOn, type GpuMode, onlyOn } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

describe.each<GpuMode>(['webgpu', 'cpu'])('lora lab on %s', (mode) => {
  const session = browserSession(mode);

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, mode);
    return page;
  }
  const attached = (page: Page, selector: string, timeout = 240_000) => page.locator(selector).waitFor({ state: 'attached', timeout });
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

  it('adapts the Tang base to the Song ci, rank by rank against full fine-tuning, and merges', async () => {
    // SwiftShader runs a step of this model in seconds: two runs, few steps.
    const runs = mode === 'cpu' ? 'mode=sweep' : 'mode=one&rank=4&full=1';
    const page = await open(`?page=lora&lang=en&${runs}&steps=${mode === 'cpu' ? 20 : 1}&batch=4&len=${mode === 'cpu' ? 12 : 10}&held=${mode === 'cpu' ? 2048 : 128}`);
    await attached(page, '[data-testid="lora-status"][data-ready="true"]');
    const trainable = JSON.parse((await page.getByTestId('lora-memory').getAttribute('data-trainable')) ?? '[]') as number[];
    // W_Q and W_V, 128 × 128, in 2 blocks: r · 256 · 4 values; full: every one.
    const ranks = mode === 'cpu' ? [1, 2, 4, 8, 16] : [4];
    expect(trainable.slice(0, ranks.length)).toEqual(ranks.map((r) => r * 256 * 4));
    expect(trainable[ranks.length]).toBeGreaterThan(900_000);
    await page.getByTestId('lora-train').click();
    await attached(page, '[data-testid="lora-result"][data-done="true"]');
    const last = JSON.parse((await page.getByTestId('lora-result').getAttribute('data-last')) ?? '[]') as { target: number; base: number }[];
    expect(last).toHaveLength(ranks.length + 1);
    for (const run of last) {
      expect(Number.isFinite(run.target) && Number.isFinite(run.base)).toBe(true);
    }
    // Writing: the base and every run, from the same prompt.
    await attached(page, '[data-testid="lora-samples"][data-done="true"]');
    await expect(page.locator('.lora-sample').count()).resolves.toBe(ranks.length + 2);
    // The first run's update has at most its rank of non-zero singular values.
    await page.getByTestId('lora-inside').click();
    await attached(page, '[data-testid="lora-inside-note"][data-values="128"]', 60_000);
    await page.getByTestId('lora-merge').click();
    await attached(page, '[data-testid="lora-merge-result"][data-diff]', 60_000);
    expect(Number(await page.getByTestId('lora-merge-result').getAttribute('data-diff'))).toBeLessThan(1e-4);
    // Export the first run's adapters: a download of kilobytes; loading it
    // back gives a run with the same scores.
    const download = page.waitForEvent('download');
    await page.getByTestId('lora-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kindling-lora-r\d+-\d{4}-\d{2}-\d{2}\.safetensors$/);
    const path = await file.path();
    const bytes = Number(await page.getByTestId('lora-keep-result').getAttribute('data-bytes'));
    expect(bytes).toBeGreaterThan(1_000);
    expect(bytes).toBeLessThan(100_000);
    await page.getByTestId('lora-import').setInputFiles(path);
    await attached(page, '[data-testid="lora-keep-result"][data-diff]', 60_000);
    expect(Number(await page.getByTestId('lora-keep-result').getAttribute('data-diff'))).toBeLessThan(1e-5);
    await page.screenshot({ path: `${SHOTS}/lora-${mode}.png`, fullPage: true });
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: round-trips its link, resets bad values with a notice, and refuses an empty choice of matrices', async () => {
    const page = await open('?page=lora&lang=zh&mode=one&rank=16&alpha=0&aq=0&av=0&ak=1&steps=500&seed=9');
    for (const [knob, value] of [['mode', 'one'], ['rank', '16'], ['alpha', '0'], ['steps', '500'], ['seed', '9']] as const) {
      await expect(page.locator(`[data-knob="${knob}"]`).inputValue(), knob).resolves.toBe(value);
    }
    await expect(page.locator('[data-knob="ak"]').isChecked()).resolves.toBe(true);
    await expect(page.locator('[data-knob="aq"]').isChecked()).resolves.toBe(false);
    await page.locator('[data-knob="ak"]').uncheck();
    expect(param(page, 'ak')).toBeNull();
    await attached(page, '[data-testid="refused"]', 120_000);
    await expect(page.getByTestId('refused').textContent()).resolves.toContain('请至少选一个要适配的矩阵');
    const bad = await open('?page=lora&lang=en&rank=99&mode=wobbly');
    const notices = await bad.locator('.notice-text').allTextContents();
    expect(notices.some((n) => n.includes('“rank” (99)'))).toBe(true);
    await expect(bad.locator('[data-knob="mode"]').inputValue()).resolves.toBe('sweep');
    await page.close();
    await bad.close();
  });
});

describe.each<GpuMode>(['cpu'])('lora lab with your own GPT on %s', (mode) => {
  const session = browserSession(mode);

  it('adapts the GPT the GPT lab hands over, without reloading the engine', async () => {
    const page = await session.open('?page=gpt&lang=en&layers=1&width=32&heads=2&ctx=16&batch=8');
    await engineReadyOn(page, mode);
    await page.getByTestId('gpt-status').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });
    await page.getByTestId('train').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="throughput"]')?.getAttribute('data-steps') ?? 0) >= 20, null, { timeout: 120_000 });
    await page.getByTestId('train').click();
    await page.getByTestId('train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 120_000 });
    await page.getByTestId('gpt-share').click();
    await page.locator('[data-testid="gpt-share-note"][data-steps]').waitFor({ state: 'attached', timeout: 60_000 });
    // The header's link keeps the same engine (and its shelf).
    await page.locator('[data-nav="lora"]').first().click();
    await page.locator('[data-knob="base"]').selectOption('gptLab');
    await page.locator('[data-testid="lora-status"][data-ready="true"]').waitFor({ state: 'attached', timeout: 120_000 });
    await expect(page.getByTestId('lora-base').textContent()).resolves.toContain('your GPT from the GPT lab');
    const trainable = JSON.parse((await page.getByTestId('lora-memory').getAttribute('data-trainable')) ?? '[]') as number[];
    // W_Q and W_V, 32 × 32, in 1 block: r · 64 · 2.
    expect(trainable.slice(0, 5)).toEqual([1, 2, 4, 8, 16].map((r) => r * 64 * 2));
    await page.close();
  });
});
