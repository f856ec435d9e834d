// The Sequence lab in a real browser: a recurrent network trained in the
// worker (on the learner's text on both backends, on the Tang corpus on
// the CPU), streamed sampling, compare mode, the gradient-through-time and
// gate views, the link, bad input, and a network kept as a model file.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { browserSession, engineReadyOn, type GpuMode, onlyOn } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

/** A text small enough to train fast even on SwiftShader's emulated GPU. */
const RHYME = 'twinkle twinkle little star, how I wonder what you are.\nup above the world so high, like a diamond in the sky.\n'.repeat(20);
/** Small networks: SwiftShader runs a step of the default one in seconds. */
const SMALL = 'hidden=32&embed=16&bptt=16&batch=8&lr=0.01';

describe.each<GpuMode>(['webgpu', 'cpu'])('sequence lab on %s', (mode) => {
  const session = browserSession(mode);

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, mode);
    return page;
  }
  const ready = (page: Page) => page.getByTestId('seq-status').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });
  const steps = async (page: Page) => Number((await page.getByTestId('throughput').getAttribute('data-steps')) ?? 0);
  const untilSteps = (page: Page, n: number) =>
    page.waitForFunction((n) => Number(document.querySelector('[data-testid="throughput"]')?.getAttribute('data-steps') ?? 0) >= n, n, { timeout: 200_000 });
  const pause = async (page: Page) => {
    await page.getByTestId('train').click();
    await page.getByTestId('train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 200_000 });
  };
  /** Put `text` in the own-text box as a paste would, and apply it. */
  const paste = async (page: Page, text: string) => {
    await page.locator('[data-corpus="text"]').click();
    await page.getByTestId('own-text').evaluate((el, text) => {
      (el as HTMLTextAreaElement).value = text;
      el.dispatchEvent(new Event('change'));
    }, text);
  };
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

  it('trains on pasted text: the loss falls, pausing holds, and a sample streams in', async () => {
    const page = await open(`?page=sequence&lang=en&len=400&${SMALL}`);
    await paste(page, RHYME);
    await ready(page);
    expect(param(page, 'corpus')).toBe('text');
    // The text travels in the link, compressed; opening it trains on the same text.
    expect(param(page, 'text')?.startsWith('~')).toBe(true);
    const reopened = await open(page.url().replace(/^https?:\/\/[^/]+\/?/, ''));
    await ready(reopened);
    await expect(reopened.getByTestId('own-text').inputValue()).resolves.toBe(RHYME);
    await reopened.close();
    await page.getByTestId('train').click();
    await untilSteps(page, mode === 'cpu' ? 80 : 25);
    await pause(page);
    const paused = await steps(page);
    await page.waitForTimeout(1000);
    expect(await steps(page)).toBe(paused);
    const speed = page.getByTestId('throughput');
    const first = Number(await speed.getAttribute('data-first-loss'));
    const recent = Number(await speed.getAttribute('data-recent-loss'));
    expect(first).toBeGreaterThan(2.5);
    expect(recent).toBeLessThan(first * 0.75);
    // Pausing writes a sample; it arrived in pieces, as it was generated.
    const sample = page.getByTestId('sample-text').first();
    await sample.and(page.locator('[data-state="done"]')).waitFor({ timeout: 120_000 });
    const text = (await sample.textContent()) ?? '';
    expect(text.length).toBeGreaterThan(20);
    // Streamed: it arrived in several pieces before the answer.
    expect(Number(await sample.getAttribute('data-chunks'))).toBeGreaterThanOrEqual(2);
    expect([...text].every((c) => RHYME.includes(c))).toBe(true);
    await page.screenshot({ path: `${SHOTS}/sequence-trained-${mode}.png`, fullPage: true });
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: compares RNN, LSTM and GRU on the same text and seed', async () => {
    const page = await open(`?page=sequence&lang=en&compare=1&${SMALL}`);
    await paste(page, RHYME);
    await ready(page);
    await page.getByTestId('train').click();
    await untilSteps(page, 30);
    await pause(page);
    await expect(page.getByTestId('seq-info').textContent()).resolves.toMatch(/RNN [\d,]+, LSTM [\d,]+, GRU [\d,]+/);
    await expect(page.getByTestId('bpc').textContent()).resolves.toMatch(/RNN [\d.]+ · LSTM [\d.]+ · GRU [\d.]+/);
    await page.getByTestId('sample-text').nth(2).and(page.locator('[data-state="done"]')).waitFor({ timeout: 200_000 });
    await expect(page.getByTestId('sample-text').count()).resolves.toBe(3);
    const cells = await page.getByTestId('sample-text').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell')));
    expect(cells).toEqual(['rnn', 'lstm', 'gru']);
    // Every recurrence in the gradient view is the trained one now.
    await page.locator('[data-testid="gtt-summary"] li').nth(2).waitFor({ timeout: 120_000 });
    const trained = await page.locator('[data-testid="gtt-summary"] li').allTextContents();
    expect(trained.every((line) => line.includes('trained'))).toBe(true);
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: keeps a trained network as a file: imported, it measures and writes the same and trains on; a damaged file is refused', async () => {
    const page = await open(`?page=sequence&lang=en&cell=gru&temp=0&len=48&${SMALL}`);
    await paste(page, RHYME);
    await ready(page);
    await page.getByTestId('train').click();
    await untilSteps(page, 60);
    await pause(page);
    // Pausing measures the held-out text and writes a sample (greedy: temperature 0).
    const bpc = page.getByTestId('bpc');
    await bpc.and(page.locator('[data-held]')).waitFor({ timeout: 120_000 });
    const held = (await bpc.getAttribute('data-held')) ?? '';
    // A sample written while training may still be showing: write one from the paused network.
    const sample = page.getByTestId('sample-text').first();
    await sample.and(page.locator('[data-state="done"]')).waitFor({ timeout: 120_000 });
    await sample.evaluate((el) => el.setAttribute('data-before', ''));
    await page.getByTestId('generate').click();
    await page.locator('[data-testid="sample-text"][data-state="done"]:not([data-before])').waitFor({ timeout: 120_000 });
    const written = (await sample.textContent()) ?? '';
    const trained = await steps(page);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('seq-export').click()]);
    expect(saved.suggestedFilename()).toMatch(/^kindling-sequence-gru-\d{4}-\d{2}-\d{2}\.safetensors$/);
    const file = (await saved.path()) ?? '';
    // Another network on another text, then the file: the GRU on the rhyme again, as it was.
    await page.locator('[data-knob="cell"]').selectOption('lstm');
    await paste(page, 'the quick brown fox jumps over the lazy dog.\n'.repeat(50));
    await ready(page);
    await page.getByTestId('seq-import').setInputFiles(file);
    const fileResult = page.getByTestId('seq-file-result');
    await fileResult.and(page.locator('[data-loaded]')).waitFor({ timeout: 120_000 });
    await expect(fileResult.textContent()).resolves.toContain(`trained ${trained} steps on your text (${RHYME.length.toLocaleString('en')} characters)`);
    await bpc.and(page.locator(`[data-held="${held}"]`)).waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-knob="cell"]').inputValue()).resolves.toBe('gru');
    await expect(page.getByTestId('own-text').inputValue()).resolves.toBe(RHYME);
    expect(param(page, 'cell')).toBe('gru');
    // The loaded network writes the same (the old sample went with the old network).
    await expect(sample.count()).resolves.toBe(0);
    await page.getByTestId('generate').click();
    await sample.and(page.locator('[data-state="done"]')).waitFor({ timeout: 120_000 });
    await expect(sample.textContent()).resolves.toBe(written);
    console.log(`sequence file (${mode}): ${statSync(file).size} bytes, held-out ${held} nats per character before export and after import, ${trained} steps`);
    // A damaged file is refused with a message, and the loaded network stays.
    await page.getByTestId('seq-import').setInputFiles({ name: 'damaged.safetensors', mimeType: 'application/octet-stream', buffer: readFileSync(file).subarray(0, 100) });
    await fileResult.and(page.locator('[data-refused]')).waitFor({ timeout: 60_000 });
    await expect(fileResult.textContent()).resolves.toContain('cut short or damaged');
    await bpc.and(page.locator(`[data-held="${held}"]`)).waitFor({ timeout: 60_000 });
    // It trains on from the file's steps.
    await page.getByTestId('train').click();
    await untilSteps(page, trained + 5);
    await pause(page);
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: round-trips its link, with bad values reset and noted', async () => {
    const page = await open(`?page=sequence&lang=en&cell=gru&layers=2&hidden=64&bptt=16&clip=0&opt=rmsProp&lr=0.001&seed=7&prefix=abc&temp=50&len=24&batch=9999`);
    await ready(page);
    const notices = await page.locator('.notice-text').allTextContents();
    expect(notices.some((n) => n.includes('“temp” (50)'))).toBe(true);
    expect(notices.some((n) => n.includes('“batch” (9999)'))).toBe(true);
    await expect(page.locator('[data-knob="cell"]').inputValue()).resolves.toBe('gru');
    await expect(page.locator('[data-knob="layers"]').inputValue()).resolves.toBe('2');
    await expect(page.locator('[data-knob="opt"]').inputValue()).resolves.toBe('rmsProp');
    await expect(page.locator('[data-knob="clip"]').isChecked()).resolves.toBe(false);
    await expect(page.locator('[data-knob="prefix"]').inputValue()).resolves.toBe('abc');
    await expect(page.locator('[data-knob="temp"]').inputValue()).resolves.toBe('0.8');
    await page.locator('[data-knob="cell"]').selectOption('rnn');
    expect(param(page, 'cell')).toBe('rnn');
    await ready(page);
    const again = await open(page.url().replace(/^https?:\/\/[^/]+\/?/, ''));
    await ready(again);
    await expect(again.locator('[data-knob="cell"]').inputValue()).resolves.toBe('rnn');
    await expect(again.locator('[data-knob="seed"]').inputValue()).resolves.toBe('7');
    await page.close();
    await again.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: refuses texts it cannot learn, caps a 5 MB paste, and stops a blow-up', async () => {
    const page = await open(`?page=sequence&lang=en&${SMALL}`);
    await paste(page, 'too short');
    await page.getByTestId('refused').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('refused').textContent()).resolves.toContain('at least 17');
    await paste(page, 'z'.repeat(500));
    await page.getByTestId('refused').and(page.locator(':text("one character")')).waitFor({ timeout: 120_000 });
    // 5 MB: the page keeps 200,000 characters, says so, and trains on them.
    await paste(page, RHYME.repeat(Math.ceil(5_000_000 / RHYME.length)));
    await page.getByTestId('text-capped').waitFor();
    await ready(page);
    await expect(page.getByTestId('seq-info').textContent()).resolves.toContain('180,000 characters to train on');
    expect(param(page, 'text')).toBeNull();
    // A huge learning rate without clipping blows up: a message, and Reset recovers.
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

  // The Tang corpus's 3,973-character output layer takes seconds a step on
  // SwiftShader, so these run on the CPU backend only (the WebGPU session
  // does not have them).
  onlyOn(mode, 'cpu')('CPU backend only: trains on Tang poems and writes an acrostic, and the views read the network', async () => {
    const page = await open('?page=sequence&lang=zh&prefix=春夏秋冬&acrostic=1&temp=0.6&len=240');
    await ready(page);
    await expect(page.getByTestId('seq-info').textContent()).resolves.toContain('3,974');
    // Untrained, the plain RNN's gradient fades far faster than the LSTM's.
    await page.locator('[data-testid="gtt-summary"] li').nth(2).waitFor({ timeout: 120_000 });
    const reach = async (cell: string) => Number(await page.locator(`[data-testid="gtt-summary"] li[data-cell="${cell}"]`).getAttribute('data-reach'));
    expect(await reach('lstm')).toBeGreaterThan(100 * (await reach('rnn')));
    await page.getByTestId('train').click();
    await untilSteps(page, 40);
    await pause(page);
    const sample = page.getByTestId('sample-text').first();
    await sample.and(page.locator('[data-state="done"]')).waitFor({ timeout: 120_000 });
    // One line per given character, each starting with it, and the poem
    // ends with the last line (no poem break before it, nothing after it).
    const poem = (await sample.textContent()) ?? '';
    const lines = poem.match(/[^\n，。！？；.]*[\n，。！？；.]/g) ?? [];
    expect(lines.join(''), `${poem} is whole lines`).toBe(poem);
    expect(lines.map((line) => line[0]).join(''), poem).toBe('春夏秋冬');
    expect(poem.slice(0, -1).includes('\n'), `${poem} ends before its last line`).toBe(false);
    await page.locator('[data-testid="gate-maps"] canvas').first().waitFor({ timeout: 120_000 });
    const maps = await page.locator('[data-testid="gate-maps"] canvas').evaluateAll((els) => els.map((e) => e.getAttribute('data-map')));
    expect(maps).toEqual(['input', 'forget', 'candidate', 'output', 'hidden', 'cell']);
    await page.screenshot({ path: `${SHOTS}/sequence-tang-zh.png`, fullPage: true });
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: samples greedily at temperature 0, with a note', async () => {
    const page = await open(`?page=sequence&lang=en&temp=0&len=24&${SMALL}`);
    await paste(page, RHYME);
    await ready(page);
    await page.getByTestId('generate').click();
    await page.getByTestId('sample-notice').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('sample-notice').textContent()).resolves.toContain('likeliest');
    const first = await page.getByTestId('sample-text').textContent();
    await page.getByTestId('generate').click();
    await page.getByTestId('sample-text').and(page.locator('[data-state="done"]')).waitFor();
    expect(await page.getByTestId('sample-text').textContent()).toBe(first);
    await page.close();
  });
});
