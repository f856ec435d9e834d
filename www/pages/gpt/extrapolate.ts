// The positions experiment: the learner's GPT trained five times on the
// same text with the same seed and steps, once per positional encoding (and
// once with none), at a context of at most 64; then each one's held-out
// loss at every position up to four times that context, the training
// length marked. What happens past it is measured here, not asserted.
import type { EngineClient } from '../../engine/client';
import type { GptSettings, Positions, TextSource } from '../../engine/protocol';
import { t } from '../../i18n';
import { lineChart } from '../../ui/chart';
import { h, tableRow } from '../../ui/dom';
import { publish } from '../../ui/readings';
import { LINEUP_BATCH, LINEUP_WARMUP, trainLineup } from './lineup';
import { POSITIONS, type GptState } from './params';

/** Longest context the experiment trains at. */
const MAX_CONTEXT = 64;
/** How far past it the loss is read. */
const FACTOR = 4;
/** Windows averaged for the loss at each position. */
const WINDOWS = 64;
/** Points on the position chart: positions are averaged in buckets. */
const POINTS = 64;

export const POSITION_COLOURS: Record<Positions, string> = {
  none: '#737373',
  learned: '#2563eb',
  sinusoidal: '#16a34a',
  rope: '#c2410c',
  alibi: '#9333ea',
};

export function extrapolatePanel(props: {
  client: EngineClient;
  source: () => TextSource;
  settings: () => GptSettings;
  state: () => GptState;
  setState: (patch: Partial<GptState>) => void;
  blocked: () => string | null;
}): { element: HTMLElement; dispose: () => void } {
  let generation = 0;
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'extrapolate-status' });
  const steps = h(
    'select',
    { id: 'x-steps', 'data-testid': 'extrapolate-steps' },
    ...[20, 50, 100, 200, 400, 1000].map((n) => h('option', { value: n, selected: n === props.state().xsteps }, String(n))),
  );
  steps.addEventListener('change', () => props.setState({ xsteps: Number(steps.value) }));
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'extrapolate' }, t('gpt.extrapolate.run'));
  // A request before the engine is up fails: the button waits for it, and for this panel's run.
  let up = false;
  let busy = false;
  const sync = () => {
    button.disabled = !up || busy;
  };
  const unsubscribe = props.client.onStatus((s) => {
    up = s.state === 'ready';
    sync();
  });
  const series = POSITIONS.map((p) => ({ label: t(`gpt.pos.${p}`), colour: POSITION_COLOURS[p] }));
  const holder = h('div', { class: 'charts' });
  let byPosition = lineChart({ title: t('gpt.extrapolate.chart'), xLabel: t('gpt.extrapolate.position'), yLabel: t('gpt.bpc'), series, testid: 'extrapolate-chart' });
  const training = lineChart({ title: t('gpt.extrapolate.training'), xLabel: t('training.steps'), yLabel: t('gpt.bpc'), series, testid: 'extrapolate-training', integerX: true });
  holder.append(byPosition.element, training.element);
  const table = h('table', { class: 'cost-table', 'data-testid': 'extrapolate-table' });

  const run = async () => {
    const why = props.blocked();
    if (why) {
      status.textContent = why;
      return;
    }
    const mine = ++generation;
    const alive = () => mine === generation;
    busy = true;
    sync();
    training.clear();
    table.replaceChildren();
    delete table.dataset.done;
    const base = props.settings();
    const context = Math.min(base.context, MAX_CONTEXT);
    const length = FACTOR * context;
    // A fresh chart for this run's training length mark.
    const fresh = lineChart({
      title: t('gpt.extrapolate.chart'),
      xLabel: t('gpt.extrapolate.position'),
      yLabel: t('gpt.bpc'),
      series,
      testid: 'extrapolate-chart',
      mark: { x: context, label: t('gpt.extrapolate.trained', { n: context }) },
    });
    byPosition.element.replaceWith(fresh.element);
    byPosition = fresh;
    const total = Number(steps.value);
    // A short warm-up, and the cosine decay over this run's steps.
    const schedule = { batch: Math.min(base.batch, LINEUP_BATCH), warmup: Math.min(base.warmup, LINEUP_WARMUP), decay: total };
    const variants = POSITIONS.map((positions) => ({ ...base, ...schedule, positions, context }));
    let charsPerToken = 1;
    try {
      status.textContent = t('training.preparing');
      const ok = await trainLineup({
        client: props.client,
        kind: 'positions',
        source: props.source(),
        variants,
        reach: length,
        steps: total,
        alive,
        onSetup: (s) => {
          charsPerToken = s.charsPerToken;
        },
        onRound: (p, ms) => {
          const at = p.runs[0]?.steps ?? 0;
          if (p.runs.some((r) => r.validLoss != null)) {
            training.push(at, p.runs.map((r) => (r.validLoss != null ? r.validLoss / Math.LN2 / charsPerToken : null)));
          }
          status.textContent = t('gpt.extrapolate.progress', { step: at, steps: total, s: (ms / 1000).toFixed(0) });
        },
      });
      if (!alive()) return;
      if (!ok) throw new Error(t('gpt.diverged'));
      status.textContent = t('gpt.extrapolate.measuring', { length, windows: WINDOWS });
      const reply = await props.client.request({ type: 'gptLineupLosses', kind: 'positions', length, windows: WINDOWS }).done;
      if (!alive()) return;
      const runs = reply.value.runs.map((losses) => losses.map((l) => l / Math.LN2 / charsPerToken));
      const bucket = Math.max(1, Math.floor(length / POINTS));
      for (let start = 0; start < length; start += bucket) {
        const mean = (values: number[]) => {
          const part = values.slice(start, start + bucket);
          return part.length ? part.reduce((a, b) => a + b, 0) / part.length : null;
        };
        byPosition.push(start + bucket / 2, runs.map(mean));
      }
      const span = (values: number[], from: number, to: number) => {
        const part = values.slice(from, to);
        return part.length ? part.reduce((a, b) => a + b, 0) / part.length : Number.NaN;
      };
      table.replaceChildren(
        h('thead', {}, tableRow([t('gpt.pos'), t('gpt.extrapolate.within', { n: context }), t('gpt.extrapolate.upTo', { n: 2 * context }), t('gpt.extrapolate.upTo', { n: length })], true)),
        h(
          'tbody',
          {},
          ...POSITIONS.map((p, i) => {
            const values = runs[i] ?? [];
            return tableRow([t(`gpt.pos.${p}`), ...[span(values, 0, context), span(values, context, 2 * context), span(values, 2 * context, length)].map((v) => (Number.isFinite(v) ? v.toFixed(2) : '–'))]);
          }),
        ),
      );
      // How much each encoding's loss rises past the training length: mean
      // held-out bits per character beyond it less the mean within it.
      const rise = (p: (typeof POSITIONS)[number]) => {
        const values = runs[POSITIONS.indexOf(p)] ?? [];
        return span(values, context, length) - span(values, 0, context);
      };
      publish('gpt.extrapolate.rise.learned', rise('learned'), total);
      publish('gpt.extrapolate.rise.sinusoidal', rise('sinusoidal'), total);
      publish('gpt.extrapolate.rise.rope', rise('rope'), total);
      publish('gpt.extrapolate.rise.alibi', rise('alibi'), total);
      table.dataset.curves = JSON.stringify(runs.map((r) => r.length));
      table.dataset.finite = String(runs.every((r) => r.length === length && r.every(Number.isFinite)));
      table.dataset.done = 'true';
      status.textContent = t('gpt.extrapolate.done', { steps: total, length });
    } catch (err) {
      if (alive()) status.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      if (alive()) {
        busy = false;
        sync();
      }
    }
  };
  button.addEventListener('click', () => void run());

  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'extrapolate-panel' },
    h('h2', {}, t('gpt.extrapolate.title')),
    h('p', { class: 'muted' }, t('gpt.extrapolate.intro', { batch: LINEUP_BATCH, warmup: LINEUP_WARMUP, max: MAX_CONTEXT, factor: FACTOR })),
    h('div', { class: 'controls' }, h('label', { class: 'field', for: 'x-steps' }, t('gpt.extrapolate.steps'), steps), button),
    status,
    holder,
    table,
  );
  return {
    element,
    dispose: () => {
      generation++;
      unsubscribe();
    },
  };
}
