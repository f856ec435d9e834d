// Two tabs of Kindling training at once: each tab has its own engine
// worker, and both keep training (and pause) while the other runs.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, engineReadyOn } from './browser';

describe('two tabs on cpu', () => {
  const session = browserSession('cpu');
  const steps = (page: Page) => page.getByTestId('ae-throughput').getAttribute('data-steps').then(Number);

  it('trains in two tabs at once, and both keep working', async () => {
    const tabs = await Promise.all(['1', '2'].map((seed) => session.open(`?page=representations&lang=en&corpus=text&hid=64&aebatch=32&aeseed=${seed}`)));
    for (const tab of tabs) {
      await engineReadyOn(tab, 'cpu');
      await tab.getByTestId('ae-status').and(tab.locator('[data-ready="true"]')).waitFor({ timeout: 180_000 });
    }
    for (const tab of tabs) await tab.getByTestId('ae-train').click();
    // Both advance while both run: each passes 100 steps, then each is still counting.
    for (const tab of tabs) {
      await tab.waitForFunction(() => Number(document.querySelector('[data-testid="ae-throughput"]')?.getAttribute('data-steps') ?? 0) >= 100, undefined, { timeout: 180_000 });
    }
    const counted = await Promise.all(tabs.map(steps));
    for (const [i, tab] of tabs.entries()) {
      await tab.waitForFunction((n) => Number(document.querySelector('[data-testid="ae-throughput"]')?.getAttribute('data-steps') ?? 0) > (n ?? 0), counted[i], { timeout: 60_000 });
    }
    for (const tab of tabs) {
      await tab.getByTestId('ae-train').click();
      await tab.getByTestId('ae-train').and(tab.locator('[data-idle="true"]')).waitFor({ timeout: 60_000 });
      expect(Number(await tab.getByTestId('ae-eval').getAttribute('data-mse'))).toBeLessThan(0.2);
    }
    // Different seeds, different models: two engines, not one shared.
    const mse = await Promise.all(tabs.map((tab) => tab.getByTestId('ae-eval').getAttribute('data-mse')));
    expect(mse[0]).not.toBe(mse[1]);
    for (const tab of tabs) await tab.close();
  });
});
