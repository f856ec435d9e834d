// The Embeddings lab in a real browser: word2vec trained in the worker on
// the Tang poems (the CPU, to the end of its epochs) and on pasted text
// (both backends): the loss falls, neighbours and the map appear, an
// analogy answers, and the link round-trips with a notice for a bad value.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
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
    // UMAP lays the same vectors out in a worker of its own; the choice goes in the link.
    await page.locator('[data-knob="proj"]').selectOption('umap');
    await page.getByTestId('w2v-map').and(page.locator('[data-projection="umap"]')).waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get('proj')).toBe('umap');
    if (mode === 'cpu') {
      // Trained long enough on the CPU, cat's nearest is dog, red's is green.
      await expect(near.locator('tr[data-token="cat"] [data-testid="w2v-near-now"]').textContent()).resolves.toMatch(/^dog /);
      await expect(near.locator('tr[data-token="red"] [data-testid="w2v-near-now"]').textContent()).resolves.toMatch(/^green /);
    }
    // Any chart or view saves as a PNG named for the lab, the view and the day.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('w2v-loss-save').click()]);
    expect(download.suggestedFilename()).toMatch(/^kindling-representations-w2v-loss-\d{4}-\d{2}-\d{2}\.png$/);
    const png = readFileSync((await download.path()) ?? '');
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.length).toBeGreaterThan(2000);
    const [mapFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('w2v-map-save').click()]);
    expect(mapFile.suggestedFilename()).toMatch(/^kindling-representations-map-/);
    await page.getByTestId('w2v-analogy-run').click();
    await page.getByTestId('w2v-analogy').and(page.locator('[data-answers]')).waitFor();
    await page.screenshot({ path: `${SHOTS}/representations-text-${mode}.png`, fullPage: true });
    // Keep it: the file brings its text, knobs and vectors into a fresh page set up on the Tang poems.
    const catRow = near.locator('tr[data-token="cat"] [data-testid="w2v-near-now"]');
    const trainedNear = await catRow.textContent();
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('w2v-export').click()]);
    expect(saved.suggestedFilename()).toMatch(/^kindling-representations-word2vec-\d{4}-\d{2}-\d{2}\.safetensors$/);
    const file = (await saved.path()) ?? '';
    await page.close();
    const fresh = await open('?page=representations&lang=en&near=cat,red');
    await ready(fresh);
    await fresh.getByTestId('w2v-import').setInputFiles(file);
    const fileResult = fresh.getByTestId('w2v-file-result');
    await fileResult.and(fresh.locator('[data-loaded]')).waitFor({ timeout: 120_000 });
    const freshCat = fresh.getByTestId('w2v-near').locator('tr[data-token="cat"] [data-testid="w2v-near-now"]');
    await expect(freshCat.textContent()).resolves.toBe(trainedNear);
    await expect(fresh.getByTestId('own-text').inputValue()).resolves.toBe(FAMILIES);
    expect(new URL(fresh.url()).searchParams.get('unit')).toBe('words');
    // A damaged file is refused, and the imported vectors stay.
    await fresh.getByTestId('w2v-import').setInputFiles({ name: 'damaged.safetensors', mimeType: 'application/octet-stream', buffer: readFileSync(file).subarray(0, 100) });
    await fileResult.and(fresh.locator('[data-refused]')).waitFor({ timeout: 60_000 });
    await expect(fileResult.textContent()).resolves.toContain('cut short or damaged');
    // Asked again, the engine's vectors answer as before: the kept run is the imported one.
    await fresh.getByTestId('w2v-near').evaluate((el) => el.replaceChildren());
    await fresh.getByTestId('w2v-near-input').fill('cat,red');
    await fresh.getByTestId('w2v-near-input').dispatchEvent('change');
    await freshCat.waitFor();
    await expect(freshCat.textContent()).resolves.toBe(trainedNear);
    await fresh.close();
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
    // The count baselines on the same poems: PPMI + SVD neighbours and bigram followers.
    await page.getByTestId('counts-run').click();
    const counted = page.getByTestId('counts-out').locator('tr[data-token="月"]');
    await counted.locator('[data-testid="counts-svd"]').waitFor({ timeout: 120_000 });
    expect((await counted.locator('[data-testid="counts-svd"]').textContent())?.split(' · ').length).toBe(6);
    expect((await counted.locator('[data-testid="counts-next"]').textContent())?.split(' · ').length).toBe(6);
    console.log(`counts on the Tang poems (${mode}): ${await page.getByTestId('counts-status').textContent()}`);
    await page.screenshot({ path: `${SHOTS}/representations-tang-zh-${mode}.png`, fullPage: true });
    await page.close();
  });

  it('trains a VAE on the digits: reconstructions sharpen, the code plane fills and decodes under the pointer', async () => {
    // SwiftShader runs a step of the default VAE in seconds: a smaller one there.
    const page = await open(`?page=representations&lang=en&corpus=text&z=2&${mode === 'cpu' ? 'hid=128&aebatch=128' : 'hid=64&aebatch=32&aelr=0.003'}`);
    const status = page.getByTestId('ae-status');
    await status.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 180_000 });
    const evaluation = page.getByTestId('ae-eval');
    await evaluation.and(page.locator('[data-mse]')).waitFor({ timeout: 120_000 });
    const before = Number(await evaluation.getAttribute('data-mse'));
    await page.getByTestId('ae-train').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="ae-throughput"]')?.getAttribute('data-steps') ?? 0) >= n, mode === 'cpu' ? 300 : 30, { timeout: 200_000 });
    await page.getByTestId('ae-train').click();
    await page.getByTestId('ae-train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 200_000 });
    const after = Number(await evaluation.getAttribute('data-mse'));
    expect(after).toBeLessThan(0.7 * before);
    expect(Number(await evaluation.getAttribute('data-kl'))).toBeGreaterThan(0);
    console.log(`VAE (${mode}): pixel MSE ${before.toFixed(4)} → ${after.toFixed(4)}, ${Math.round(Number(await page.getByTestId('ae-throughput').getAttribute('data-ips')))} digits/s`);
    await expect(page.getByTestId('ae-pairs').locator('canvas').count()).resolves.toBe(32);
    // Keep it: export the trained model, start a fresh one, import the file: the same test error.
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ae-export').click()]);
    expect(saved.suggestedFilename()).toMatch(/^kindling-representations-vae-\d{4}-\d{2}-\d{2}\.safetensors$/);
    const file = (await saved.path()) ?? '';
    await page.getByTestId('ae-reset').click();
    await page.waitForFunction((trained) => {
      const mse = document.querySelector('[data-testid="ae-eval"]')?.getAttribute('data-mse');
      return mse != null && mse !== String(trained);
    }, after, { timeout: 120_000 });
    await page.getByTestId('ae-import').setInputFiles(file);
    const fileResult = page.getByTestId('ae-file-result');
    await fileResult.and(page.locator('[data-loaded]')).waitFor({ timeout: 120_000 });
    await page.waitForFunction((trained) => document.querySelector('[data-testid="ae-eval"]')?.getAttribute('data-mse') === String(trained), after, { timeout: 60_000 });
    // A damaged file is refused with a message, and the loaded model stays.
    await page.getByTestId('ae-import').setInputFiles({ name: 'damaged.safetensors', mimeType: 'application/octet-stream', buffer: readFileSync(file).subarray(0, 100) });
    await fileResult.and(page.locator('[data-refused]')).waitFor({ timeout: 60_000 });
    await expect(fileResult.textContent()).resolves.toContain('cut short or damaged');
    await page.waitForFunction((trained) => document.querySelector('[data-testid="ae-eval"]')?.getAttribute('data-mse') === String(trained), after, { timeout: 60_000 });
    // The pointer over the plane decodes that point; how long it took is reported.
    const plane = page.getByTestId('ae-plane');
    await plane.scrollIntoViewIfNeeded();
    const box = await plane.boundingBox();
    if (!box) throw new Error('no plane');
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
    await page.getByTestId('ae-decoded').and(page.locator('[data-ms]')).waitFor();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.4);
    console.log(`VAE (${mode}): a point decoded in ${Number(await page.getByTestId('ae-decoded').getAttribute('data-ms')).toFixed(1)} ms`);
    await page.getByTestId('ae-grid-run').click();
    await page.getByTestId('ae-grid').and(page.locator('[data-cells="225"]')).waitFor();
    // A digit drawn on the pad is encoded to a point on the plane.
    const pad = page.getByTestId('ae-pad');
    await pad.scrollIntoViewIfNeeded();
    const padBox = await pad.boundingBox();
    if (!padBox) throw new Error('no pad');
    await page.mouse.move(padBox.x + padBox.width * 0.5, padBox.y + padBox.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(padBox.x + padBox.width * 0.5, padBox.y + padBox.height * 0.8, { steps: 8 });
    await page.mouse.up();
    const drawnAt = page.getByTestId('ae-drawn-at');
    await drawnAt.and(page.locator('[data-x]')).waitFor();
    expect(Number.isFinite(Number(await drawnAt.getAttribute('data-x')))).toBe(true);
    await page.getByTestId('ae-panel').screenshot({ path: `${SHOTS}/representations-vae-${mode}.png` });
    await page.close();
  });

  // Three VAEs × 200 steps: SwiftShader takes a second or more per step, so
  // the CPU trains them; the VAE test above runs the same kernels on WebGPU.
  only('cpu')('cpu only: trains β = 0, 1 and 4 side by side: the KL term falls as β grows', async () => {
    const page = await open('?page=representations&lang=en&corpus=text&bsteps=200&hid=128&aebatch=128&aelr=0.003');
    await page.getByTestId('ae-status').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 180_000 });
    await page.getByTestId('beta-run').click();
    const table = page.getByTestId('beta-table');
    await table.and(page.locator('[data-done="true"]')).waitFor({ timeout: 400_000 });
    const kl = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.kl)));
    const mse = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.mse)));
    console.log(`β 0/1/4 after 200 steps (${mode}): KL ${kl.map((v) => v.toFixed(2)).join(' / ')}, pixel MSE ${mse.map((v) => v.toFixed(4)).join(' / ')}`);
    expect(kl).toHaveLength(3);
    expect(kl[0]!).toBeGreaterThan(kl[1]!);
    expect(kl[1]!).toBeGreaterThan(kl[2]!);
    await expect(page.getByTestId('beta').locator('canvas').count()).resolves.toBe(3);
    await page.getByTestId('beta').screenshot({ path: `${SHOTS}/representations-beta-${mode}.png` });
    await page.close();
  });

  onlyOn(mode, 'cpu')('CPU backend only: sets one word in two sentences through MiniLM against word2vec’s single vector', async () => {
    const page = await open('?page=representations&lang=en&corpus=text');
    const out = page.getByTestId('ctx-out');
    await page.getByTestId('ctx-run').click();
    await out.and(page.locator('[data-last]')).waitFor({ timeout: 180_000 });
    const depths = out.getByTestId('ctx-depths').locator('tbody tr');
    await expect(depths.count()).resolves.toBe(8);
    // The table row is the same vector in both sentences; the layers part them.
    await expect(depths.first().locator('td').textContent()).resolves.toContain('1.000');
    const twoSenses = Number(await out.getAttribute('data-last'));
    expect(twoSenses).toBeLessThan(0.9);
    await expect(out.getByTestId('ctx-nearest-0').textContent()).resolves.toContain('bank');
    await expect(out.getByTestId('ctx-static').textContent()).resolves.toContain('Train word2vec');
    // The same sense twice: wait for the new answer, not the one on the page.
    await page.getByTestId('ctx-preset-bankSame').click();
    await page.waitForFunction((before) => {
        const last = document.querySelector('[data-testid="ctx-out"]')?.getAttribute('data-last');
        return last != null && last !== String(before);
      }, twoSenses, { timeout: 120_000 });
    const sameSense = Number(await out.getAttribute('data-last'));
    console.log(`MiniLM (${mode}): bank river/money ${twoSenses.toFixed(3)}, money/money ${sameSense.toFixed(3)} after the last layer`);
    expect(sameSense).toBeGreaterThan(twoSenses);
    expect(new URL(page.url()).searchParams.get('cs2')).toBe('The bank raised its interest rates.');
    // A word that is not in a sentence is refused with a message; the page keeps working.
    await page.getByTestId('ctx-cw').fill('river');
    await page.getByTestId('ctx-run').click();
    await expect(page.getByTestId('ctx-refused').textContent()).resolves.toContain('is not in');
    await page.getByTestId('ctx-preset-apple').click();
    await page.waitForFunction((before) => {
        const last = document.querySelector('[data-testid="ctx-out"]')?.getAttribute('data-last');
        return last != null && last !== String(before);
      }, sameSense, { timeout: 120_000 });
    // A Chinese word MiniLM cannot read is named as such.
    await page.getByTestId('ctx-cs1').fill('我给妈妈打电话。');
    await page.getByTestId('ctx-cs2').fill('我们下午去打篮球。');
    await page.getByTestId('ctx-cw').fill('打');
    await page.getByTestId('ctx-run').click();
    await page.getByTestId('ctx-unknown').waitFor({ timeout: 120_000 });
    await page.getByTestId('ctx').screenshot({ path: `${SHOTS}/representations-contextual-${mode}.png` });
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
