// The Questions page in a real browser (it runs no model, so once, on the
// CPU fallback): every question listed, Chinese search without word
// boundaries, a question opened from its link, a step opening its lab in
// the state it names without a notice of bad values, and progress kept.
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { browserSession } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

describe('questions page on cpu', () => {
  const session = browserSession('cpu');

  it('lists, searches and opens the questions, and a step opens its lab', async () => {
    const page = await session.open('?page=questions&lang=zh');
    const all = page.locator('details.question');
    const total = await all.count();
    expect(total).toBeGreaterThanOrEqual(40);
    // Chinese search matches inside words: 梯度 is part of 梯度消失.
    await page.getByTestId('questions-find').fill('梯度');
    const shown = Number(await page.getByTestId('questions-find').getAttribute('data-shown'));
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(total);
    await page.getByTestId('questions-find').fill('zzzz-nothing');
    await expect(page.getByTestId('questions-none').isVisible()).resolves.toBe(true);
    await page.getByTestId('questions-find').fill('');
    // Open a question: the link names it, and reopening the link opens it.
    await page.locator('details[data-question="kv-cache-decoding"] > summary').click();
    // (<details> fires 'toggle' in a later task, so wait for the URL to change).
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('kv-cache-decoding');
    await page.locator('details[data-question="kv-cache-decoding"] label.field-inline input').check();
    await expect(page.getByTestId('questions-count').textContent()).resolves.toContain('1 /');
    await page.screenshot({ path: `${SHOTS}/questions-zh-cpu.png`, fullPage: true });
    const again = await session.open(new URL(page.url()).search);
    await expect(again.locator('details[data-question="kv-cache-decoding"]').getAttribute('open')).resolves.not.toBeNull();
    // Progress stayed on the device.
    await expect(again.getByTestId('questions-count').textContent()).resolves.toContain('1 /');
    // A step opens its lab in the state it names, with no notice of bad values.
    const link = again.locator('details[data-question="kv-cache-decoding"] [data-testid="questions-step-link"]').first();
    const lab = await link.getAttribute('data-step-lab');
    await link.click();
    await again.waitForURL((url) => url.searchParams.get('page') === lab);
    await again.locator('.page').first().waitFor();
    // (the CPU fallback's own notice aside: a link's bad or unknown value is named in quotes).
    const notices = await again.locator('.notice-text').allTextContents();
    expect(notices.filter((n) => n.includes('“'))).toEqual([]);
    // A lab's explanations link to the questions its runs answer.
    await again.getByTestId('explain-questions').first().click();
    await again.waitForURL((url) => url.searchParams.get('page') === 'questions' && url.searchParams.get('lab') === lab);
    const forLab = Number(await again.getByTestId('questions-find').getAttribute('data-shown'));
    expect(forLab).toBeGreaterThan(0);
    expect(forLab).toBeLessThan(total);
    await again.close();
    await page.close();
  });
});
