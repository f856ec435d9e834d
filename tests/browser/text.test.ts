// The Text lab in a real browser: real tokenizers in the worker, hover
// details, the BPE trainer, links and bad input.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { browserSession, engineReadyOn, type GpuMode } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

describe.each<GpuMode>(['webgpu', 'cpu'])('text lab on %s', (mode) => {
  const session = browserSession(mode);

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, mode);
    return page;
  }

  /** Token counts per tokenizer, once every row has answered for `text`. */
  async function counts(page: Page): Promise<Record<string, number>> {
    await page.locator('[data-testid="summary"] tbody tr').first().waitFor({ timeout: 60_000 });
    const rows = await page.locator('[data-testid="summary"] tbody tr').all();
    const out: Record<string, number> = {};
    for (const row of rows) {
      out[(await row.getAttribute('data-tokenizer')) ?? '?'] = Number(await row.getByTestId('tokens').textContent());
    }
    return out;
  }

  it('cuts typed text with every tokenizer, and Chinese costs GPT-2 more', async () => {
    const page = await open('?page=text&lang=en');
    const input = page.getByTestId('text-input');
    await input.fill('深度学习');
    await page.waitForFunction(() => document.querySelector('[data-tokenizer="chars"] [data-testid="row-count"]')?.textContent === '4 tokens');
    const c = await counts(page);
    expect(Object.keys(c).sort()).toEqual(['bytes', 'chars', 'cl100kBase', 'jiebaHmm', 'o200kBase', 'r50kBase', 'wordpiece'].sort());
    expect(c.chars).toBe(4);
    expect(c.bytes).toBe(12);
    expect(c.r50kBase).toBeGreaterThan(c.o200kBase!);
    // A GPT-2 token holding part of a character shows its bytes.
    const gpt2 = await page.locator('[data-tokenizer="r50kBase"] .chip').allTextContents();
    expect(gpt2.some((text) => /^<[0-9A-F]{2}( [0-9A-F]{2})*>$/.test(text))).toBe(true);
    await page.screenshot({ path: `${SHOTS}/text-en-${mode}.png`, fullPage: true });
    await page.close();
  });

  it('shows a token’s id and bytes on hover and lights the same characters in other rows', async () => {
    const page = await open('?page=text&lang=en&text=hello');
    const chip = page.locator('[data-tokenizer="o200kBase"] .chip').first();
    await chip.waitFor();
    await chip.hover();
    await expect(page.getByTestId('detail-bytes').textContent()).resolves.toBe('68 65 6C 6C 6F');
    await expect(page.getByTestId('detail-id').textContent()).resolves.toMatch(/^\d+$/);
    await expect(page.locator('[data-tokenizer="bytes"] .chip.lit').count()).resolves.toBe(5);
    await page.close();
  });

  it('trains a BPE and steps through its merges', async () => {
    const page = await open('?page=text&lang=en&corpus=en&merges=3');
    await page.getByTestId('bpe-status').filter({ hasText: 'merges learned' }).waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('bpe-upto').textContent()).resolves.toBe('3');
    await page.getByTestId('bpe-step').click();
    await expect(page.getByTestId('bpe-upto').textContent()).resolves.toBe('4');
    await expect(page.getByTestId('bpe-why').textContent()).resolves.toMatch(/^Merge 4: .* because it occurred \d+ times/);
    expect(new URL(page.url()).searchParams.get('merges')).toBe('4');
    await page.getByTestId('bpe-result-head').filter({ hasText: 'first 4 merges' }).waitFor();
    await page.close();
  });

  it('round-trips its state through a link', async () => {
    const page = await open('?page=text&lang=zh');
    await page.getByTestId('text-input').fill('分词 tokenization');
    await page.locator('[data-tok="bytes"]').uncheck();
    await page.locator('#tok-hmm').uncheck();
    await page.selectOption('#bpe-corpus', 'en');
    await page.getByTestId('share').click();
    await page.locator('.notice-info').first().waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    await page.close();
    const again = await open(new URL(link).search);
    await expect(again.getByTestId('text-input').inputValue()).resolves.toBe('分词 tokenization');
    await expect(again.locator('[data-tok="bytes"]').isChecked()).resolves.toBe(false);
    await expect(again.locator('#tok-hmm').isChecked()).resolves.toBe(false);
    await expect(again.locator('#bpe-corpus').inputValue()).resolves.toBe('en');
    await again.locator('[data-tokenizer="jieba"]').first().waitFor();
    await expect(again.locator('[data-tokenizer="bytes"]').count()).resolves.toBe(0);
    await again.screenshot({ path: `${SHOTS}/text-zh-${mode}.png`, fullPage: true });
    await again.setViewportSize({ width: 390, height: 844 });
    await again.screenshot({ path: `${SHOTS}/text-zh-phone-${mode}.png`, fullPage: true });
    await expect(again.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await again.close();
  });

  it('handles bad input with messages and keeps working', async () => {
    const page = await open('?page=text&lang=en&text=~%E2%96%88corrupt%%');
    await page.locator('.notice-text', { hasText: '“text”' }).waitFor();
    const input = page.getByTestId('text-input');
    // Empty text.
    await input.fill('');
    await page.getByTestId('text-status').filter({ hasText: 'Type something' }).waitFor();
    // Lone surrogate, ZWJ emoji, combining mark, right-to-left, control characters.
    const hostile = 'a\uD83D b 👨‍👩‍👧 e\u0301 مرحبا \u0007\u0000 end';
    await page.evaluate((text) => {
      const el = document.querySelector<HTMLTextAreaElement>('[data-testid="text-input"]')!;
      el.value = text;
      el.dispatchEvent(new Event('input'));
    }, hostile);
    await page.getByTestId('text-warnings').filter({ hasText: 'unpaired surrogate' }).waitFor();
    // The rows of this text, not of an earlier one: one character token per
    // code point of the repaired text (the lone surrogate becomes U+FFFD).
    const repaired = hostile.toWellFormed();
    const rowCount = (tokenizer: string) => page.locator(`[data-tokenizer="${tokenizer}"] [data-testid="row-count"]`).textContent();
    await page.waitForFunction(
      (want) => document.querySelector('[data-tokenizer="chars"] [data-testid="row-count"]')?.textContent === want,
      `${[...repaired].length} tokens`,
      { timeout: 60_000 },
    );
    await expect(rowCount('bytes')).resolves.toBe(`${new TextEncoder().encode(repaired).length} tokens`);
    await expect(page.locator('[data-tokenizer="chars"] .chip', { hasText: '\uFFFD' }).count()).resolves.toBe(1);
    await expect(page.locator('.token-row').count()).resolves.toBe(7);
    await expect(page.locator('.token-row .fail').count()).resolves.toBe(0);
    // A 1 MB paste: capped with a message, and the page stays responsive:
    // no main-thread task of the page's own until every row is drawn is long
    // enough to freeze it. The browser's own layout of the pasted text in the
    // textarea comes first and is not the page's work: Chromium 148 takes
    // 3-4.6 s to wrap this mix of Latin and CJK (a bare textarea on a blank
    // page too; 0.3 s for one script), so it is laid out and timed before
    // the watch starts.
    const paste = await page.evaluate(async () => {
      const el = document.querySelector<HTMLTextAreaElement>('[data-testid="text-input"]')!;
      const laidOut = performance.now();
      el.value = 'token 词 '.repeat(140_000);
      void el.offsetHeight;
      const textareaMs = performance.now() - laidOut;
      await new Promise((resolve) => setTimeout(resolve, 0));
      const tasks: number[] = [];
      const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
      observer.observe({ type: 'longtask' });
      const started = performance.now();
      el.dispatchEvent(new Event('input'));
      const handlerMs = performance.now() - started;
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (document.querySelector('[data-tokenizer="chars"] [data-testid="row-count"]')?.textContent === '100000 tokens') resolve();
          else if (performance.now() - started > 120_000) reject(new Error('the rows of the 1 MB paste were never drawn'));
          else setTimeout(check, 20);
        };
        check();
      });
      const drawnMs = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 200));
      observer.disconnect();
      return { textareaMs, handlerMs, drawnMs, longestTaskMs: Math.max(0, handlerMs, ...tasks) };
    });
    console.log(
      `1 MB paste (${mode}): the browser laid the textarea out in ${Math.round(paste.textareaMs)} ms; ` +
        `the input handler took ${Math.round(paste.handlerMs)} ms, rows drawn in ${Math.round(paste.drawnMs)} ms, ` +
        `longest main-thread task ${Math.round(paste.longestTaskMs)} ms`,
    );
    // Usually 140-430 ms here; one run in eight took 1.57 s (the rows'
    // structured clone arriving under GC), so the bar sits at 2.5 s: it
    // still fails a page that cuts or draws the paste on the main thread
    // (a 3 s freeze), without failing CI on a slow moment.
    expect(paste.longestTaskMs).toBeLessThan(2_500);
    await page.getByTestId('text-warnings').filter({ hasText: 'Only the first 100,000 characters' }).waitFor();
    await page.locator('.not-drawn').first().waitFor();
    const link = new URL(page.url());
    expect(link.searchParams.get('text')).toBeNull();
    await page.close();
  });
});
