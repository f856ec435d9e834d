// The engine speaks the learner's language: on the Chinese page, one refusal
// per lab, each made as a learner or a hand-edited request makes it, must
// read in Chinese (its code and values translated on the page) with no
// English sentence left in it. CPU only: the messages do not depend on the
// backend, and the CPU session is the quicker one.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, engineReadyOn } from './browser';

/** Two English words in a row: a sentence the page failed to translate. */
const ENGLISH = /[A-Za-z]{2,}[\s,;:()]+[A-Za-z]{2,}/;
const CHINESE = /[\u4e00-\u9fff]/;

function readsInChinese(text: string | null): void {
  expect(text).toMatch(CHINESE);
  expect(text).not.toMatch(ENGLISH);
}

describe('engine messages on the Chinese page (cpu only)', () => {
  const session = browserSession('cpu');

  async function open(query: string): Promise<Page> {
    const page = await session.open(query);
    await engineReadyOn(page, 'cpu');
    return page;
  }

  it('vision: a network whose feature map shrinks below its kernel', async () => {
    const convs = [1, 2, 3].map((n) => `k${n}=7&s${n}=3&p${n}=0`).join('&');
    const page = await open(`?page=vision&lang=zh&blocks=3&${convs}`);
    const refused = page.getByTestId('refused');
    await refused.waitFor({ timeout: 120_000 });
    const text = await refused.textContent();
    readsInChinese(text);
    expect(text).toContain('7x7');
    await page.close();
  });

  it('sequence: a text of one character', async () => {
    const page = await open('?page=sequence&lang=zh&hidden=32&embed=16&bptt=16&batch=8');
    await page.locator('[data-corpus="text"]').click();
    await page.getByTestId('own-text').evaluate((el) => {
      (el as HTMLTextAreaElement).value = 'z'.repeat(500);
      el.dispatchEvent(new Event('change'));
    });
    const refused = page.getByTestId('refused').and(page.locator(':text("（z）")'));
    await refused.waitFor({ timeout: 120_000 });
    readsInChinese(await refused.textContent());
    await page.close();
  });

  it('text, transformer, concepts and the device check: refused requests', async () => {
    const page = await open('?page=check&lang=zh');
    const refusals: [unknown, string][] = [
      [{ type: 'encodeBpe', text: 'banana', upto: 3 }, 'text.msg.trainBpeFirst'],
      [{ type: 'head', text: 'hi', layer: 99, head: 0 }, 'transformer.msg.layer'],
      [{ type: 'conceptsRace', race: { surface: 'bowl', lr: 0.05, momentum: 0.9, beta1: 0.9, beta2: 0.999, steps: 0 } }, 'concepts.msg.raceSteps'],
      [{ type: 'matmulBench', sizes: [99_999], minMs: 1 }, 'check.msg.matrixSize'],
    ];
    for (const [body, code] of refusals) {
      const error = await page.evaluate(async (body) => {
        const w = window as unknown as { kindling: { client: { request: (b: unknown) => { done: Promise<unknown> } } } };
        try {
          await w.kindling.client.request(body).done;
          return null;
        } catch (err) {
          const e = err as { name: string; code?: string; message: string; english?: string };
          return { name: e.name, code: e.code, message: e.message, english: e.english };
        }
      }, body);
      expect(error, code).not.toBeNull();
      expect(error?.name).toBe('EngineError');
      expect(error?.code).toBe(code);
      readsInChinese(error?.message ?? null);
      expect(error?.english, 'the English stays beside it').toMatch(ENGLISH);
      expect(error?.english).not.toBe(error?.message);
    }
    await page.close();
  });
});
