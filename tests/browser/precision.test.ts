// The Precision lab in a real browser, on both backends: the built GPT's
// matrix on an int4 grid, the whole model's table, MiniLM's table, the
// CNN's activations calibrated and measured in int8, round() against the
// STE, the formats, PTQ against QAT and the mixed-precision runs, the link,
// and a hand-edited one.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { browserSession, engineReadyOn, type GpuMode, onlyOn } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

describe.each<GpuMode>(['webgpu', 'cpu'])('precision lab on %s', (mode) => {
  const session = browserSession(mode);
  const cpu = mode === 'cpu';
  // SwiftShader runs this GPT's forward pass in seconds: measure on little text.
  const held = cpu ? 4096 : 128;

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, mode);
    return page;
  }
  const attached = (page: Page, selector: string, timeout = 400_000) => page.locator(selector).waitFor({ state: 'attached', timeout });
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

  it('puts the Tang GPT on int8 and int4 grids, matrix by matrix and whole', async () => {
    const page = await open(`?page=precision&lang=en&bits=4&gran=tensor&m=blocks.0.mlp.input.weight&held=${held}&hsize=${cpu ? 512 : 128}`);
    await attached(page, '[data-testid="precision-layer-summary"][data-ready="true"]');
    const tensor = Number(await page.getByTestId('precision-layer-summary').getAttribute('data-rms'));
    // One scale per group of 32: a finer grid for the same matrix, a new answer.
    await page.locator('[data-knob="gran"]').selectOption('group32');
    await page.waitForFunction((old) => {
      const rms = document.querySelector('[data-testid="precision-layer-summary"]')?.getAttribute('data-rms');
      return rms != null && Number(rms) !== old;
    }, tensor, { timeout: 60_000 });
    const grouped = Number(await page.getByTestId('precision-layer-summary').getAttribute('data-rms'));
    expect(grouped).toBeLessThan(tensor);
    expect(param(page, 'gran')).toBe('group32');
    await page.getByTestId('precision-table-run').click();
    await attached(page, '[data-testid="precision-tables"][data-done="true"]');
    // burn's own int8 weights, timed on this backend.
    await page.getByTestId('precision-speed-run').click();
    await attached(page, '[data-testid="precision-speed"][data-int8]');
    expect(Number(await page.getByTestId('precision-speed').getAttribute('data-int8'))).toBeGreaterThan(0);
    const rows = page.getByTestId('precision-table-builtGpt').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(9);
    const bits = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.children[3]?.textContent)));
    expect(bits.every(Number.isFinite)).toBe(true);
    // int8 per channel against f32, and int4 with one scale against groups of 32.
    expect(Math.abs((bits[2] ?? 0) - (bits[0] ?? 0))).toBeLessThan(0.05);
    expect(bits[4] ?? 0).toBeGreaterThan(bits[8] ?? 0);
    // Activations in int8 too: calibrated ranges, and a cost for each.
    await page.getByTestId('precision-act-run').click();
    await attached(page, '[data-testid="precision-act-rows"][data-done="true"]');
    await expect(page.getByTestId('precision-act-rows').getAttribute('data-metric')).resolves.toBe('bitsPerChar');
    const act = JSON.parse((await page.getByTestId('precision-act-rows').getAttribute('data-scores')) ?? '[]') as number[];
    expect(act).toHaveLength(4);
    expect(act.every(Number.isFinite)).toBe(true);
    await expect(page.getByTestId('precision-act-sites').locator('tbody tr').count()).resolves.toBe(9);
    // round() and the straight-through estimator, and the formats.
    await attached(page, '[data-testid="precision-ste-note"][data-ste]', 60_000);
    expect(JSON.parse((await page.getByTestId('precision-ste-note').getAttribute('data-ste')) ?? '[]')).toEqual([0, 1]);
    await attached(page, '[data-testid="precision-values"][data-fp16]', 60_000);
    const fp16 = JSON.parse((await page.getByTestId('precision-values').getAttribute('data-fp16')) ?? '[]') as (number | null)[];
    // 65504 stays, 70000 overflows (JSON writes ∞ as null), 1e-8 vanishes.
    expect(fp16[0]).toBe(65504);
    expect(fp16[1]).toBeNull();
    expect(fp16[4]).toBe(0);
    // A product in real fp16, or the page saying the device has none.
    await page.getByTestId('precision-half-run').click();
    await attached(page, '[data-testid="precision-half"][data-supported]', 120_000);
    if ((await page.getByTestId('precision-half').getAttribute('data-supported')) === 'true') {
      const mean = Number(await page.getByTestId('precision-half').getAttribute('data-mean'));
      expect(mean).toBeGreaterThan(0);
      expect(mean).toBeLessThan(0.01);
    } else {
      await expect(page.getByTestId('precision-half').textContent()).resolves.toContain('shader-f16');
    }
    await page.locator('.page-precision').screenshot({ path: `${SHOTS}/precision-${mode}.png` });
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: trains PTQ against QAT and five mixed-precision runs', async () => {
    const page = await open(`?page=precision&lang=zh&held=${held}&qsteps=20&qbatch=4&mxsteps=50&mxbatch=4&dyn=16777216&grow=20`);
    await page.getByTestId('precision-qat-run').click();
    await attached(page, '[data-testid="precision-qat-result"][data-done="true"]');
    const last = JSON.parse((await page.getByTestId('precision-qat-result').getAttribute('data-last')) ?? '[]') as number[];
    expect(last).toHaveLength(5);
    expect(last.every(Number.isFinite)).toBe(true);
    // QAT int4 and PTQ int4 both read worse than f32.
    expect(last[3] ?? 0).toBeGreaterThan(last[0] ?? 0);
    expect(last[4] ?? 0).toBeGreaterThan(last[0] ?? 0);
    await page.getByTestId('precision-mixed-run').click();
    await attached(page, '[data-testid="precision-mixed-result"][data-done="true"]');
    const vanished = JSON.parse((await page.getByTestId('precision-mixed-result').getAttribute('data-vanished')) ?? '[]') as number[];
    expect(vanished).toHaveLength(5);
    expect(vanished[0]).toBe(0);
    // fp16 without a loss scale loses more gradients than with 2^24 halved down.
    expect(vanished[1] ?? 0).toBeGreaterThanOrEqual(vanished[3] ?? 0);
    expect(vanished[1] ?? 0).toBeGreaterThan(vanished[3] ?? 0);
    // bf16 (a step under f32's smallest normal would be 0 on some GPUs) trains.
    const diverged = JSON.parse((await page.getByTestId('precision-mixed-result').getAttribute('data-diverged')) ?? '[]') as boolean[];
    expect(diverged[4]).toBe(false);
    await page.getByTestId('precision-gradients').waitFor();
    await page.locator('.page-precision').screenshot({ path: `${SHOTS}/precision-training-zh-${mode}.png` });
    await page.close();
  });

  if (cpu) {
    it('measures MiniLM and falls back from a hand-edited link', async () => {
      const page = await open('?page=precision&lang=en&model=miniLm&bits=8&gran=channel&m=no.such.weight');
      await attached(page, '[data-testid="precision-matrix-notice"]');
      await attached(page, '[data-testid="precision-layer-summary"][data-ready="true"]');
      await page.getByTestId('precision-table-run').click();
      await attached(page, '[data-testid="precision-tables"][data-done="true"]');
      const rows = page.getByTestId('precision-table-miniLm').locator('tbody tr');
      const cos = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.children[4]?.textContent)));
      expect(cos[0]).toBeCloseTo(1, 4);
      expect(cos[2] ?? 0).toBeGreaterThan(0.99);
      expect(Math.min(...cos.slice(4))).toBeLessThan(cos[2] ?? 0);
      await page.close();
      // The CNN, trained on loading, then quantized and trained aware.
      const cnn = await open('?page=precision&lang=en&model=cnn&cnnsteps=100&bits=4&gran=channel&qsteps=5&qbatch=16');
      await attached(cnn, '[data-testid="precision-layer-summary"][data-ready="true"]');
      await cnn.getByTestId('precision-table-run').click();
      await attached(cnn, '[data-testid="precision-tables"][data-done="true"]');
      const accuracy = await cnn.getByTestId('precision-table-cnn').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => parseFloat(tr.children[3]?.textContent ?? '')));
      expect(accuracy[0]).toBeGreaterThan(80);
      expect(Math.abs((accuracy[2] ?? 0) - (accuracy[0] ?? 0))).toBeLessThan(1);
      await cnn.getByTestId('precision-qat-run').click();
      await attached(cnn, '[data-testid="precision-qat-result"][data-done="true"]');
      const scores = JSON.parse((await cnn.getByTestId('precision-qat-result').getAttribute('data-last')) ?? '[]') as number[];
      expect(scores.every((a) => a > 50 && a <= 100)).toBe(true);
      // The link reopens the same state.
      const again = await open(new URL(cnn.url()).search);
      await expect(again.locator('[data-knob="model"]').inputValue()).resolves.toBe('cnn');
      await expect(again.locator('[data-knob="gran"]').inputValue()).resolves.toBe('channel');
      await again.close();
      await cnn.close();
      const bad = await open('?page=precision&lang=en&bits=3&gran=rows&sbits=9');
      const notices = await bad.locator('.notice-text').allTextContents();
      expect(notices.some((n) => n.includes('“bits”'))).toBe(true);
      await expect(bad.locator('[data-knob="bits"]').inputValue()).resolves.toBe('8');
      await bad.close();
    });

    it('calibrates the CNN’s activations and measures its accuracy in int8, on a phone in Chinese', async () => {
      const page = await open('?page=precision&lang=zh&model=cnn&cnnsteps=100&site=1');
      await page.setViewportSize({ width: 390, height: 900 });
      await attached(page, '[data-testid="precision-layer-summary"][data-ready="true"]');
      await page.getByTestId('precision-act-run').click();
      const rows = page.getByTestId('precision-act-rows');
      await attached(page, '[data-testid="precision-act-rows"][data-done="true"]');
      // Scored by test accuracy, not bits per character.
      await expect(rows.getAttribute('data-metric')).resolves.toBe('accuracy');
      await expect(rows.locator('thead').textContent()).resolves.toContain('测试准确率');
      const f32 = Number(await rows.getAttribute('data-f32'));
      const scores = JSON.parse((await rows.getAttribute('data-scores')) ?? '[]') as number[];
      expect(f32).toBeGreaterThan(0.8);
      expect(scores).toHaveLength(4);
      // int8 weights, then int8 activations at min/max: within two points of f32.
      for (const s of scores.slice(0, 2)) expect(Math.abs(s - f32)).toBeLessThan(0.02);
      const cells = await rows.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[1]?.textContent ?? ''));
      expect(cells).toHaveLength(5);
      expect(cells.every((c) => /^\d+\.\d\d%$/.test(c))).toBe(true);
      await expect(page.getByTestId('precision-act-note').textContent()).resolves.toContain('512');
      // The three layer inputs, named, each with percentiles inside its min/max range.
      const sites = await page.getByTestId('precision-act-sites').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
      expect(sites.map((r) => r[0])).toEqual(['卷积层 1：它的输入，即图像', '卷积层 2：它的输入，即卷积层 1 池化后的特征图', '输出全连接层：它的输入，即展平的特征图']);
      for (const [, min, max, p9999, p999] of sites) {
        const range = Math.max(Math.abs(Number(min)), Math.abs(Number(max)));
        expect(Number(p999)).toBeLessThanOrEqual(Number(p9999));
        expect(Number(p9999)).toBeLessThanOrEqual(range * (1 + 1e-6));
      }
      // The histogram of the site asked for, drawn; another site redraws it.
      await expect(page.getByTestId('precision-site').inputValue()).resolves.toBe('1');
      const histogram = page.getByTestId('precision-act-histogram');
      await expect(histogram.getAttribute('aria-label')).resolves.toContain('卷积层 2');
      const inked = () => histogram.evaluate((c: HTMLCanvasElement) => c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 3).some((a) => a > 0) ?? false);
      await expect(inked()).resolves.toBe(true);
      await page.locator('section.panel', { has: page.getByTestId('precision-act-rows') }).screenshot({ path: `${SHOTS}/precision-act-cnn-zh-${mode}.png` });
      await page.getByTestId('precision-site').selectOption('0');
      await page.waitForFunction(() => document.querySelector('[data-testid="precision-act-histogram"]')?.getAttribute('aria-label')?.includes('图像'), undefined, { timeout: 120_000 });
      await attached(page, '[data-testid="precision-act-rows"][data-done="true"]');
      await expect(inked()).resolves.toBe(true);
      expect(new URL(page.url()).searchParams.get('site')).toBe('0');
      await page.close();
    });
  }
});
