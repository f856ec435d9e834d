// The Concepts lab in a real browser: gradient flow with its presets and
// training, BatchNorm versus LayerNorm, dropout, the optimizer race, L1
// versus L2, the topic index, the link and bad input.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { browserSession, engineReadyOn, recordReplies, replies, type GpuMode, onlyOn } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

describe.each<GpuMode>(['webgpu', 'cpu'])('concepts lab on %s', (mode) => {
  const session = browserSession(mode);
  /** SwiftShader runs each of the race's thousands of tiny steps slowly. */
  const light = mode === 'webgpu' ? '&rsteps=50&n=100' : '';

  async function open(query: string): Promise<Page> {
    const page = await session.open(query + light);
    await engineReadyOn(page, mode);
    return page;
  }
  const ready = (page: Page, prefix: string) => page.getByTestId(`${prefix}status`).and(page.locator('[data-ready="true"]')).waitFor({ timeout: 200_000 });
  const ratio = async (page: Page) => Number(await page.getByTestId('flow-grad-summary').getAttribute('data-ratio'));
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

  it('shows gradients vanishing in a deep sigmoid net, and residuals and BatchNorm fixing it', async () => {
    const page = await open('?page=concepts&lang=en');
    await ready(page, 'flow-');
    await page.locator('[data-preset="stall"]').click();
    await ready(page, 'flow-');
    expect(param(page, 'depth')).toBe('20');
    const stalled = await ratio(page);
    expect(stalled).toBeLessThan(1e-4);
    await page.locator('[data-preset="residual"]').click();
    await ready(page, 'flow-');
    expect(await ratio(page)).toBeGreaterThan(100 * stalled);
    await page.locator('[data-preset="batchNorm"]').click();
    await ready(page, 'flow-');
    expect(await ratio(page)).toBeGreaterThan(100 * stalled);
    await expect(page.locator('[data-testid="flow-hists"] figure').count()).resolves.toBe(20);
    await page.screenshot({ path: `${SHOTS}/concepts-flow-${mode}.png`, fullPage: true });
    await page.close();
  });

  /**
   * The decision-region canvas: the share of its pixels that are painted,
   * and how far apart its two sides are in colour: red minus blue, from the
   * 2nd to the 98th percentile of the painted pixels (the region's map runs
   * from blue, class 0, through white to red, class 1). Untrained, the
   * region is near-white everywhere; trained on circles, it is blue on one
   * side of the boundary and red on the other.
   */
  const region = (page: Page) =>
    page.getByTestId('flow-region').evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const redMinusBlue: number[] = [];
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] ?? 0) > 0) redMinusBlue.push((data[i] ?? 0) - (data[i + 2] ?? 0));
      }
      redMinusBlue.sort((a, b) => a - b);
      const at = (q: number) => redMinusBlue[Math.floor(q * (redMinusBlue.length - 1))] ?? 0;
      return { painted: redMinusBlue.length / Math.max(1, data.length / 4), spread: at(0.98) - at(0.02) };
    });

  it('trains the gradient-flow net: the loss falls and the region is drawn', async () => {
    const page = await open('?page=concepts&lang=en&ds=circles&depth=3&act=relu&init=he&lr=0.03');
    await ready(page, 'flow-');
    await recordReplies(page, 'conceptsProgress');
    await page.getByTestId('flow-train').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="flow-throughput"]')?.getAttribute('data-steps') ?? 0) >= n, mode === 'cpu' ? 300 : 40, { timeout: 200_000 });
    await page.getByTestId('flow-train').click();
    await page.getByTestId('flow-train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 120_000 });
    const progress = await replies<{ runs: { losses: number[] }[] }>(page, 'conceptsProgress');
    const firstLosses = progress.flatMap((p) => p.runs[0]?.losses ?? []).slice(0, 5);
    expect(firstLosses).toHaveLength(5);
    const first = firstLosses.reduce((a, b) => a + b, 0) / firstLosses.length;
    const recent = Number(await page.getByTestId('flow-throughput').getAttribute('data-recent-loss'));
    expect(first).toBeGreaterThan(0.5);
    expect(recent).toBeLessThan(0.5);
    expect(recent).toBeLessThan(0.75 * first);
    // The region is painted, with both classes' sides.
    await page.waitForFunction(
      () => {
        const c = document.querySelector<HTMLCanvasElement>('[data-testid="flow-region"]');
        return Boolean(c && c.width > 0 && c.getContext('2d')!.getImageData(c.width / 2, c.height / 2, 1, 1).data[3]);
      },
      undefined,
      { timeout: 60_000 },
    );
    const drawn = await region(page);
    console.log(`gradient flow (${mode}): loss ${first.toFixed(3)} -> ${recent.toFixed(3)}; region ${(100 * drawn.painted).toFixed(0)}% painted, red-blue spread ${drawn.spread}`);
    expect(drawn.painted).toBeGreaterThan(0.9);
    expect(drawn.spread, 'the region shows both classes').toBeGreaterThan(80);
    await page.close();
  });

  // With BatchNorm, so its running statistics must travel too (the test loss is measured in eval mode).
  it('exports the gradient-flow net and imports it back with the same test loss; a damaged file is refused and the net kept', async () => {
    const page = await open('?page=concepts&lang=en&ds=circles&depth=3&act=relu&init=he&lr=0.03&norm=batch');
    await ready(page, 'flow-');
    const speed = page.getByTestId('flow-throughput');
    const testLoss = () => speed.getAttribute('data-test-loss');
    const untilTestLoss = (loss: string | null) => page.waitForFunction((loss) => document.querySelector('[data-testid="flow-throughput"]')?.getAttribute('data-test-loss') === loss, loss, { timeout: 60_000 });
    await page.getByTestId('flow-train').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="flow-throughput"]')?.getAttribute('data-steps') ?? 0) >= n, mode === 'cpu' ? 100 : 20, { timeout: 200_000 });
    await page.getByTestId('flow-train').click();
    await page.getByTestId('flow-train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 120_000 });
    const trained = { loss: await testLoss(), steps: await speed.getAttribute('data-steps') };
    expect(Number(trained.loss)).toBeGreaterThan(0);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('flow-export').click()]);
    expect(saved.suggestedFilename()).toMatch(/^kindling-concepts-mlp-\d{4}-\d{2}-\d{2}\.safetensors$/);
    const file = (await saved.path()) ?? '';
    console.log(`concepts export (${mode}): ${readFileSync(file).length} bytes after ${trained.steps} steps, test loss ${trained.loss}`);
    // Another learning rate: a fresh network.
    await page.locator('[data-knob="lr"]').selectOption('0.003');
    await ready(page, 'flow-');
    expect(await testLoss()).not.toBe(trained.loss);
    const fileResult = page.getByTestId('flow-file-result');
    await page.getByTestId('flow-import').setInputFiles(file);
    await fileResult.and(page.locator('[data-loaded]')).waitFor({ timeout: 120_000 });
    await expect(fileResult.textContent()).resolves.toContain(`trained ${trained.steps} steps`);
    await untilTestLoss(trained.loss);
    await expect(speed.getAttribute('data-steps')).resolves.toBe(trained.steps);
    // The file's settings are the page's again, link included.
    await expect(page.locator('[data-knob="lr"]').inputValue()).resolves.toBe('0.03');
    expect(param(page, 'lr')).toBe('0.03');
    // A damaged file is refused with a message, and the imported net stays.
    await page.getByTestId('flow-import').setInputFiles({ name: 'damaged.safetensors', mimeType: 'application/octet-stream', buffer: readFileSync(file).subarray(0, 100) });
    await fileResult.and(page.locator('[data-refused]')).waitFor({ timeout: 60_000 });
    await expect(fileResult.textContent()).resolves.toContain('cut short or damaged');
    await untilTestLoss(trained.loss);
    // It trains on from the file's steps.
    await page.getByTestId('flow-train').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="flow-throughput"]')?.getAttribute('data-steps') ?? 0) > n, Number(trained.steps), { timeout: 120_000 });
    await page.getByTestId('flow-train').click();
    await page.close();

    // The refusal in Chinese on a phone.
    const zh = await open('?page=concepts&lang=zh&norm=batch');
    await zh.setViewportSize({ width: 390, height: 860 });
    await ready(zh, 'flow-');
    await zh.getByTestId('flow-import').setInputFiles({ name: 'damaged.safetensors', mimeType: 'application/octet-stream', buffer: readFileSync(file).subarray(0, 100) });
    await zh.getByTestId('flow-file-result').and(zh.locator('[data-refused]')).waitFor({ timeout: 60_000 });
    await expect(zh.getByTestId('flow-file-result').textContent()).resolves.toContain('已损坏');
    await zh.getByTestId('flow-file-result').scrollIntoViewIfNeeded();
    await zh.screenshot({ path: `${SHOTS}/concepts-import-refused-zh-${mode}.png` });
    await zh.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: normalises over the right axes, and BatchNorm fails with a batch of one', async () => {
    const page = await open('?page=concepts&lang=en&nb=8');
    const demo = page.getByTestId('norm-demo');
    await demo.locator('[data-testid="norm-batch"]').waitFor({ timeout: 200_000 });
    const stds = ((await demo.getAttribute('data-bn-col-std')) ?? '').split(',').map(Number);
    expect(stds).toHaveLength(6);
    for (const s of stds) expect(Math.abs(s - 1)).toBeLessThan(0.05);
    const rows = ((await demo.getAttribute('data-ln-row-std')) ?? '').split(',').map(Number);
    expect(rows).toHaveLength(8);
    for (const s of rows) expect(Math.abs(s - 1)).toBeLessThan(0.05);
    await page.locator('[data-knob="nb"]').selectOption('1');
    await page.getByTestId('norm-batch-one').waitFor({ timeout: 120_000 });
    expect(param(page, 'nb')).toBe('1');
    // A batch of one is its own mean: BatchNorm turns every value into 0.
    const batchOne = await demo.locator('[data-testid="norm-batch"] td').allTextContents();
    expect(batchOne).toHaveLength(6);
    expect(batchOne.map((v) => Math.abs(Number(v)))).toEqual(batchOne.map(() => 0));
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: drops units in training only, keeping the expected activation', async () => {
    const page = await open('?page=concepts&lang=en&dp=0.5');
    const means = page.getByTestId('dropout-means');
    await means.waitFor({ timeout: 200_000 });
    const before = Number(await means.getAttribute('data-before'));
    const after = Number(await means.getAttribute('data-after'));
    const kept = Number(await means.getAttribute('data-kept'));
    expect(Math.abs(after / before - 1)).toBeLessThan(0.02);
    expect(Math.abs(kept - 0.5)).toBeLessThan(0.01);
    const cells = await page.locator('[data-testid="dropout-mask"] td').allTextContents();
    expect(cells).toHaveLength(96);
    expect(cells.filter((c) => c === '0.00').length).toBeGreaterThan(20);
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: races six optimizers, and L1 makes exact zeros where L2 does not', async () => {
    const page = await open('?page=concepts&lang=en');
    await page.locator('[data-testid="race-legend"] li').nth(5).waitFor({ timeout: 200_000 });
    // Race again, keeping the page's reply: every racer must end below the
    // bowl's value at its start, 0.5x² + 10y², and the legend shows where
    // each one ended.
    await recordReplies(page, 'race');
    await page.getByTestId('race-run').click();
    await page.waitForFunction(() => (window as unknown as { recorded: { race: unknown[] } }).recorded.race.length > 0, undefined, { timeout: 200_000 });
    const [race] = await replies<{ paths: { racer: string; xs: number[]; ys: number[]; last: number }[] }>(page, 'race');
    const bowl = (x: number, y: number) => 0.5 * x * x + 10 * y * y;
    expect(race?.paths).toHaveLength(6);
    for (const path of race?.paths ?? []) {
      const start = bowl(path.xs[0] ?? NaN, path.ys[0] ?? NaN);
      const end = bowl(path.xs.at(-1) ?? NaN, path.ys.at(-1) ?? NaN);
      expect(path.last, path.racer).toBeCloseTo(end, 3);
      expect(path.last, `${path.racer} from ${start}`).toBeLessThan(start);
    }
    const lasts = await page.locator('[data-testid="race-legend"] li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-last'))));
    expect(lasts).toEqual(race?.paths.map((p) => p.last));
    await page.locator('[data-knob="surface"]').selectOption('rosenbrock');
    expect(param(page, 'rlr')).toBe('0.001');
    await ready(page, 'reg-');
    await page.getByTestId('reg-train').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="reg-throughput"]')?.getAttribute('data-steps') ?? 0) >= n, mode === 'cpu' ? 300 : 30, { timeout: 200_000 });
    await page.getByTestId('reg-train').click();
    await page.getByTestId('reg-train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 120_000 });
    const zeros = async (run: string) => Number(await page.locator(`[data-testid="reg-weights"] figure[data-run="${run}"]`).getAttribute('data-zeros'));
    expect(await zeros('l1')).toBeGreaterThan(0);
    expect(await zeros('l2')).toBe(0);
    await page.screenshot({ path: `${SHOTS}/concepts-race-reg-${mode}.png`, fullPage: true });
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: reads its link, refuses nonsense with a notice, and stops a blow-up', async () => {
    const page = await open('?page=concepts&lang=en&depth=99&act=relu&init=large&lr=10&opt=sgd&norm=layer&res=1&surface=saddle');
    await ready(page, 'flow-');
    const notices = await page.locator('.notice-text').allTextContents();
    expect(notices.some((n) => n.includes('“depth” (99)'))).toBe(true);
    await expect(page.locator('[data-knob="norm"]').inputValue()).resolves.toBe('layer');
    await expect(page.locator('[data-knob="res"]').isChecked()).resolves.toBe(true);
    await expect(page.locator('[data-knob="surface"]').inputValue()).resolves.toBe('saddle');
    await page.locator('[data-knob="res"]').uncheck();
    await page.locator('[data-knob="norm"]').selectOption('none');
    await page.locator('[data-knob="depth"]').selectOption('20');
    await ready(page, 'flow-');
    await page.getByTestId('flow-train').click();
    await page.getByTestId('flow-diverged').waitFor({ timeout: 200_000 });
    await expect(page.getByTestId('flow-train').isDisabled()).resolves.toBe(true);
    await page.getByTestId('flow-reset').click();
    await ready(page, 'flow-');
    await expect(page.getByTestId('flow-train').isDisabled()).resolves.toBe(false);
    await page.close();
  });
});
