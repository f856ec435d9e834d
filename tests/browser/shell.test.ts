// The platform end to end, in a real browser, on both backends: the shell,
// the device check, forced backends, links, recovery, offline, and that no
// request leaves the origin.
import { describe, expect, inject, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { browserSession, cpuBadge, engineReady, engineReadyOn, expectedThreads, type GpuMode, onlyOn } from './browser';

const base = inject('baseUrl');
const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

/** Wait until the service worker has taken `page` (the first visit's install), so its downloads are cached. */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

describe.each<GpuMode>(['webgpu', 'cpu'])('on %s', (mode) => {
  const session = browserSession(mode);
  const open = session.open;
  const recorder = () => session.recorder();
  const setOffline = (offline: boolean) => session.context().setOffline(offline);

  it('renders the shell with zero console errors', async () => {
    const before = recorder().errors.length;
    const page = await open('?lang=en');
    await expect(page.locator('.brand').textContent()).resolves.toContain('Kindling');
    const labs = await page.locator('[data-lab]').evaluateAll((els) => els.map((e) => e.getAttribute('data-lab')));
    expect(labs).toEqual(['questions', 'text', 'transformer', 'vision', 'sequence', 'gpt', 'lora', 'precision', 'representations', 'concepts', 'check']);
    await expect(page.locator('.card-coming').count()).resolves.toBe(0);
    await expect(page.locator('footer').textContent()).resolves.toMatch(/Kindling \d+\.\d+\.\d+/);
    await engineReadyOn(page, mode);
    await page.screenshot({ path: `${SHOTS}/home-en-${mode}.png`, fullPage: true });
    expect(recorder().errors.slice(before)).toEqual([]);
    await page.close();
  });

  it('passes the device check on the active backend', async () => {
    const page = await open('?page=engine&lang=en');
    const verdict = page.getByTestId('check-verdict');
    await verdict.waitFor({ timeout: 180_000 });
    await expect(verdict.getAttribute('data-passed')).resolves.toBe('true');
    await expect(page.locator('tr[data-check][data-passed="true"]').count()).resolves.toBe(2);
    await engineReadyOn(page, mode);
    // Each backend loads its own engine build: the CPU engine holds no WebGPU
    // and is the smaller; the page is isolated (the server sends the
    // headers), so the CPU runs on every core.
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    const build = page.getByTestId('engine-build');
    const threads = await expectedThreads(page);
    await expect(build.getAttribute('data-build')).resolves.toBe(mode === 'webgpu' ? 'gpu' : threads > 1 ? 'threads' : 'cpu');
    await expect(build.textContent()).resolves.toMatch(
      mode === 'webgpu' ? /GPU engine, [\d.]+ MB of wasm/ : threads > 1 ? new RegExp(`threaded CPU engine, [\\d.]+ MB of wasm, on ${threads} threads`) : /CPU engine, [\d.]+ MB of wasm/,
    );
    // The engine says how much memory it holds: at least the wasm module's own data and the check's matrices.
    const memory = page.getByTestId('engine-memory');
    await memory.and(page.locator('[data-bytes]')).waitFor();
    expect(Number(await memory.getAttribute('data-bytes'))).toBeGreaterThan(1_000_000);
    await page.screenshot({ path: `${SHOTS}/engine-en-${mode}.png`, fullPage: true });
    await page.close();
  });

  it('honours a forced backend', async () => {
    const forced = mode === 'webgpu' ? 'cpu' : 'webgpu';
    const page = await open(`?page=engine&lang=en&backend=${forced}`);
    // Either way the CPU engine runs (on every core): without an adapter the GPU engine is not even fetched.
    await engineReadyOn(page, 'cpu');
    if (forced === 'webgpu') {
      // No adapter: the engine falls back to the CPU and says why.
      await expect(page.locator('.notice-text').first().textContent()).resolves.toMatch(/WebGPU is not available/);
    }
    await page.getByTestId('check-verdict').waitFor({ timeout: 180_000 });
    await expect(page.getByTestId('check-verdict').getAttribute('data-passed')).resolves.toBe('true');
    await page.close();
  });

  it('round-trips a share link', async () => {
    const page = await open('?page=engine&lang=zh');
    await page.selectOption('#size-select', '1024');
    await page.getByTestId('share').click();
    await page.locator('.notice-info').first().waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).searchParams.get('n')).toBe('1024');
    expect(new URL(copied).searchParams.get('lang')).toBe('zh');
    await page.close();

    const again = await open(new URL(copied).search);
    await expect(again.locator('#size-select').inputValue()).resolves.toBe('1024');
    await expect(again.locator('html').getAttribute('lang')).resolves.toBe('zh-Hans');
    await expect(again.locator('h1').textContent()).resolves.toBe('设备检查');
    await again.close();
  });

  it('falls back to defaults with a notice for a malformed link', async () => {
    const page = await open('?v=7&page=engine&lang=en&n=99999&backend=quantum&bogus=%F0%9F%94%A5');
    const notices = page.locator('.notice-text');
    await notices.first().waitFor();
    const text = (await notices.allTextContents()).join('\n');
    expect(text).toContain('“n” (99999)');
    expect(text).toContain('“backend” (quantum)');
    expect(text).toContain('unknown parameter “bogus”');
    expect(text).toContain('different version');
    await expect(page.locator('#size-select').inputValue()).resolves.toBe('512');
    // The bad values are gone from the address bar.
    expect(new URL(page.url()).searchParams.get('n')).toBeNull();
    // The bad backend became `auto`: the CPU in both sessions (no adapter, or a software one passed over).
    await engineReady(page);
    await expect(page.getByTestId('backend').getAttribute('data-backend')).resolves.toBe('cpu');
    await page.close();
  });

  it('passes over a software adapter unless WebGPU is forced', async () => {
    const page = await open('?page=engine&lang=zh&backend=auto');
    const badge = await engineReady(page);
    await expect(page.getByTestId('backend').getAttribute('data-backend')).resolves.toBe('cpu');
    if (mode === 'webgpu') {
      // SwiftShader is there but draws in software: the CPU backend runs, and the badge and a notice say why.
      expect(badge).toBe('CPU · 已跳过软件 GPU');
      await expect(page.getByTestId('backend').getAttribute('data-engine')).resolves.toBe((await expectedThreads(page)) > 1 ? 'threads' : 'cpu');
      await expect(page.locator('.notice-text', { hasText: '软件模拟' }).first().textContent()).resolves.toMatch(/swiftshader/i);
      await page.screenshot({ path: `${SHOTS}/engine-zh-software-${mode}.png`, fullPage: true });
      // Forcing it from the Device page's backend choice runs WebGPU on that same adapter.
      await page.selectOption('#backend-select', 'webgpu');
      await page.getByTestId('backend').and(page.locator('[data-backend="webgpu"]')).waitFor({ timeout: 180_000 });
      await expect(page.getByTestId('backend').getAttribute('data-engine')).resolves.toBe('gpu');
      expect(new URL(page.url()).searchParams.get('backend')).toBe('webgpu');
    } else {
      // No adapter at all: plain CPU, no word of a software adapter, and the GPU engine is never fetched.
      await engineReadyOn(page, 'cpu');
    }
    await page.getByTestId('check-verdict').and(page.locator('[data-passed="true"]')).waitFor({ timeout: 180_000 });
    await page.close();
  });

  it('measures and cancels matrix products', async () => {
    const page = await open('?page=engine&lang=en&n=128');
    await engineReadyOn(page, mode);
    await page.getByTestId('measure').click();
    const gflops = page.getByTestId('gflops');
    await gflops.waitFor({ timeout: 120_000 });
    // The measured figure, not its two decimals: SwiftShader at 128² can show 0.00 on a busy machine.
    expect(Number(await gflops.getAttribute('data-gflops'))).toBeGreaterThan(0);
    await page.selectOption('#size-select', '512');
    await page.getByTestId('measure').click();
    await page.getByTestId('cancel').click();
    await page.getByTestId('cancelled').waitFor({ timeout: 120_000 });
    await page.close();
  });

  onlyOn(mode, 'webgpu')('WebGPU only: falls back to the CPU when the GPU device is lost', async () => {
    const page = await open('?page=engine&lang=en');
    expect(await engineReady(page)).toMatch(/^WebGPU/);
    await page.evaluate(() => {
      const { client } = (window as unknown as { kindling: { client: import('../../www/engine/client').EngineClient } })
        .kindling;
      void client.request({ type: 'loseDevice' }).done.catch(() => undefined);
    });
    await page.locator('.notice-text', { hasText: 'GPU device was lost' }).waitFor();
    await page.getByTestId('backend').and(page.locator('[data-backend="cpu"]')).waitFor({ timeout: 180_000 });
    await page.getByTestId('check-verdict').and(page.locator('[data-passed="true"]')).waitFor({ timeout: 180_000 });
    await page.close();
  });

  it('reloads with the network off after one visit', async () => {
    const page = await open('?page=engine&lang=en');
    await engineReadyOn(page, mode);
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
      return registration.active?.state;
    });
    if (mode === 'webgpu') {
      // The GPU engine is not precached: the page has it stored once the service worker is in charge.
      await page.waitForFunction(async () => (await caches.keys()).includes('kindling-gpu-engine') && (await (await caches.open('kindling-gpu-engine')).keys()).length === 1, null, { timeout: 60_000, polling: 250 });
    }
    await setOffline(true);
    try {
      await page.reload();
      await expect(page.locator('h1').textContent()).resolves.toBe('Device check');
      await engineReadyOn(page, mode);
      await page.getByTestId('check-verdict').and(page.locator('[data-passed="true"]')).waitFor({ timeout: 180_000 });
    } finally {
      await setOffline(false);
      await page.close();
    }
  });

  it('is installable: a manifest with drawn icons, and Chromium finds no installability error', async () => {
    const page = await open('?lang=en');
    await engineReadyOn(page, mode);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('./manifest.webmanifest');
    const manifestUrl = new URL(href ?? '', page.url()).toString();
    const manifest = await page.evaluate(async (url) => (await fetch(url)).json(), manifestUrl);
    expect(manifest).toMatchObject({ short_name: 'Kindling', display: 'standalone', start_url: './', scope: './', theme_color: '#c2410c' });
    for (const icon of manifest.icons as { src: string; type: string }[]) {
      const got = await page.evaluate(async (url) => {
        const response = await fetch(url);
        return { ok: response.ok, type: response.headers.get('content-type') ?? '', bytes: (await response.arrayBuffer()).byteLength };
      }, new URL(icon.src, manifestUrl).toString());
      expect(got.ok, icon.src).toBe(true);
      expect(got.type, icon.src).toContain(icon.type.split('+')[0] ?? icon.type);
      expect(got.bytes, icon.src).toBeGreaterThan(300);
    }
    // Chromium's own verdict: what would stop it offering to install the page.
    const cdp = await page.context().newCDPSession(page);
    // Playwright's contexts are off the record, where Chromium never installs
    // ('in-incognito'); any other reason (manifest, icons, service worker) fails.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
    await page.close();
  });

  onlyOn(mode, 'cpu')('cpu only: lists what it keeps on the device, with sizes, and deletes a downloaded file', async () => {
    // Controlled by the service worker first, so the Text lab's downloads are cached.
    const first = await open('?page=check&lang=en');
    await engineReadyOn(first, mode);
    await controlled(first);
    await first.close();
    const lab = await open('?page=text&lang=en');
    await lab.locator('[data-tokenizer="wordpiece"] [data-testid="row-count"]').waitFor({ timeout: 120_000 });
    await lab.close();
    const page = await open('?page=check&lang=en');
    const table = page.getByTestId('storage-table');
    const engine = table.locator('tr[data-kind="engine"]');
    await engine.first().waitFor({ timeout: 60_000 });
    // Only the CPU engines, single-threaded and threaded: the GPU engine is kept only where it runs.
    const engines = await engine.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-path'), Number(r.getAttribute('data-bytes'))] as const));
    expect(engines.map(([path]) => path?.replace(/-[\w-]+\.wasm$/, '')).sort()).toEqual(['assets/kindling_cpu_bg', 'assets/kindling_cpu_mt_bg']);
    for (const [, bytes] of engines) expect(bytes).toBeGreaterThan(5_000_000);
    expect(Number(await table.locator('tr[data-kind="shell"]').getAttribute('data-bytes'))).toBeGreaterThan(10_000);
    const data = table.locator('tr[data-kind="data"][data-path^="data/text/"]');
    await data.first().waitFor();
    const path = (await data.first().getAttribute('data-path')) ?? '';
    await expect(page.getByTestId('storage-summary').textContent()).resolves.toMatch(/Shell .+, engine .+ MB/);
    await data.first().getByRole('button').click();
    await table.locator(`tr[data-path="${path}"]`).waitFor({ state: 'detached' });
    const stillCached = await page.evaluate(async (p) => Boolean(await caches.match(new URL(p, document.baseURI).toString())), path);
    expect(stillCached).toBe(false);
    await page.close();
  });

  onlyOn(mode, 'cpu')('cpu only: says why a lab will not work offline when the browser will not keep its download', async () => {
    const first = await open('?page=check&lang=en');
    await engineReadyOn(first, mode);
    await controlled(first);
    // The site's storage is full: what it holds now and 64 KB more (the Vision lab's digits are 7.9 MB).
    const origin = new URL(first.url()).origin;
    const { usage } = await first.evaluate(async () => navigator.storage.estimate());
    const cdp = await first.context().newCDPSession(first);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (usage ?? 0) + 65_536 });
    try {
      const lab = await open('?page=vision&lang=en');
      // The lab works online all the same: its network is ready to train.
      await lab.getByTestId('train').and(lab.locator(':not([disabled])')).waitFor({ timeout: 180_000 });
      const notice = lab.locator('.notice-warn .notice-text', { hasText: 'not offline' });
      await notice.waitFor({ timeout: 30_000 });
      // Chromium's storage estimate still reports the real quota under the override, so the page cannot tell "full" here and gives the general reason.
      await expect(notice.textContent()).resolves.toMatch(/would not keep mnist-10k\.bin \(7\.\d MB\) on this device/);
      const kept = await lab.evaluate(async () => Boolean(await caches.match(new URL('data/vision/mnist-10k.bin', document.baseURI).toString())));
      expect(kept).toBe(false);
      await lab.close();
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await first.close();
    }
  });

  it('switches language and looks right at phone width', async () => {
    const page = await open('?lang=en');
    await page.getByRole('button', { name: '简体中文' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('实验室');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('zh');
    await engineReadyOn(page, mode);
    await page.screenshot({ path: `${SHOTS}/home-zh-${mode}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/home-zh-phone-${mode}.png`, fullPage: true });
    await page.goto(new URL('?page=engine&lang=en', base).toString());
    await page.getByTestId('check-verdict').waitFor({ timeout: 180_000 });
    await page.screenshot({ path: `${SHOTS}/engine-en-phone-${mode}.png`, fullPage: true });
    // Nothing is wider than the phone: no sideways scrolling of the page.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await page.close();
  });
});

// The crash test makes the engine log its panic on purpose: it has a session
// of its own, so that every other test's session still fails on any console
// error.
describe.each<GpuMode>(['webgpu', 'cpu'])('on %s, after a crash', (mode) => {
  const crashSession = browserSession(mode, { allowErrors: true });

  it('restarts the engine after a crash and keeps working', async () => {
    const page = await crashSession.open('?page=engine&lang=en');
    await engineReadyOn(page, mode);
    // The threaded engine crashes on one of its pool's threads, whose panic reaches the page on its own channel.
    const threaded = (await page.getByTestId('backend').getAttribute('data-engine')) === 'threads';
    expect(threaded).toBe(mode === 'cpu' && (await expectedThreads(page)) > 1);
    const message = await page.evaluate(async () => {
      const { client } = (window as unknown as { kindling: { client: import('../../www/engine/client').EngineClient } })
        .kindling;
      try {
        await client.request({ type: 'crash' }).done;
        return 'no error';
      } catch (err) {
        return String(err);
      }
    });
    expect(message).toMatch(threaded ? /crash.* on one of rayon's threads/ : /crash/);
    await page.locator('.notice-text', { hasText: 'The engine crashed' }).waitFor();
    // One crash, one restart, one notice.
    await expect(page.locator('.notice-text', { hasText: 'The engine crashed' }).count()).resolves.toBe(1);
    await engineReadyOn(page, mode);
    await page.getByTestId('run-check').click();
    await page.getByTestId('check-verdict').waitFor();
    await expect(page.getByTestId('check-verdict').getAttribute('data-passed')).resolves.toBe('true');
    await page.close();
  });
});
