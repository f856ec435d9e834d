// The Vision lab in a real browser: a CNN trained on MNIST in the worker,
// pause and resume, the link, a refused architecture, a blown-up learning
// rate, and a digit drawn by the test.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { browserSession, engineReadyOn, type GpuMode, onlyOn } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

describe.each<GpuMode>(['webgpu', 'cpu'])('vision lab on %s', (mode) => {
  const session = browserSession(mode);

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, mode);
    return page;
  }
  const ready = (page: Page) => page.getByTestId('vision-status').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });
  const steps = async (page: Page) => Number((await page.getByTestId('throughput').getAttribute('data-steps')) ?? 0);
  const untilSteps = (page: Page, n: number) =>
    page.waitForFunction((n) => Number(document.querySelector('[data-testid="throughput"]')?.getAttribute('data-steps') ?? 0) >= n, n, { timeout: 200_000 });
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

  it('trains: the loss falls; pause stops it and resume goes on', async () => {
    const page = await open('?page=vision&lang=en&batch=32');
    await ready(page);
    await page.getByTestId('train').click();
    const target = mode === 'cpu' ? 60 : 8;
    await untilSteps(page, target);
    await page.getByTestId('train').click();
    await expect(page.getByTestId('train').textContent()).resolves.toBe('Resume');
    // The slice in flight when Pause was pressed finishes; then nothing moves.
    await page.getByTestId('train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 120_000 });
    const paused = await steps(page);
    await page.waitForTimeout(1500);
    expect(await steps(page)).toBe(paused);
    const speed = page.getByTestId('throughput');
    const first = Number(await speed.getAttribute('data-first-loss'));
    const recent = Number(await speed.getAttribute('data-recent-loss'));
    expect(first).toBeGreaterThan(1.5);
    expect(recent).toBeLessThan(first * 0.8);
    await page.getByTestId('accuracy').and(page.locator('[data-value]')).waitFor({ timeout: 120_000 });
    await page.getByTestId('train').click();
    await untilSteps(page, paused + 2);
    await page.getByTestId('train').click();
    await expect(page.locator('[data-testid="confusion"] td').count()).resolves.toBe(100);
    await page.screenshot({ path: `${SHOTS}/vision-trained-${mode}.png`, fullPage: true });
    await page.close();
  });

  it('round-trips its link and refuses an impossible network', async () => {
    const page = await open('?page=vision&lang=en&blocks=3&c3=8&k3=3&act=tanh&bn=1&opt=momentum&lr=0.01&seed=42&c1=500&batch=9000');
    await ready(page);
    const notices = await page.locator('.notice-text').allTextContents();
    expect(notices.some((n) => n.includes('“c1” (500)'))).toBe(true);
    expect(notices.some((n) => n.includes('“batch” (9000)') && n.includes('(64)'))).toBe(true);
    await expect(page.locator('[data-knob="act"]').inputValue()).resolves.toBe('tanh');
    await expect(page.locator('[data-knob="opt"]').inputValue()).resolves.toBe('momentum');
    await expect(page.locator('[data-knob="seed"]').inputValue()).resolves.toBe('42');
    await expect(page.locator('[data-testid="layer-table"] td', { hasText: 'batchnorm' }).count()).resolves.toBe(3);
    await page.locator('[data-knob="k1"]').selectOption('3');
    expect(param(page, 'k1')).toBe('3');
    // Three 7x7 stride-3 convs without padding shrink 28 pixels below nothing.
    for (const n of [1, 2, 3]) {
      await page.locator(`[data-knob="k${n}"]`).selectOption('7');
      await page.locator(`[data-knob="s${n}"]`).selectOption('3');
      await page.locator(`[data-knob="p${n}"]`).selectOption('0');
    }
    await page.getByTestId('refused').waitFor();
    await expect(page.getByTestId('refused').textContent()).resolves.toContain('smaller than the 7x7 kernel');
    await expect(page.getByTestId('train').isDisabled()).resolves.toBe(true);
    const again = await open(page.url().replace(/^https?:\/\/[^/]+\/?/, ''));
    await again.getByTestId('refused').waitFor({ timeout: 120_000 });
    await page.close();
    await again.close();
  });

  it('stops with a message when the learning rate blows up, and reset recovers', async () => {
    const page = await open('?page=vision&lang=en&opt=sgd&lr=10&batch=16');
    await ready(page);
    await page.getByTestId('train').click();
    await page.getByTestId('diverged').waitFor({ timeout: 200_000 });
    await expect(page.getByTestId('train').isDisabled()).resolves.toBe(true);
    await page.locator('[data-knob="lr"]').selectOption('0.01');
    await ready(page);
    await expect(page.getByTestId('diverged').count()).resolves.toBe(0);
    await expect(page.getByTestId('train').isDisabled()).resolves.toBe(false);
    await page.close();
  });

  // A network with BatchNorm, so its running statistics must travel too (the
  // test loss is measured in eval mode).
  onlyOn(mode, 'cpu')('CPU backend only: exports the trained network and imports it back with the same test loss; a damaged file is refused and the network kept', async () => {
    const page = await open('?page=vision&lang=en&bn=1&batch=32');
    await ready(page);
    await page.getByTestId('train').click();
    await untilSteps(page, 30);
    await page.getByTestId('train').click();
    await page.getByTestId('train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 120_000 });
    const accuracy = page.getByTestId('accuracy');
    await accuracy.and(page.locator('[data-loss]')).waitFor({ timeout: 120_000 });
    const trained = { loss: await accuracy.getAttribute('data-loss'), accuracy: await accuracy.getAttribute('data-value'), steps: await steps(page) };
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('vision-export').click()]);
    expect(saved.suggestedFilename()).toMatch(/^kindling-vision-cnn-\d{4}-\d{2}-\d{2}\.safetensors$/);
    const file = (await saved.path()) ?? '';
    const fileResult = page.getByTestId('vision-file-result');
    console.log(`vision export (${mode}): ${readFileSync(file).length} bytes after ${trained.steps} steps, test loss ${trained.loss}, accuracy ${trained.accuracy}`);
    // Another learning rate: a fresh, untrained network.
    await page.locator('[data-knob="lr"]').selectOption('0.01');
    await ready(page);
    await expect(accuracy.getAttribute('data-loss')).resolves.toBeNull();
    await page.getByTestId('vision-import').setInputFiles(file);
    await fileResult.and(page.locator('[data-loaded]')).waitFor({ timeout: 120_000 });
    await expect(fileResult.textContent()).resolves.toContain(`trained ${trained.steps} steps`);
    await page.waitForFunction((loss) => document.querySelector('[data-testid="accuracy"]')?.getAttribute('data-loss') === loss, trained.loss, { timeout: 60_000 });
    await expect(accuracy.getAttribute('data-value')).resolves.toBe(trained.accuracy);
    // The file's settings are the page's again, link included.
    await expect(page.locator('[data-knob="lr"]').inputValue()).resolves.toBe('0.001');
    expect(param(page, 'lr')).toBeNull();
    expect(await steps(page)).toBe(trained.steps);
    // A damaged file is refused with a message, and the imported network stays.
    await page.getByTestId('vision-import').setInputFiles({ name: 'damaged.safetensors', mimeType: 'application/octet-stream', buffer: readFileSync(file).subarray(0, 100) });
    await fileResult.and(page.locator('[data-refused]')).waitFor({ timeout: 60_000 });
    await expect(fileResult.textContent()).resolves.toContain('cut short or damaged');
    await page.waitForFunction((loss) => document.querySelector('[data-testid="accuracy"]')?.getAttribute('data-loss') === loss, trained.loss, { timeout: 60_000 });
    await expect(page.getByTestId('train').isDisabled()).resolves.toBe(false);
    // It trains on from the file's steps.
    await page.getByTestId('train').click();
    await untilSteps(page, trained.steps + 1);
    await page.getByTestId('train').click();
    await page.close();

    // The refusal in Chinese on a phone.
    const zh = await open('?page=vision&lang=zh&bn=1&batch=32');
    await zh.setViewportSize({ width: 390, height: 860 });
    await ready(zh);
    await zh.getByTestId('vision-import').setInputFiles({ name: 'damaged.safetensors', mimeType: 'application/octet-stream', buffer: readFileSync(file).subarray(0, 100) });
    await zh.getByTestId('vision-file-result').and(zh.locator('[data-refused]')).waitFor({ timeout: 60_000 });
    await expect(zh.getByTestId('vision-file-result').textContent()).resolves.toContain('已损坏');
    await zh.getByTestId('vision-panel').screenshot({ path: `${SHOTS}/vision-import-refused-zh-${mode}.png` });
    await zh.close();
  });

  // SwiftShader takes about a second a step: 5 steps of a smaller batch
  // there, 50 on the CPU backend.
  it(`repeats the first ${mode === 'cpu' ? 50 : 5} losses exactly with the same seed`, async () => {
    const page = await open('?page=vision&lang=en');
    await ready(page);
    const count = mode === 'cpu' ? 50 : 5;
    const losses = (seed: number) =>
      page.evaluate(
        async ({ seed, count, batch }) => {
          const client = (window as unknown as { kindling: { client: { request: (b: object) => { done: Promise<{ value: { losses: number[] } }> } } } }).kindling.client;
          const net = { blocks: [{ channels: 8, kernel: 5, stride: 1, padding: 2, pool: 'max' }, { channels: 16, kernel: 5, stride: 1, padding: 2, pool: 'max' }], activation: 'relu', batchNorm: false, dropout: 0.25, hidden: 0 };
          const train = { optimizer: 'adam', lr: 0.001, batch, l2: 0, l1: 0, init: 'he', augment: true, seed };
          await client.request({ type: 'visionSetup', net, train }).done;
          const out: number[] = [];
          while (out.length < count) out.push(...(await client.request({ type: 'visionTrain', steps: count - out.length, budgetMs: 10_000, evaluate: false }).done).value.losses);
          return out;
        },
        { seed, count, batch: mode === 'cpu' ? 64 : 16 },
      );
    const first = await losses(5);
    expect(first).toHaveLength(count);
    expect(first.every(Number.isFinite)).toBe(true);
    expect(await losses(5)).toEqual(first);
    expect(await losses(6)).not.toEqual(first);
    await page.close();
  });

  // Training to ~95% takes seconds on the CPU backend and minutes on
  // SwiftShader's emulated GPU, so the drawing is checked there only.
  onlyOn(mode, 'cpu')('CPU backend only: reads a digit the test draws', async () => {
    const page = await open('?page=vision&lang=en');
    await ready(page);
    await page.getByTestId('train').click();
    await untilSteps(page, 400);
    await page.getByTestId('train').click();
    const pad = page.getByTestId('draw-pad');
    await pad.scrollIntoViewIfNeeded();
    // A tap is not a digit.
    const box = (await pad.boundingBox())!;
    await page.mouse.click(box.x + 10, box.y + 10);
    await expect(page.getByTestId('draw-status').textContent()).resolves.toContain('empty');
    // A "7": a bar across the top, then a stroke down to the lower left.
    await page.mouse.move(box.x + 70, box.y + 60);
    await page.mouse.down();
    await page.mouse.move(box.x + 210, box.y + 60, { steps: 10 });
    await page.mouse.move(box.x + 120, box.y + 240, { steps: 14 });
    await page.mouse.up();
    // Settled: the last request answered is the one for the finished drawing.
    await page.waitForFunction(() => {
      const status = document.querySelector('[data-testid="draw-status"]');
      return status?.getAttribute('data-busy') === 'false' && Boolean(status.textContent?.startsWith('The network reads a'));
    });
    await page.locator('.source').screenshot({ path: `${SHOTS}/vision-drawn-input-${mode}.png` });
    await expect(page.getByTestId('probabilities').getAttribute('data-best')).resolves.toBe('7');
    await expect(page.locator('[data-testid="feature-maps"] canvas').count()).resolves.toBe(8 + 16);
    await page.screenshot({ path: `${SHOTS}/vision-draw-${mode}.png`, fullPage: true });

    // int8 after training: within a point of f32; nothing to fold here.
    await page.getByTestId('compress').click();
    await page.getByTestId('channel-row').waitFor({ timeout: 120_000 });
    const acc = async (row: string) => Number(await page.getByTestId(row).getAttribute('data-accuracy'));
    const f32 = await acc('f32-row');
    expect(f32).toBeGreaterThan(0.9);
    expect(Math.abs((await acc('channel-row')) - f32)).toBeLessThanOrEqual(0.01);
    expect(Math.abs((await acc('tensor-row')) - f32)).toBeLessThanOrEqual(0.015);
    await expect(page.getByTestId('compression').textContent()).resolves.toContain('no BatchNorm to fold');
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: folds BatchNorm into the convolutions without changing the outputs', async () => {
    const page = await open('?page=vision&lang=zh&bn=1&batch=32');
    await ready(page);
    await page.getByTestId('train').click();
    await untilSteps(page, 40);
    await page.getByTestId('train').click();
    await page.getByTestId('train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 120_000 });
    await page.getByTestId('compress').click();
    await page.getByTestId('folding').waitFor({ timeout: 120_000 });
    expect(Number(await page.getByTestId('folding').getAttribute('data-diff'))).toBeLessThan(1e-4);
    await page.screenshot({ path: `${SHOTS}/vision-fold-zh-${mode}.png`, fullPage: true });
    await page.close();
  });
});
