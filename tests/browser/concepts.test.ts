// The Concepts lab in a real browser: gradient flow with its presets and
// training, BatchNorm versus LayerNorm, dropout, the optimizer race, L1
// versus L2, the topic index, the link and bad input.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { browserSession, engineReady, type GpuMode } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

describe.each<GpuMode>(['webgpu', 'cpu'])('concepts lab on %s', (mode) => {
  const session = browserSession(mode);
  /** SwiftShader runs each of the race's thousands of tiny steps slowly. */
  const light = mode === 'webgpu' ? '&rsteps=50&n=100' : '';

  async function open(query: string): Promise<Page> {
    const page = await session.open(query + light);
    await engineReady(page);
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

  it('trains the gradient-flow net: the loss falls and the region is drawn', async () => {
    const page = await open('?page=concepts&lang=en&ds=circles&depth=3&act=relu&init=he&lr=0.03');
    await ready(page, 'flow-');
    await page.getByTestId('flow-train').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="flow-throughput"]')?.getAttribute('data-steps') ?? 0) >= n, mode === 'cpu' ? 300 : 40, { timeout: 200_000 });
    await page.getByTestId('flow-train').click();
    const recent = Number(await page.getByTestId('flow-throughput').getAttribute('data-recent-loss'));
    expect(recent).toBeLessThan(0.5);
    await page.close();
  });

  it('normalises over the right axes, and BatchNorm fails with a batch of one', async () => {
    const page = await open('?page=concepts&lang=en&nb=8');
    const demo = page.getByTestId('norm-demo');
    await demo.locator('[data-testid="norm-batch"]').waitFor({ timeout: 200_000 });
    const stds = ((await demo.getAttribute('data-bn-col-std')) ?? '').split(',').map(Number);
    expect(stds).toHaveLength(6);
    for (const s of stds) expect(Math.abs(s - 1)).toBeLessThan(0.05);
    const rows = ((await demo.getAttribute('data-ln-row-std')) ?? '').split(',').map(Number);
    expect(rows).toHaveLength(8);
    await page.locator('[data-knob="nb"]').selectOption('1');
    await page.getByTestId('norm-batch-one').waitFor({ timeout: 120_000 });
    expect(param(page, 'nb')).toBe('1');
    await page.close();
  });

  it('drops units in training only, keeping the expected activation', async () => {
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

  it('races six optimizers, and L1 makes exact zeros where L2 does not', async () => {
    const page = await open('?page=concepts&lang=en');
    await page.locator('[data-testid="race-legend"] li').nth(5).waitFor({ timeout: 200_000 });
    const lasts = await page.locator('[data-testid="race-legend"] li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-last'))));
    expect(lasts.every(Number.isFinite)).toBe(true);
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

  it('reads its link, refuses nonsense with a notice, and stops a blow-up', async () => {
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
