// Every guided run, walked on the CPU fallback as a learner would: each
// step's link opens its lab with the guide bar and no notice of bad values,
// and each step that asks for a prediction is run from the guide bar, which
// presses the lab's own button and waits for the lab to publish what it
// measured; the measured value and the choice it picks must appear.
// (Once, on the CPU: the steps run the same labs the lab tests run on both
// backends; this walks the links and the measurements.) The questions are
// walked in three files (guided-*.test.ts), a third each, so that they share
// the two cores with the other files rather than run alone at the end.
import { describe, expect, it } from 'vitest';
import { QUESTIONS } from '../../www/pages/questions/bank';
import { MEASURES } from '../../www/pages/questions/measures';
import type { Question } from '../../www/pages/questions/types';
import { browserSession, engineReady } from './browser';

/** The step's link, as the Questions page writes it (www/pages/questions/guide.ts, stepLink). */
function link(question: Question, index: number): string {
  const step = question.steps[index];
  if (!step) throw new Error(`${question.id} has no step ${index}`);
  const search = new URLSearchParams({ page: step.lab });
  for (const [name, value] of Object.entries(step.params)) search.set(name, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  search.set('guide', `${question.id}.${index}`);
  return `?${search}`;
}

/** How long one step may take to measure on two slow cores that another test file shares (a model to load, a run to train: the positional encodings' five GPTs took 230 s alone, over 410 s shared). */
const STEP_MS = 600_000;

/** Walk every `parts`-th question from the `part`-th (1-based). */
export function walkGuided(part: number, parts: number): void {
  describe(`guided runs on cpu (${part} of ${parts})`, () => {
    const session = browserSession('cpu');
    const walked = QUESTIONS.filter((q) => !q.coming).filter((_, i) => i % parts === part - 1);

    for (const question of walked) {
      it(`${question.id}: every step opens its lab, and every prediction is measured`, { timeout: question.steps.length * STEP_MS }, async () => {
        for (let index = 0; index < question.steps.length; index++) {
          const step = question.steps[index] as Question['steps'][number];
          const where = `${question.id} step ${index + 1} (${step.lab})`;
          const page = await session.open(link(question, index));
          const guide = page.getByTestId('guide');
          await guide.waitFor();
          await expect(guide.getAttribute('data-step'), where).resolves.toBe(`${question.id}:${index}`);
          // A link's bad or unknown value is named in quotes in its notice.
          const notices = await page.locator('.notice-text').allTextContents();
          expect(notices.filter((n) => n.includes('“')), where).toEqual([]);
          if (step.predict) {
            const measure = MEASURES[`${question.id}:${index}`];
            expect(measure, where).toBeDefined();
            // Predict (the first choice), then run: the result appears only from this run.
            // Once the engine is up: its start can move the page under a click (seen once).
            await engineReady(page);
            await guide.locator('input[type="radio"]').first().check();
            await page.getByTestId('guide-run').click();
            const result = page.locator('[data-testid="guide-measured"][data-choice]');
            await result.waitFor({ timeout: STEP_MS - 10_000 });
            const value = Number(await result.getAttribute('data-value'));
            const choice = Number(await result.getAttribute('data-choice'));
            expect(Number.isInteger(choice) && choice >= 0 && choice < step.predict.choices.length, `${where}: choice ${choice}`).toBe(true);
            console.log(`${where}: measured ${value} → choice ${choice + 1}`);
            expect((await result.textContent()) ?? '', where).not.toBe('');
          }
          await page.close();
        }
      });
    }
  });
}
