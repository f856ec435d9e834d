// The backend a lab runs on when the page chooses (`auto`): each lab's
// representative step timed on both backends, in engines of their own, kept
// for this device and shown in the badge as the reason for the choice. The
// WebGPU session's only adapter is SwiftShader, which `auto` never runs: here
// the timings are asked for on the Device page, as a learner would to see why.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, cpuBadge, engineReadyOn, expectedThreads } from './browser';

const SHOTS = 'test-results/screens';

/** The Vision row of the Device page's lab timings, once it has figures. */
async function timedVision(page: Page): Promise<{ cpuMs: number; gpuMs: number; faster: string }> {
  const row = page.locator('[data-testid="lab-timings"] tr[data-lab="vision"][data-faster]');
  await row.waitFor({ timeout: 420_000 });
  const read = (name: string) => row.getAttribute(name).then((v) => v ?? '');
  return { cpuMs: Number(await read('data-cpu-ms')), gpuMs: Number(await read('data-gpu-ms')), faster: await read('data-faster') };
}

describe('backend chosen by timing, beside a software adapter', () => {
  const session = browserSession('webgpu');

  it('times a lab on each backend, keeps the figures and gives them as the reason in the badge', async () => {
    const page = await session.open('?page=check&lang=en&backend=auto');
    const badge = page.getByTestId('backend');
    await badge.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 180_000 });
    const engine = await badge.getAttribute('data-engine');
    await expect(page.locator('[data-testid="lab-timings"] tr[data-lab]').count()).resolves.toBe(4);
    // Nothing is kept yet on this device.
    await expect(page.locator('tr[data-lab="vision"]').getAttribute('data-faster')).resolves.toBeNull();

    await page.getByTestId('time-vision').click();
    const timing = await timedVision(page);
    expect(timing.cpuMs).toBeGreaterThan(0);
    expect(timing.gpuMs).toBeGreaterThan(0);
    expect(Number.isFinite(timing.cpuMs) && Number.isFinite(timing.gpuMs)).toBe(true);
    // SwiftShader emulates a GPU on these two cores: far slower than the CPU backend, which is why `auto` skips it.
    expect(timing.faster, `CPU ${timing.cpuMs} ms against SwiftShader ${timing.gpuMs} ms a step`).toBe('cpu');
    expect(timing.gpuMs).toBeGreaterThan(timing.cpuMs);
    // The timing ran in engines of its own: the page's engine is the one it was.
    await expect(badge.getAttribute('data-backend')).resolves.toBe('cpu');
    await expect(badge.getAttribute('data-engine')).resolves.toBe(engine);

    // Kept for this device: a reload shows the same figures without timing again.
    await page.reload();
    const kept = await timedVision(page);
    expect(kept).toEqual(timing);
    await page.getByTestId('lab-timings').screenshot({ path: `${SHOTS}/check-lab-timings.png` });

    // The Vision lab says why it runs on the CPU, with the figures.
    await page.locator('a[data-nav="vision"]').first().click();
    await badge.and(page.locator('[data-choice="cpu"]')).waitFor({ timeout: 60_000 });
    const text = (await badge.textContent()) ?? '';
    expect(text).toMatch(/^CPU · software GPU skipped — faster than the GPU for this lab: [\d.,]+ ms vs [\d.,]+ ms a step$/);
    // A lab never timed says nothing more.
    await page.locator('a[data-nav="gpt"]').first().click();
    await badge.and(page.locator('[data-choice=""]')).waitFor({ timeout: 60_000 });
    await expect(badge.textContent()).resolves.toBe('CPU · software GPU skipped');
    // Chinese says the same.
    await page.goto(page.url().replace(/([?&])page=gpt/, '$1page=vision').replace('lang=en', 'lang=zh'));
    await badge.and(page.locator('[data-choice="cpu"]')).waitFor({ timeout: 60_000 });
    await expect(badge.textContent()).resolves.toMatch(/ — 此实验在 CPU 上更快：每步 [\d.,]+ 毫秒，GPU 上 [\d.,]+ 毫秒$/);
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: `${SHOTS}/vision-zh-choice-390.png` });
    await page.close();
  }, 900_000);
});

describe('backend chosen by timing, with no GPU', () => {
  const session = browserSession('cpu');

  it('says plainly that a lab cannot be timed on WebGPU, and keeps working', async () => {
    const page = await session.open('?page=check&lang=en');
    await engineReadyOn(page, 'cpu');
    await page.getByTestId('time-vision').click();
    const problem = page.locator('.panel p.fail', { hasText: 'Could not time the Vision lab' });
    await problem.waitFor({ timeout: 300_000 });
    await expect(problem.textContent()).resolves.toMatch(/not webgpu/);
    await expect(page.locator('tr[data-lab="vision"]').getAttribute('data-faster')).resolves.toBeNull();
    await expect(page.getByTestId('time-vision').isEnabled()).resolves.toBe(true);
    // The page's own engine is untouched.
    await expect(page.getByTestId('backend').textContent()).resolves.toBe(cpuBadge(await expectedThreads(page)));
    await page.close();
  }, 400_000);
});
