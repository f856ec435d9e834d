// The GPT lab in a real browser: a decoder trained in the worker (on the
// learner's text on both backends, on the Tang corpus on the CPU), writing
// streamed token by token with its probability bars, the parameter table,
// the attention views on the trained model with the causal mask, BERT
// beside GPT, the link, and bad input.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { browserSession, engineReadyOn, type GpuMode, onlyOn, recordReplies, replies } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

/** A text small enough to train fast even on SwiftShader's emulated GPU. */
const RHYME = 'twinkle twinkle little star, how I wonder what you are.\nup above the world so high, like a diamond in the sky.\n'.repeat(20);
/** A small model: SwiftShader runs a step of the default one in seconds. */
const SMALL = 'layers=1&width=32&heads=2&ctx=16&batch=8&lr=0.01&warmup=10';

type Inspection = { tokens: unknown[] };

describe.each<GpuMode>(['webgpu', 'cpu'])('gpt lab on %s', (mode) => {
  const session = browserSession(mode);

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, mode);
    return page;
  }
  const ready = (page: Page) => page.getByTestId('gpt-status').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });
  const steps = async (page: Page) => Number((await page.getByTestId('throughput').getAttribute('data-steps')) ?? 0);
  const untilSteps = (page: Page, n: number) =>
    page.waitForFunction((n) => Number(document.querySelector('[data-testid="throughput"]')?.getAttribute('data-steps') ?? 0) >= n, n, { timeout: 200_000 });
  const pause = async (page: Page) => {
    await page.getByTestId('train').click();
    await page.getByTestId('train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 200_000 });
  };
  const paste = async (page: Page, text: string) => {
    await page.locator('[data-corpus="text"]').click();
    await page.getByTestId('own-text').evaluate((el, text) => {
      (el as HTMLTextAreaElement).value = text;
      el.dispatchEvent(new Event('change'));
    }, text);
  };
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

  it('trains on pasted text, writes token by token with probability bars, and counts its FLOPs', async () => {
    const page = await open(`?page=gpt&lang=en&len=48&topK=5&${SMALL}`);
    await paste(page, RHYME);
    await ready(page);
    expect(param(page, 'corpus')).toBe('text');
    // The table's total is what the engine built.
    const info = (await page.getByTestId('gpt-info').textContent()) ?? '';
    const total = (await page.getByTestId('cost-total').textContent()) ?? '';
    expect(info).toContain(`${total} parameters`);
    await expect(page.locator('[data-testid="cost-table"] tbody tr').count()).resolves.toBe(7);
    await page.getByTestId('train').click();
    await untilSteps(page, mode === 'cpu' ? 150 : 40);
    await pause(page);
    const paused = await steps(page);
    await page.waitForTimeout(1000);
    expect(await steps(page)).toBe(paused);
    const speed = page.getByTestId('throughput');
    const first = Number(await speed.getAttribute('data-first-loss'));
    const recent = Number(await speed.getAttribute('data-recent-loss'));
    expect(first).toBeGreaterThan(2.5);
    expect(recent).toBeLessThan(first * 0.75);
    expect(Number(await page.getByTestId('gflops').getAttribute('data-gflops'))).toBeGreaterThan(0);
    // Pausing writes: 48 characters, streamed in several pieces, each with
    // its ten candidates, top-k keeping at most 5.
    const sample = page.getByTestId('gpt-sample');
    await sample.and(page.locator('[data-done="true"]')).waitFor({ timeout: 120_000 });
    await expect(sample.getAttribute('data-tokens')).resolves.toBe('48');
    expect(Number(await sample.getAttribute('data-pieces'))).toBeGreaterThanOrEqual(2);
    const text = (await sample.textContent()) ?? '';
    expect([...text].every((c) => RHYME.includes(c))).toBe(true);
    await page.locator('[data-step="10"]').click();
    await expect(page.locator('.gpt-bar').count()).resolves.toBe(10);
    await expect(page.locator('.gpt-bar[data-kept="true"]').count()).resolves.toBeLessThanOrEqual(5);
    await expect(page.getByTestId('gpt-kept').textContent()).resolves.toMatch(/kept [1-5] tokens/);
    await page.screenshot({ path: `${SHOTS}/gpt-trained-${mode}.png`, fullPage: true });
    await page.close();
  });

  it('opens the trained model in the attention views, the future masked', async () => {
    const page = await open(`?page=gpt&lang=en&vtext=twinkle%20twinkle%20little%20star&${SMALL}`);
    await recordReplies(page, 'gptInspection');
    await paste(page, RHYME);
    await ready(page);
    await page.getByTestId('train').click();
    await untilSteps(page, mode === 'cpu' ? 60 : 15);
    await pause(page);
    // Pausing looks again: the newest inspection is of the trained model.
    await page.getByTestId('gpt-view').and(page.locator('[data-tokens="16"]')).waitFor({ timeout: 120_000 });
    const seen = await replies<Inspection>(page, 'gptInspection');
    const last = seen.at(-1);
    expect(last?.tokens.length).toBe(16);
    const attention = await page.evaluate(() => {
      const w = window as unknown as { recorded: Record<string, { attention: Uint8Array }[]> };
      const bytes = w.recorded['gptInspection']?.at(-1)?.attention;
      return bytes ? Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)) : [];
    });
    expect(attention.length).toBe(2 * 16 * 16);
    let future = 0;
    for (let k = 0; k < attention.length; k++) {
      const i = Math.floor(k / 16) % 16;
      const j = k % 16;
      if (j > i) future = Math.max(future, Math.abs(attention[k] ?? NaN));
    }
    expect(future).toBe(0);
    await page.getByTestId('mask-legend').first().waitFor();
    await expect(page.getByTestId('head-title').textContent()).resolves.toContain('1');
    // One head's arithmetic, from the trained model's q and k.
    await page.locator('[data-view="head"]').click();
    await page.getByTestId('query-select').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}/gpt-head-${mode}.png`, fullPage: true });
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: round-trips its link, with bad values reset and noted, and refuses a width the heads do not divide', async () => {
    const page = await open(`?page=gpt&lang=en&layers=9&width=100&heads=8&ctx=32&norm=post&tie=0&opt=adam&lr=0.001&seed=7&prompt=abc&topP=0.9&temp=50`);
    const notices = await page.locator('.notice-text').allTextContents();
    expect(notices.some((n) => n.includes('“layers” (9)'))).toBe(true);
    expect(notices.some((n) => n.includes('“temp” (50)'))).toBe(true);
    await page.getByTestId('refused').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('refused').textContent()).resolves.toContain('does not split into 8 heads');
    await expect(page.locator('[data-knob="layers"]').inputValue()).resolves.toBe('2');
    await expect(page.locator('[data-knob="norm"]').inputValue()).resolves.toBe('post');
    await expect(page.locator('[data-knob="tie"]').isChecked()).resolves.toBe(false);
    await expect(page.locator('[data-knob="opt"]').inputValue()).resolves.toBe('adam');
    await expect(page.locator('[data-knob="prompt"]').inputValue()).resolves.toBe('abc');
    await expect(page.locator('[data-knob="topP"]').inputValue()).resolves.toBe('0.9');
    await page.locator('[data-knob="heads"]').selectOption('2');
    expect(param(page, 'heads')).toBe('2');
    await ready(page);
    const again = await open(page.url().replace(/^https?:\/\/[^/]+\/?/, ''));
    await ready(again);
    for (const [knob, value] of [['heads', '2'], ['width', '100'], ['ctx', '32'], ['seed', '7'], ['lr', '0.001']] as const) {
      await expect(again.locator(`[data-knob="${knob}"]`).inputValue(), knob).resolves.toBe(value);
    }
    await page.close();
    await again.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: refuses a text shorter than the context and stops a blow-up; Reset recovers', async () => {
    const page = await open(`?page=gpt&lang=en&${SMALL}`);
    await paste(page, 'too short');
    await page.getByTestId('refused').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('refused').textContent()).resolves.toContain('at least 17');
    await paste(page, RHYME);
    await ready(page);
    await page.locator('[data-knob="clip"]').uncheck();
    await ready(page);
    await page.locator('[data-knob="lr"]').selectOption('10');
    await ready(page);
    await page.getByTestId('train').click();
    await page.getByTestId('diverged').waitFor({ timeout: 200_000 });
    await expect(page.getByTestId('train').isDisabled()).resolves.toBe(true);
    await page.getByTestId('reset').click();
    await ready(page);
    await expect(page.getByTestId('train').isDisabled()).resolves.toBe(false);
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: reads BPE tokens learned from the text: fewer tokens per character, the same bits-per-character scale', async () => {
    const page = await open(`?page=gpt&lang=en&merges=100&len=30&${SMALL}`);
    await paste(page, RHYME);
    await ready(page);
    const info = (await page.getByTestId('gpt-info').textContent()) ?? '';
    const perToken = Number(info.match(/\(([\d.]+) characters per token\)/)?.[1]);
    expect(perToken).toBeGreaterThan(1.5);
    expect(info).toMatch(/[\d,]+ ids \(256 bytes and the merges\)/);
    await page.getByTestId('train').click();
    await untilSteps(page, 60);
    await pause(page);
    const sample = page.getByTestId('gpt-sample');
    await sample.and(page.locator('[data-done="true"]')).waitFor({ timeout: 120_000 });
    await expect(sample.getAttribute('data-tokens')).resolves.toBe('30');
    // Bits per character, not per token: a BPE token carries several characters.
    const bpc = Number(((await page.getByTestId('bpc').textContent()) ?? '').match(/training ([\d.]+)/)?.[1]);
    const recent = Number(await page.getByTestId('throughput').getAttribute('data-recent-loss'));
    expect(bpc).toBeCloseTo(recent / Math.LN2 / perToken, 1);
    expect(bpc).toBeLessThan(recent / Math.LN2 / 1.5);
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: keeps a trained model as a file: imported, it measures and writes the same and trains on; a damaged file is refused', async () => {
    const page = await open(`?page=gpt&lang=en&temp=0&len=40&${SMALL}`);
    await paste(page, RHYME);
    await ready(page);
    await page.getByTestId('train').click();
    await untilSteps(page, 80);
    await pause(page);
    // Pausing measures the held-out text and writes; then a greedy sample (temperature 0) from the paused model.
    const bpc = page.getByTestId('bpc');
    await bpc.and(page.locator('[data-held]')).waitFor({ timeout: 120_000 });
    const held = (await bpc.getAttribute('data-held')) ?? '';
    const sample = page.getByTestId('gpt-sample');
    const write = async () => {
      // A sample begun while training may still be coming: let it finish, then write afresh.
      await sample.and(page.locator('[data-done="true"]')).waitFor({ timeout: 120_000 });
      await sample.evaluate((el) => el.removeAttribute('data-done'));
      await page.getByTestId('generate').click();
      await sample.and(page.locator('[data-done="true"]')).waitFor({ timeout: 120_000 });
      return (await sample.textContent()) ?? '';
    };
    const written = await write();
    const trained = await steps(page);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gpt-export').click()]);
    expect(saved.suggestedFilename()).toMatch(/^kindling-gpt-gpt-\d{4}-\d{2}-\d{2}\.safetensors$/);
    const file = (await saved.path()) ?? '';
    // Another model on another text, then the file: the model on the rhyme again, as it was.
    await page.locator('[data-knob="seed"]').fill('9');
    await page.locator('[data-knob="seed"]').dispatchEvent('change');
    await paste(page, 'the quick brown fox jumps over the lazy dog.\n'.repeat(50));
    await ready(page);
    await page.getByTestId('gpt-import').setInputFiles(file);
    const fileResult = page.getByTestId('gpt-file-result');
    await fileResult.and(page.locator('[data-loaded]')).waitFor({ timeout: 120_000 });
    await expect(fileResult.textContent()).resolves.toContain(`trained ${trained} steps on your text (${RHYME.length.toLocaleString('en')} characters)`);
    await bpc.and(page.locator(`[data-held="${held}"]`)).waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('own-text').inputValue()).resolves.toBe(RHYME);
    expect(param(page, 'seed')).toBeNull();
    expect(await write()).toBe(written);
    console.log(`gpt file (${mode}): ${statSync(file).size} bytes, held-out ${held} nats per token before export and after import, ${trained} steps`);
    // A damaged file is refused with a message, and the loaded model stays.
    await page.getByTestId('gpt-import').setInputFiles({ name: 'damaged.safetensors', mimeType: 'application/octet-stream', buffer: readFileSync(file).subarray(0, 100) });
    await fileResult.and(page.locator('[data-refused]')).waitFor({ timeout: 60_000 });
    await expect(fileResult.textContent()).resolves.toContain('cut short or damaged');
    await bpc.and(page.locator(`[data-held="${held}"]`)).waitFor({ timeout: 60_000 });
    // It trains on from the file's steps.
    await page.getByTestId('train').click();
    await untilSteps(page, trained + 5);
    await pause(page);
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: races the GPT against an LSTM of the same size and times a step against the context', async () => {
    const page = await open(`?page=gpt&lang=en&${SMALL}`);
    await paste(page, RHYME);
    await ready(page);
    await page.getByTestId('race-budget').selectOption('10');
    await page.getByTestId('race').click();
    await page.getByTestId('race-result').and(page.locator('[data-done="true"]')).waitFor({ timeout: 120_000 });
    const result = page.getByTestId('race-result');
    const gpt = Number(await result.getAttribute('data-gpt'));
    const lstm = Number(await result.getAttribute('data-lstm'));
    // Both learnt something in ten seconds: below the uniform guess over the text's characters.
    const uniform = Math.log2(new Set(RHYME).size);
    expect(gpt).toBeLessThan(uniform);
    expect(lstm).toBeLessThan(uniform);
    const matched = (await page.getByTestId('race-status').textContent()) ?? '';
    expect(matched).toMatch(/Round \d+ of 20/);
    await page.getByTestId('race-steps').click();
    await page.getByTestId('race-steps-result').and(page.locator('[data-done="true"]')).waitFor({ timeout: 200_000 });
    const lines = ((await page.getByTestId('race-steps-result').textContent()) ?? '').split(' · ');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['16', '32', '64', '128', '256']);
    // The learner's model is untouched: writing still works with it.
    await page.getByTestId('generate').click();
    await page.getByTestId('gpt-sample').and(page.locator('[data-done="true"]')).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}/gpt-race.png`, fullPage: true });
    await page.close();
  });

  // Tang's 3,973-character output layer is slow on SwiftShader, and MiniLM
  // beside the GPT doubles the work: these run on the CPU backend only.
  onlyOn(mode, 'cpu')('CPU backend only: trains on Tang poems, writes an acrostic, and sets BERT beside GPT', async () => {
    const page = await open('?page=gpt&lang=zh&layers=1&width=64&batch=16&prompt=春夏秋冬&acrostic=1&temp=0.6&len=240&view=masks');
    await ready(page);
    await expect(page.getByTestId('gpt-info').textContent()).resolves.toContain('3,974');
    await page.getByTestId('train').click();
    await untilSteps(page, 60);
    await pause(page);
    const sample = page.getByTestId('gpt-sample');
    await sample.and(page.locator('[data-done="true"]')).waitFor({ timeout: 120_000 });
    const poem = (await sample.textContent()) ?? '';
    const lines = poem.match(/[^\n，。！？；.]*[\n，。！？；.]/g) ?? [];
    expect(lines.join(''), `${poem} is whole lines`).toBe(poem);
    expect(lines.map((line) => line[0]).join(''), poem).toBe('春夏秋冬');
    // BERT's attention beside the GPT's, and the two masks.
    for (const id of ['mask-encoder', 'mask-decoder', 'attn-gpt', 'attn-bert']) {
      await page.getByTestId(id).and(page.locator('[data-drawn="true"]')).waitFor({ timeout: 180_000 });
    }
    await expect(page.getByTestId('masks-status').textContent()).resolves.toMatch(/MiniLM/);
    await page.screenshot({ path: `${SHOTS}/gpt-tang-zh.png`, fullPage: true });
    await page.close();
  });
});
