// The built site served from a sub-path (/some/path/kindling/), as a
// static host that is not the root would serve it: the shell, a lab's data
// assets, the engine worker and its wasm, the device check, the service
// worker's scope and an offline reload all stay under that path.
import { describe, expect, inject, it } from 'vitest';
import { browserSession, engineReadyOn } from './browser';

const base = inject('subPathUrl');

describe('served from a sub-path', () => {
  const session = browserSession('cpu', { base });

  it('runs the shell, a lab and the device check under the sub-path, and reloads offline', async () => {
    expect(new URL(base).pathname).toBe('/some/path/kindling/');
    const page = await session.open('?lang=en');
    await engineReadyOn(page, 'cpu');
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
      await engineReadyOn(page, 'cpu');
    } finally {
      await session.context().setOffline(false);
    }
    // Every request stayed under the sub-path: nothing assumed the root.
    const outside = session.recorder().requests.filter((url) => !url.startsWith(base) && !/^(data|blob):/.test(url));
    expect(outside).toEqual([]);
    await page.close();
  });
});
