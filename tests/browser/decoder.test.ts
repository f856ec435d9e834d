// The GPT lab's decoder experiments in a real browser, on both backends: the
// position views of the trained model (RoPE's shift check on its own q and
// k, ALiBi's heads), the five encodings trained side by side and read four
// times past their context, GPT-2's block against LLaMA's, the KV cache
// writing what the whole text writes with both timing series and the
// formula, and the new knobs' link.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { browserSession, engineReadyOn, type GpuMode, onlyOn } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

/** A text small enough to train fast even on SwiftShader's emulated GPU. */
const RHYME = 'twinkle twinkle little star, how I wonder what you are.\nup above the world so high, like a diamond in the sky.\n'.repeat(40);
/** A small model: SwiftShader runs a step of the default one in seconds. */
const SMALL = 'layers=1&width=32&heads=2&ctx=16&batch=8&lr=0.01&warmup=10';

describe.each<GpuMode>(['webgpu', 'cpu'])('gpt decoder experiments on %s', (mode) => {
  const session = browserSession(mode);

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, mode);
    return page;
  }
  const ready = (page: Page) => page.getByTestId('gpt-status').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });
  const paste = async (page: Page, text: string) => {
    await page.locator('[data-corpus="text"]').click();
    await page.getByTestId('own-text').evaluate((el, text) => {
      (el as HTMLTextAreaElement).value = text;
      el.dispatchEvent(new Event('change'));
    }, text);
  };
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);
  const done = (page: Page, testid: string, timeout = 240_000) => page.locator(`[data-testid="${testid}"][data-done="true"]`).waitFor({ state: 'attached', timeout });

  onlyOn(mode, 'cpu')('CPU backend only: draws the position views and reads the five encodings four times past their context', async () => {
    const page = await open(`?page=gpt&lang=en&${SMALL}&pos=rope&xsteps=20`);
    await paste(page, RHYME);
    await ready(page);
    await page.locator('[data-testid="positions-status"][data-ready="true"]').waitFor({ state: 'attached', timeout: 120_000 });
    await expect(page.getByTestId('positions-uses').getAttribute('data-positions')).resolves.toBe('rope');
    for (const id of ['pos-sinusoidal', 'pos-sinusoidal-sim', 'pos-rope-angles', 'alibi-0', 'alibi-1']) {
      await expect(page.getByTestId(id).getAttribute('data-drawn'), id).resolves.toBe('true');
    }
    await expect(page.getByTestId('pos-sinusoidal').getAttribute('data-rows')).resolves.toBe('16');
    await expect(page.getByTestId('pos-no-learned').textContent()).resolves.toContain('no learned table');
    // RoPE on the model's own q and k: distance 3 scores the same at every
    // offset, other distances differently.
    const dots = JSON.parse((await page.getByTestId('rope-check').getAttribute('data-dots')) ?? '[]') as number[];
    expect(dots).toHaveLength(8);
    const scale = Math.max(...dots.map(Math.abs), 1e-6);
    for (const d of dots.slice(1, 5)) expect(Math.abs(d - (dots[0] ?? 0)) / scale).toBeLessThan(1e-4);
    expect(Math.abs((dots[6] ?? 0) - (dots[0] ?? 0)) / scale).toBeGreaterThan(1e-6);

    await page.getByTestId('extrapolate').click();
    await done(page, 'extrapolate-table');
    await expect(page.getByTestId('extrapolate-table').getAttribute('data-curves')).resolves.toBe('[64,64,64,64,64]');
    await expect(page.getByTestId('extrapolate-table').getAttribute('data-finite')).resolves.toBe('true');
    await expect(page.locator('[data-testid="extrapolate-table"] tbody tr').count()).resolves.toBe(5);
    await page.getByTestId('extrapolate-panel').screenshot({ path: `${SHOTS}/gpt-extrapolate-${mode}.png` });
    await page.close();
  });

  it('trains GPT-2 against LLaMA and writes the same text with and without the KV cache', async () => {
    const page = await open(`?page=gpt&lang=en&${SMALL}&bsecs=10&ctoks=32&csweep=1&prompt=twinkle&pos=rope`);
    await paste(page, RHYME);
    await ready(page);
    await page.getByTestId('blocks-run').click();
    await done(page, 'blocks-table', 120_000);
    const held = JSON.parse((await page.getByTestId('blocks-table').getAttribute('data-held')) ?? '[]') as (number | null)[];
    expect(held).toHaveLength(2);
    for (const v of held) expect(Number.isFinite(v)).toBe(true);

    await page.getByTestId('cache-run').click();
    await done(page, 'cache-status');
    const verdict = page.getByTestId('cache-verdict');
    await expect(verdict.getAttribute('data-identical')).resolves.toBe('true');
    expect(Number(await verdict.getAttribute('data-diff'))).toBeLessThan(1e-3);
    await expect(page.getByTestId('cache-formula').getAttribute('data-matches')).resolves.toBe('true');
    // 32 tokens after a prompt of 7 characters: 31 steps timed both ways, 38 positions cached.
    await expect(page.getByTestId('cache-chart').getAttribute('data-points')).resolves.toBe('31,31');
    await expect(page.getByTestId('cache-keys').getAttribute('data-rows')).resolves.toBe('38');
    await expect(page.getByTestId('cache-sweep-table').getAttribute('data-rows')).resolves.toBe('2');
    expect(Number(await page.getByTestId('cache-speeds').getAttribute('data-prefill'))).toBeGreaterThan(0);
    await expect(page.getByTestId('cache-text').textContent()).resolves.toMatch(/^twinkle/);
    await page.getByTestId('cache-panel').screenshot({ path: `${SHOTS}/gpt-cache-${mode}.png` });
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: round-trips the new knobs, resets bad ones with a notice, and applies the LLaMA preset', async () => {
    const page = await open(`?page=gpt&lang=zh&${SMALL}&pos=alibi&nk=rmsNorm&ffn=swiGlu&kv=1&ctoks=64`);
    for (const [knob, value] of [['pos', 'alibi'], ['nk', 'rmsNorm'], ['ffn', 'swiGlu'], ['kv', '1']] as const) {
      await expect(page.locator(`[data-knob="${knob}"]`).inputValue(), knob).resolves.toBe(value);
    }
    await expect(page.getByTestId('cache-tokens').inputValue()).resolves.toBe('64');
    const bad = await open(`?page=gpt&lang=en&${SMALL}&pos=wobbly&kv=99`);
    const notices = await bad.locator('.notice-text').allTextContents();
    expect(notices.some((n) => n.includes('“pos”'))).toBe(true);
    expect(notices.some((n) => n.includes('“kv” (99)'))).toBe(true);
    await expect(bad.locator('[data-knob="pos"]').inputValue()).resolves.toBe('learned');
    await bad.getByTestId('preset-llama').click();
    expect([param(bad, 'pos'), param(bad, 'nk'), param(bad, 'ffn'), param(bad, 'kv')]).toEqual(['rope', 'rmsNorm', 'swiGlu', '1']);
    await bad.getByTestId('preset-gpt2').click();
    expect(param(bad, 'pos')).toBeNull();
    await page.close();
    await bad.close();
  });
});
