import { launchChromium } from '/work/main/tests/browser/chromium.mjs';
import { preview } from 'vite';
const server = await preview({ configFile: false, build: { outDir: 'dist' }, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
const base = server.resolvedUrls.local[0];
const browser = await launchChromium(process.argv[2] ?? 'cpu');
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(new URL(process.argv[3], base).toString());
await page.getByTestId('seq-status').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 180000 });
console.log('STATUS', await page.getByTestId('seq-status').textContent());
const trainMs = Number(process.argv[4] ?? 20000);
if (trainMs > 0) {
  await page.getByTestId('train').click();
  const t0 = Date.now();
  while (Date.now() - t0 < trainMs) {
    await new Promise((r) => setTimeout(r, 5000));
    console.log('SPEED', await page.getByTestId('throughput').textContent(), await page.getByTestId('bpc').textContent());
  }
  await page.getByTestId('train').click();
  await page.getByTestId('train').and(page.locator('[data-idle="true"]')).waitFor({ timeout: 120000 });
}
await new Promise((r) => setTimeout(r, 1000));
console.log('SAMPLES', await page.getByTestId('sample-text').allTextContents());
console.log('GTT', await page.getByTestId('gtt-summary').textContent());
console.log('NOTICES', await page.locator('.notice').allTextContents());
await page.screenshot({ path: '/tmp/debug.png', fullPage: true });
await browser.close();
server.httpServer.close();
