// The guide bar: a guided run's step, shown above the lab it opened. A step
// link carries `guide=<question>.<step>`; the bar says what to look at, asks
// for the prediction (kept with the learner's progress), then runs the step
// by pressing the lab's own button and waits for the lab to publish the
// readings the step names (www/ui/readings.ts). The measured value and the
// choice it picks appear beside the prediction; nothing is recorded in
// advance, so what the learner sees is what this page just measured.
import { getLang, t } from '../../i18n';
import { h } from '../../ui/dom';
import { lastReading, onReading, readingsSeq, type Reading } from '../../ui/readings';
import { QUESTIONS } from './bank';
import { MEASURES } from './measures';
import { loadProgress, saveProgress } from './progress';
import type { Measure, Question, Step, Text } from './types';
import { scrollBehaviour } from '../../ui/motion';

/** `<question>.<step>`: the link's form of a step. */
export function guideKey(question: Question, index: number): string {
  return `${question.id}.${index}`;
}

/** `<question>:<step>`: the step's key in progress and measures. */
export function stepKey(question: Question, index: number): string {
  return `${question.id}:${index}`;
}

/** Every step a link can guide (the `guide` parameter's values). */
export const GUIDE_KEYS: readonly string[] = QUESTIONS.flatMap((q) => q.steps.map((_, i) => guideKey(q, i)));

/** `page`'s link with the step's own parameters and its guide added. */
export function stepLink(href: (page: string) => string, question: Question, index: number): string {
  const step = question.steps[index] as Step;
  const url = new URL(href(step.lab), window.location.href);
  for (const [name, value] of Object.entries(step.params)) url.searchParams.set(name, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  url.searchParams.set('guide', guideKey(question, index));
  return `${url.pathname}${url.search}`;
}

/** The value as the step shows it. */
export function showValue(measure: Measure, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return measure.show ? measure.show(value) : Number(value.toPrecision(3)).toLocaleString(getLang() === 'zh' ? 'zh-CN' : 'en');
}

/** How long the guide waits for the lab's button to be ready, and then for the readings. */
const READY_MS = 300_000;
const POLL_MS = 200;

function button(testid: string): HTMLButtonElement | null {
  const found = document.querySelector<HTMLButtonElement>(`[data-testid="${testid}"]`);
  return found && !found.disabled && !found.hidden ? found : null;
}

/** Resolve when the lab's button `testid` is there and enabled (the engine and model ready), or never if `signal` aborts. */
function whenReady(testid: string, signal: AbortSignal): Promise<HTMLButtonElement | null> {
  return new Promise((resolve) => {
    const started = performance.now();
    const poll = () => {
      if (signal.aborted) return resolve(null);
      const found = button(testid);
      if (found) return resolve(found);
      if (performance.now() - started > READY_MS) return resolve(null);
      setTimeout(poll, POLL_MS);
    };
    poll();
  });
}

export type GuideBarProps = {
  /** The `guide` parameter: `<question>.<step>`. */
  guide: string;
  /** The page on screen: the bar shows only on the step's own lab. */
  page: string;
  href: (page: string) => string;
};

/** The bar for `props.guide`, or null when the link names no step of this page. */
export function guideBar(props: GuideBarProps): { element: HTMLElement; dispose: () => void } | null {
  const dot = props.guide.lastIndexOf('.');
  const question = QUESTIONS.find((q) => q.id === props.guide.slice(0, dot));
  const index = Number(props.guide.slice(dot + 1));
  const step: Step | undefined = question?.steps[index];
  if (!question || !step || step.lab !== props.page) return null;
  const lang = getLang();
  const say = (text: Text) => text[lang];
  const key = stepKey(question, index);
  const measure = step.predict ? MEASURES[key] : undefined;
  const progress = loadProgress();
  const abort = new AbortController();
  let unsubscribe = () => {};

  const back = h('a', { href: `${props.href('questions')}&q=${encodeURIComponent(question.id)}`, 'data-testid': 'guide-question' }, say(question.title));
  const items: HTMLElement[] = [
    h('p', { class: 'guide-title' }, `${t('questions.guide.step', { step: index + 1, steps: question.steps.length })} · `, back),
    h('p', {}, say(step.look)),
  ];

  const result = h('p', { class: 'guide-result', 'aria-live': 'polite', 'data-testid': 'guide-measured' });
  const yours = () => progress.predictions[key];
  let shown: { value: number; choice: number; earlier: boolean } | null = null;
  const showResult = (value: number, choice: number, earlier: boolean) => {
    if (!step.predict || !measure) return;
    shown = { value, choice, earlier };
    const picked = step.predict.choices[choice];
    const guess = yours();
    const verdict = guess === undefined ? t('questions.guide.noGuess') : guess === choice ? t('questions.guide.right') : t('questions.guide.wrong', { yours: say(step.predict.choices[guess] ?? { en: '?', zh: '?' }) });
    const label = earlier ? t('questions.guide.earlier') : t('questions.guide.measured');
    result.textContent = `${label} ${say(measure.what)} = ${showValue(measure, value)}: ${picked ? say(picked) : '?'}. ${verdict}`;
    // The data attributes mark a value measured on this page, not one remembered.
    if (earlier) return;
    result.dataset.value = String(value);
    result.dataset.choice = String(choice);
  };

  if (step.predict) {
    const choices = step.predict.choices.map((choice, c) => {
      const input = h('input', { type: 'radio', name: `guide-${key}`, value: String(c), checked: yours() === c });
      input.addEventListener('change', () => {
        progress.predictions[key] = c;
        saveProgress(progress);
        if (shown) showResult(shown.value, shown.choice, shown.earlier);
      });
      return h('label', { class: 'choice' }, input, ` ${say(choice)}`);
    });
    items.push(h('fieldset', { class: 'predict' }, h('legend', {}, `${t('questions.predict')} ${say(step.predict.ask)}`), ...choices));
  }

  if (measure) {
    const run = h('button', { type: 'button', class: 'primary', 'data-testid': 'guide-run' }, t('questions.guide.run'));
    const status = h('span', { class: 'muted', 'data-testid': 'guide-status' });
    const finish = (values: number[]) => {
      unsubscribe();
      const value = measure.value ? measure.value(values) : (values[0] as number);
      const choice = measure.pick(value);
      progress.measured[key] = { value, choice };
      saveProgress(progress);
      showResult(value, choice, false);
      status.textContent = '';
      run.disabled = false;
      // Pause a training lab that is still running (its Train button is a toggle).
      if (measure.stop) void pause(measure.stop);
    };
    /** Resolve with the readings `names` (each at or after step `after`) published from now on. */
    const awaitReadings = (names: readonly string[], after: number | undefined): Promise<number[]> =>
      new Promise((resolve) => {
        const since = readingsSeq();
        const got = new Map<string, number>();
        const take = (reading: Reading) => {
          if (!names.includes(reading.name)) return;
          if (after !== undefined && (reading.step ?? 0) < after) return;
          got.set(reading.name, reading.value);
          if (got.size === names.length) {
            unsubscribe();
            resolve(names.map((name) => got.get(name) as number));
          }
        };
        unsubscribe();
        unsubscribe = onReading((reading) => {
          if (reading.seq > since) take(reading);
        });
      });
    /**
     * Press `testid` once the lab has it enabled (false when it never was),
     * calling `arm` just before: readings count from the press, not from
     * whatever the lab published while it was getting ready.
     */
    const press = async (testid: string, arm: () => void): Promise<boolean> => {
      const target = await whenReady(testid, abort.signal);
      if (!target) return false;
      arm();
      target.scrollIntoView({ block: 'center', behavior: scrollBehaviour() });
      target.click();
      return true;
    };
    /** Pause a Train/Pause toggle that is running, and wait until its run has settled. */
    const pause = async (testid: string) => {
      const stop = button(testid);
      if (stop && stop.getAttribute('aria-pressed') !== 'false') stop.click();
      const started = performance.now();
      while (!abort.signal.aborted && performance.now() - started < READY_MS) {
        const toggle = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
        if (!toggle || toggle.dataset.idle === 'true' || !toggle.hasAttribute('aria-pressed')) break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    const notReady = () => {
      if (abort.signal.aborted) return;
      unsubscribe();
      status.textContent = t('questions.guide.notReady');
      run.disabled = false;
    };
    run.addEventListener('click', async () => {
      run.disabled = true;
      result.textContent = '';
      delete result.dataset.value;
      delete result.dataset.choice;
      status.textContent = t('questions.guide.waiting');
      if (measure.before) {
        const before = measure.before;
        let prepared: Promise<number[]> = Promise.resolve([]);
        if (!(await press(before.press, () => (prepared = awaitReadings(before.readings, before.after))))) return notReady();
        status.textContent = t('questions.guide.preparing');
        await prepared;
        await pause(before.stop);
      }
      if (!measure.press) {
        // The lab measures as it opens: what it has measured already counts.
        const known = measure.readings.map((name) => lastReading(name));
        if (known.every((r) => r && (measure.after === undefined || (r.step ?? 0) >= measure.after))) {
          finish(known.map((r) => (r as Reading).value));
          return;
        }
        finish(await awaitReadings(measure.readings, measure.after));
        return;
      }
      let measured: Promise<number[]> = Promise.resolve([]);
      if (!(await press(measure.press, () => (measured = awaitReadings(measure.readings, measure.after))))) return notReady();
      status.textContent = t('questions.guide.running');
      finish(await measured);
    });
    items.push(h('p', { class: 'controls' }, run, ' ', status));
    const last = progress.measured[key];
    if (last) showResult(last.value, last.choice, true);
    items.push(result);
  }

  const next = index + 1 < question.steps.length ? h('a', { class: 'button', href: stepLink(props.href, question, index + 1), 'data-testid': 'guide-next' }, `${t('questions.guide.next')} →`) : h('a', { class: 'button', href: `${props.href('questions')}&q=${encodeURIComponent(question.id)}` }, t('questions.guide.backToQuestion'));
  items.push(h('p', {}, next));

  const element = h('section', { class: 'guide panel', 'aria-label': t('questions.guide.label'), 'data-testid': 'guide', 'data-step': key }, ...items);
  return {
    element,
    dispose: () => {
      abort.abort();
      unsubscribe();
    },
  };
}
