// The built site served from a sub-path (/some/path/kindling/), as a
// static host that is not the root would serve it: the shell, a lab's data
// assets, the engine worker and its wasm, the device check, the service
// worker's scope and an offline reload all stay under that path. Such a
// host sends no isolation headers: the first visit runs on one thread, and
// the service worker's headers make the next load run on every core.
import { describe, expect, inject, it } from 'vitest';
import { browserSession, engineReadyOn } from './browser';

const base = inject('subPathUrl');

describe('served from a sub-path', () => {
  const session = browserSession('cpu', { base });

  it('runs the shell, a lab and the device check under the sub-path, and reloads offline', async () => {
    expect(new URL(base).pathname).toBe('/some/path/kindling/');
    const page = await session.open('?lang=en');
    await engineReadyOn(page, 'cpu');
    // This host sends no isolation headers, and no service worker is in charge yet: one thread.
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
    // In-page navigation keeps the path; the Text lab fetches its tokenizers from data/ below it.
    await page.locator('[data-lab="text"]').first().click();
    await page.waitForURL((url) => url.searchParams.get('page') === 'text');
    expect(new URL(page.url()).pathname).toBe('/some/path/kindling/');
    await page.locator('[data-tokenizer="wordpiece"] [data-testid="row-count"]').waitFor({ timeout: 120_000 });
    // The device check runs the engine's matrix products.
    await page.goto(new URL('?page=engine&lang=en', base).toString());
    await engineReadyOn(page, 'cpu');
    await page.getByTestId('check-verdict').and(page.locator('[data-passed="true"]')).waitFor({ timeout: 180_000 });
    // The service worker controls the sub-path and nothing above it.
    const scope = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
      return registration.scope;
    });
    expect(scope).toBe(base);
    await session.context().setOffline(true);
    try {
      await page.reload();
      await expect(page.locator('h1').textContent()).resolves.toBe('Device check');
      // Served by the service worker, with the headers it adds: isolated, so on every core.
      expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
      await engineReadyOn(page, 'cpu');
      await page.getByTestId('check-verdict').and(page.locator('[data-passed="true"]')).waitFor({ timeout: 180_000 });
    } finally {
      await session.context().setOffline(false);
    }
    // Every request stayed under the sub-path: nothing assumed the root.
    const outside = session.recorder().requests.filter((url) => !url.startsWith(base) && !/^(data|blob):/.test(url));
    expect(outside).toEqual([]);
    await page.close();
  });
});
