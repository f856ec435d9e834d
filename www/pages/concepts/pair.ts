// Two networks trained side by side on the same data and seed, differing
// in one thing (dropout off and on; L1 versus L2): their training and test
// losses on one chart, and whatever each section draws from their insides.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { ConceptsProgress, DataConfig, Experiment, FitProgress, RunConfig } from '../../engine/protocol';
import { t } from '../../i18n';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { trainingControls } from '../../ui/training';

const SLICE_MS = 250;
const COLOURS = ['#c2410c', '#1d4ed8'] as const;

export type PairSection = { element: HTMLElement; setup: () => Promise<void>; dispose: () => void };

export function pairSection(props: {
  client: EngineClient;
  experiment: Experiment;
  /** The two runs' names, for the legend. */
  names: () => [string, string];
  data: () => DataConfig;
  runs: () => [RunConfig, RunConfig];
  /** Draw what the runs' details show. */
  onDetails: (runs: readonly FitProgress[]) => void;
  /** Every reply's runs, after the chart and summary are drawn from them. */
  onProgress?: (runs: readonly FitProgress[], steps: number) => void;
  testid: string;
}): PairSection {
  const { client } = props;
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': `${props.testid}status` });
  const problem = h('div', { 'aria-live': 'assertive' });
  const summary = h('p', { class: 'mono', 'data-testid': `${props.testid}summary` });
  const holder = h('div');
  let chart = makeChart();

  function makeChart() {
    const [a, b] = props.names();
    return lineChart({
      title: t('concepts.pairChart'),
      xLabel: t('training.steps'),
      yLabel: t('training.loss'),
      logY: true,
      testid: `${props.testid}chart`,
      series: [
        { label: `${a} · ${t('concepts.train')}`, colour: COLOURS[0] },
        { label: `${a} · ${t('concepts.test')}`, colour: COLOURS[0], dash: true },
        { label: `${b} · ${t('concepts.train')}`, colour: COLOURS[1] },
        { label: `${b} · ${t('concepts.test')}`, colour: COLOURS[1], dash: true },
      ],
    });
  }

  const show = (p: ConceptsProgress) => {
    const steps = Math.max(...p.runs.map((r) => Number(r.steps)));
    const mean = (xs: readonly number[]) => xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length);
    chart.push(steps, p.runs.flatMap((r) => [r.losses.length ? mean(r.losses) : null, r.testLoss]));
    const [a, b] = props.names();
    const [ra, rb] = p.runs;
    if (ra && rb) {
      summary.textContent = t('concepts.pairSummary', { a, b, at: mean(ra.losses).toFixed(3), ae: ra.testLoss.toFixed(3), bt: mean(rb.losses).toFixed(3), be: rb.testLoss.toFixed(3) });
      summary.dataset.testLosses = `${ra.testLoss},${rb.testLoss}`;
    }
    training.speed.dataset.steps = String(steps);
    training.speed.textContent = t('concepts.speed', { sps: Math.round(p.stepsPerSecond).toLocaleString(), steps: steps.toLocaleString() });
    props.onProgress?.(p.runs, steps);
    if (p.runs.some((r) => r.details)) props.onDetails(p.runs);
    if (p.runs.some((r) => r.diverged)) problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('concepts.diverged')));
  };

  let lastDetails = 0;
  const slice = async (): Promise<boolean> => {
    const details = performance.now() - lastDetails > 1000;
    if (details) lastDetails = performance.now();
    const reply = await pair.guard(client.request({ type: 'conceptsTrain', experiment: props.experiment, budgetMs: SLICE_MS, details }).done);
    if (reply === STALE) return true;
    show(reply.value);
    return !reply.value.runs.every((r) => r.diverged);
  };

  const training = trainingControls({
    slice,
    afterPause: async () => {
      const reply = await pair.guard(client.request({ type: 'conceptsTrain', experiment: props.experiment, budgetMs: 1, details: true }).done);
      if (reply !== STALE) props.onDetails(reply.value.runs);
    },
    onReset: () => void setup(),
    onError: (message) => problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message }))),
    testid: props.testid,
  });

  // Two fresh networks for the newest knobs. Asking for them makes every
  // reply about the pair before stale: its setup and training slices still
  // in flight (engine/latest.ts).
  const pair = latest((data: DataConfig, runs: [RunConfig, RunConfig]) => {
    training.setReady(false);
    chart = makeChart();
    holder.replaceChildren(chart.element);
    summary.textContent = '';
    problem.replaceChildren();
    delete status.dataset.ready;
    return client.request({ type: 'conceptsSetup', experiment: props.experiment, data, runs }).done;
  });
  const setup = async () => {
    try {
      const reply = await pair(props.data(), props.runs());
      if (reply === STALE) return;
      training.setReady(true);
      status.dataset.ready = 'true';
      status.textContent = t('concepts.pairReady', { n: reply.value.train.labels.length, params: (reply.value.params[0] ?? 0).toLocaleString() });
    } catch (err) {
      problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('training.refused', { reason: (err as Error).message })));
    }
  };
  holder.replaceChildren(chart.element);

  return {
    element: h('div', { class: 'pair' }, training.element, status, problem, holder, summary),
    setup,
    dispose: () => {
      pair.reset();
      training.dispose();
    },
  };
}
