// The Embeddings lab in a real browser: word2vec trained in the worker on
// the Tang poems (the CPU, to the end of its epochs) and on pasted text
// (both backends): the loss falls, neighbours and the map appear, an
// analogy answers, and the link round-trips with a notice for a bad value.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { browserSession, engineReadyOn, type GpuMode, onlyOn } from './browser';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

/** Two families of words that share contexts by construction, written out as plain English. */
const FAMILIES = [
  'the cat sat on the mat', 'the dog sat on the mat', 'the cat ate the fish', 'the dog ate the bone',
  'a red apple fell from the tree', 'a green apple fell from the tree', 'a red pear hung on the tree', 'a green pear hung on the tree',
].join('\n').concat('\n').repeat(40);

describe.each<GpuMode>(['webgpu', 'cpu'])('representations lab on %s', (mode) => {
  const session = browserSession(mode);
  const only = onlyOn.bind(null, mode);

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, mode);
    return page;
  }
  const ready = (page: Page) => page.getByTestId('w2v-status').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 180_000 });
  const untilSteps = (page: Page, n: number) =>
    page.waitForFunction((n) => Number(document.querySelector('[data-testid="w2v-throughput"]')?.getAttribute('data-steps') ?? 0) >= n, n, { timeout: 200_000 });
  const pause = async (page: Page) => {
    await page.getByTestId('w2v-train').click();
    await page.getByTestId('w2v-train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 200_000 });
  };

  it('learns word vectors from pasted text: the loss falls and the families find each other', async () => {
    const page = await open(`?page=representations&lang=en&unit=words&dim=16&window=2&batch=64&epochs=50&sub=0&lr=0.05&near=cat,red`);
    await page.locator('[data-corpus="text"]').click();
    await page.getByTestId('own-text').evaluate((el, text) => {
      (el as HTMLTextAreaElement).value = text;
      el.dispatchEvent(new Event('change'));
    }, FAMILIES);
    await ready(page);
    await expect(page.getByTestId('w2v-info').textContent()).resolves.toContain('tokens get a vector');
    await page.getByTestId('w2v-train').click();
    await untilSteps(page, mode === 'cpu' ? 400 : 60);
    await pause(page);
    const speed = page.getByTestId('w2v-throughput');
    const first = Number(await speed.getAttribute('data-first-loss'));
    const recent = Number(await speed.getAttribute('data-recent-loss'));
    // log 2 per term at the start: (1 + 5 negatives) · 0.693.
    expect(first).toBeGreaterThan(3.5);
    expect(recent).toBeLessThan(first * 0.8);
    // Neighbours come back for known tokens; a pause redraws the map.
    const near = page.getByTestId('w2v-near');
    await near.locator('tr[data-token="cat"] [data-testid="w2v-near-now"]').waitFor();
    await page.getByTestId('w2v-map').and(page.locator('[data-points]')).waitFor();
    if (mode === 'cpu') {
      // Trained long enough on the CPU, cat's nearest is dog, red's is green.
      await expect(near.locator('tr[data-token="cat"] [data-testid="w2v-near-now"]').textContent()).resolves.toMatch(/^dog /);
      await expect(near.locator('tr[data-token="red"] [data-testid="w2v-near-now"]').textContent()).resolves.toMatch(/^green /);
    }
    await page.getByTestId('w2v-analogy-run').click();
    await page.getByTestId('w2v-analogy').and(page.locator('[data-answers]')).waitFor();
    await page.screenshot({ path: `${SHOTS}/representations-text-${mode}.png`, fullPage: true });
    await page.close();
  });

  only('cpu')('cpu only: trains on the Tang poems to the end of its epoch, in Chinese', async () => {
    const page = await open('?page=representations&lang=zh&dim=25&vocab=1000&batch=2048&epochs=1&lr=0.05');
    await ready(page);
    await page.getByTestId('w2v-train').click();
    await page.getByTestId('w2v-status').and(page.locator('[data-finished="true"]')).waitFor({ timeout: 200_000 });
    const speed = page.getByTestId('w2v-throughput');
    expect(Number(await speed.getAttribute('data-epochs'))).toBeGreaterThanOrEqual(1);
    console.log(`word2vec on the Tang poems (${mode}): ${Math.round(Number(await speed.getAttribute('data-eps')))} examples/s`);
    expect(Number(await speed.getAttribute('data-recent-loss'))).toBeLessThan(Number(await speed.getAttribute('data-first-loss')));
    // The first epoch's neighbours are kept beside the final ones.
    await page.getByTestId('w2v-near').locator('tr[data-token="月"] [data-testid="w2v-near-now"]').waitFor();
    await page.screenshot({ path: `${SHOTS}/representations-tang-zh-${mode}.png`, fullPage: true });
    await page.close();
  });

  it('round-trips its link and resets a bad value with a notice', async () => {
    const page = await open('?page=representations&lang=en&method=cbow&dim=999&near=sun');
    const notices = await page.locator('.notice-text').allTextContents();
    expect(notices.some((n) => n.includes('dim'))).toBe(true);
    const url = new URL(page.url());
    expect(url.searchParams.get('method')).toBe('cbow');
    expect(url.searchParams.get('dim')).toBeNull();
    await expect(page.locator('[data-knob="method"]').inputValue()).resolves.toBe('cbow');
    await page.close();
  });
});
