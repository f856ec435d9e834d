// A new version deployed behind an open page: two builds (this one, and a
// second `vite build` that names itself a newer version), served in turn from
// one origin. The open page hears of the update and offers it, keeps
// working on the version it started with until the learner accepts, and
// after accepting runs entirely on the new version's files (no old JS with
// new wasm, or the reverse).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { browserSession, engineReadyOn } from './browser';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const NEXT = `${version}-next`;
const work = mkdtempSync(join(tmpdir(), 'kindling-update-'));
const second = join(work, 'next');
/** The build being served: the first, then the second. */
let root = 'dist';
let server: Server;
let base = '';

beforeAll(async () => {
  // The second version: the same sources built again under a newer version name.
  execFileSync('npx', ['vite', 'build', '--outDir', second, '--emptyOutDir', '--logLevel', 'warn'], {
    env: { ...process.env, KINDLING_APP_VERSION: NEXT },
    stdio: 'inherit',
  });
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^[/\\]+/, '');
    let file = join(root, path || 'index.html');
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
}, 240_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

describe('an update behind an open page', () => {
  const session = browserSession('cpu', { base: () => base });

  // Two engine boots, two service-worker installs and two device checks: more than the default 240 s on a slow machine.
  it('is offered, leaves the open page on its version until accepted, then serves only the new files', { timeout: 600_000 }, async () => {
    const assets = (dir: string) => new Set(readdirSync(join(dir, 'assets')));
    const [first, next] = [assets('dist'), assets(second)];
    // The two builds differ (the version is in the main chunk), so there is an update to find.
    expect([...next].filter((name) => !first.has(name)).length).toBeGreaterThan(0);

    const page = await session.open('?page=check&lang=en');
    await engineReadyOn(page, 'cpu');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    await expect(page.locator('footer').textContent()).resolves.toContain(`Kindling ${version} `);

    // Deploy the second version and let the browser find it (as its own check of sw.js would).
    root = second;
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const accept = page.locator('.notice-action', { hasText: 'Reload' });
    await accept.waitFor({ timeout: 120_000 });
    // Until the learner accepts, the open page runs on its own version: the check runs again and passes.
    await page.getByTestId('run-check').click();
    await page.getByTestId('check-verdict').and(page.locator('[data-passed="true"]')).waitFor({ timeout: 180_000 });
    await expect(page.locator('footer').textContent()).resolves.toContain(`Kindling ${version} `);

    // Accept: the page reloads onto the new version, and every file it asks for is the new build's.
    const asked: string[] = [];
    session.context().on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/assets/')) asked.push(url.pathname.slice('/assets/'.length));
    });
    await accept.click();
    await page.locator('footer', { hasText: `Kindling ${NEXT}` }).waitFor({ timeout: 120_000 });
    await engineReadyOn(page, 'cpu');
    await page.getByTestId('check-verdict').and(page.locator('[data-passed="true"]')).waitFor({ timeout: 180_000 });
    expect(asked.length).toBeGreaterThan(2);
    expect(asked.filter((name) => !next.has(name))).toEqual([]);
    expect(asked.some((name) => name.endsWith('.wasm'))).toBe(true);
    await page.close();
  });
});
