// Accessibility, checked by axe-core on every page in both languages once
// the engine is ready: no serious or critical WCAG 2.1 A/AA violation.
// (axe is injected as a script, so this session lets the page's CSP pass it.)
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { browserSession, engineReadyOn } from './browser';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = ['home', 'questions', 'text', 'transformer', 'vision', 'sequence', 'gpt', 'lora', 'precision', 'representations', 'concepts', 'engine'];

type Violation = { id: string; impact: string | null; nodes: string[] };

describe('accessibility', () => {
  const session = browserSession('cpu', { bypassCSP: true });

  for (const lang of ['en', 'zh']) {
    for (const name of PAGES) {
      it(`${name} in ${lang} has no serious or critical axe violation`, async () => {
        const page = await session.open(`?page=${name}&lang=${lang}`);
        await engineReadyOn(page, 'cpu');
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang === 'zh' ? 'zh-Hans' : 'en');
        await page.addScriptTag({ content: AXE });
        const violations: Violation[] = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
          const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
          return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
        });
        await page.close();
        expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      });
    }
  }
});
