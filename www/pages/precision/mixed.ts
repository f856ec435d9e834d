// Mixed precision on a real training run: a fresh GPT trained five ways
// on the same batches (fp32; fp16 without loss scaling, with a static and
// with a dynamic scale; bf16), with weights and gradients rounded to the
// format; the loss curves, what each scaler did, how many gradients
// vanished, and the last step's gradients on a log2 axis against fp16's
// limits.
import type { EngineClient } from '../../engine/client';
import type { MixedProgress, MixedSetup, MixedSpec, MixedStep } from '../../engine/protocol';
import { t } from '../../i18n';
import { lineChart } from '../../ui/chart';
import { h, tableRow } from '../../ui/dom';
import { liveKnobs, select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import { trainRounds } from '../../ui/rounds';
import { drawLog2Histogram } from './draw';
import type { PrecisionState } from './params';

export type MixedProps = {
  client: EngineClient;
  state: () => PrecisionState;
  setState: (patch: Partial<PrecisionState>) => void;
};

const COLOURS = ['#334155', '#dc2626', '#f59e0b', '#2563eb', '#16a34a'];
const WIDTH = 520;

export function mixedRuns(s: PrecisionState): MixedSpec[] {
  return [
    { format: 'fp32', scaling: { kind: 'none' } },
    { format: 'fp16', scaling: { kind: 'none' } },
    { format: 'fp16', scaling: { kind: 'static', scale: s.scale } },
    { format: 'fp16', scaling: { kind: 'dynamic', initial: s.dyn, interval: s.grow } },
    { format: 'bf16', scaling: { kind: 'none' } },
  ];
}

export function mixedPanel(props: MixedProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let generation = 0;
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'precision-mixed-status' });
  const runButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'precision-mixed-run' }, t('precision.mixed.run'));
  const stopButton = h('button', { type: 'button', 'data-testid': 'precision-mixed-stop' }, t('precision.stop'));
  // A request before the engine is up fails: the button waits for it, and for this panel's run.
  let up = false;
  let busy = false;
  const sync = () => {
    runButton.disabled = !up || busy;
  };
  const unsubscribe = client.onStatus((s) => {
    up = s.state === 'ready';
    sync();
  });
  const chartBox = h('div', { class: 'charts' });
  const result = h('table', { class: 'cost-table', 'data-testid': 'precision-mixed-result' });
  const histogramRun = h('select', { id: 'precision-hrun', 'data-testid': 'precision-hrun' });
  const histogram = h('canvas', { role: 'img', 'aria-label': t('app.chartEmpty'), 'data-testid': 'precision-gradients' });
  const histogramNote = h('p', { class: 'muted' });
  const histogramBox = h(
    'div',
    { hidden: true },
    h('div', { class: 'controls' }, h('label', { class: 'field', for: 'precision-hrun' }, t('precision.mixed.histogramRun'), histogramRun)),
    h('figure', { class: 'chart-figure' }, h('figcaption', {}, t('precision.mixed.histogram')), histogram),
    histogramNote,
  );
  const knobs = liveKnobs<PrecisionState>(
    (onChange) => {
      const s = props.state();
      return h(
        'div',
        { class: 'controls' },
        select(s, 'mxsteps', [50, 100, 300, 1000, 3000], t('precision.steps'), onChange, String, 'x'),
        select(s, 'mxlr', [0.001, 0.003, 0.01], t('training.lr'), onChange, String, 'x'),
        select(s, 'mxbatch', [4, 8, 16, 32], t('precision.batch'), onChange, String, 'x'),
        select(s, 'scale', [8, 128, 1024, 8192, 65536], t('precision.mixed.static'), onChange, String, 'x'),
        select(s, 'dyn', [1024, 65536, 16777216], t('precision.mixed.dynamic'), onChange, String, 'x'),
        select(s, 'grow', [20, 100, 500, 2000], t('precision.mixed.grow'), onChange, String, 'x'),
      );
    },
    (patch) => props.setState(patch),
  );

  const name = (spec: MixedSpec) =>
    spec.format === 'fp32' || spec.format === 'bf16' ? spec.format : t(`precision.mixed.fp16.${spec.scaling.kind}`);

  let latestRound: MixedStep[] = [];
  let setup: MixedSetup | null = null;
  const drawGradients = () => {
    const s = setup;
    const i = Number(histogramRun.value || 0);
    const step = latestRound[i];
    if (!s || !step || step.histogram.length === 0) return;
    histogramBox.hidden = false;
    const fp16 = s.formats.find((f) => f.format === 'fp16');
    const markers = fp16
      ? [
          // Under half the smallest subnormal, a value rounds to 0.
          { at: Math.log2(fp16.smallestSubnormal / 2), label: t('precision.mixed.subnormal'), colour: '#dc2626' },
          { at: Math.log2(fp16.smallestNormal), label: t('precision.mixed.normal'), colour: '#f59e0b' },
          { at: Math.log2(fp16.largest), label: '65504', colour: '#dc2626' },
        ]
      : [];
    drawLog2Histogram(histogram, step.histogram, s.histogramLow, markers, Math.min(WIDTH, Math.max(240, (status.parentElement?.clientWidth ?? WIDTH) - 48)));
    const zeros = step.histogram[step.histogram.length - 1] ?? 0;
    const total = step.histogram.reduce((a, b) => a + b, 0);
    histogramNote.textContent = t('precision.mixed.histogramNote', { scale: step.scale, zeros: zeros.toLocaleString(), total: total.toLocaleString() });
    histogram.setAttribute('aria-label', histogramNote.textContent);
  };
  histogramRun.addEventListener('change', drawGradients);

  const run = async () => {
    const mine = ++generation;
    const s = props.state();
    busy = true;
    sync();
    result.replaceChildren();
    delete result.dataset.done;
    status.textContent = t('training.preparing');
    const runs = mixedRuns(s);
    try {
      setup = (await client.request({ type: 'precisionMixedSetup', runs, settings: { lr: s.mxlr, batch: s.mxbatch, seed: s.seed, heldOut: s.held } }).done).value;
      if (mine !== generation) return;
      histogramRun.replaceChildren(...runs.map((r, i) => h('option', { value: String(i), selected: i === 1 }, name(r))));
      const series = runs.map((r, i) => ({ label: name(r), colour: COLOURS[i] ?? '#000' }));
      const loss = lineChart({ title: t('precision.mixed.chart'), xLabel: t('training.steps'), yLabel: t('precision.mixed.loss'), series, integerX: true, testid: 'precision-mixed-chart' });
      chartBox.replaceChildren(loss.element);
      const totals = runs.map(() => ({ nonzero: 0, vanished: 0, overflow: 0 }));
      const held: (number | null)[] = runs.map(() => null);
      const ok = await trainRounds<MixedProgress>({
        round: async (steps, evaluate) => (await client.request({ type: 'precisionMixedTrain', steps, evaluate }).done).value,
        diverged: (p) => p.runs.every((r) => r.diverged),
        steps: s.mxsteps,
        alive: () => mine === generation,
        onRound: (p, ms) => {
          const at = p.runs[0]?.steps ?? 0;
          const n = Math.max(0, ...p.runs.map((r) => r.losses.length));
          for (let k = 0; k < n; k++) loss.push(at - n + k + 1, p.runs.map((r) => r.losses[k] ?? null));
          p.runs.forEach((r, i) => {
            const total = totals[i];
            if (total) {
              total.nonzero += r.counts.nonzero;
              total.vanished += r.counts.vanished;
              total.overflow += r.counts.overflowSteps;
            }
            if (r.bits != null) held[i] = r.bits;
          });
          if (p.runs.some((r) => r.histogram.length > 0)) {
            latestRound = p.runs;
            drawGradients();
          }
          renderResult(runs, p.runs, totals, held);
          // Each run's share of gradients rounded to 0 so far, as the table shows it (the static scale's aside).
          const vanished = (i: number) => {
            const total = totals[i];
            return total && total.nonzero > 0 ? total.vanished / total.nonzero : 0;
          };
          publish('precision.mixed.vanished.fp32', vanished(0), at);
          publish('precision.mixed.vanished.fp16', vanished(1), at);
          publish('precision.mixed.vanished.dynamic', vanished(3), at);
          publish('precision.mixed.vanished.bf16', vanished(4), at);
          status.textContent = t('precision.progress', { step: at, steps: s.mxsteps, s: (ms / 1000).toFixed(0) });
        },
      });
      if (mine !== generation) return;
      if (!ok) status.textContent = t('precision.mixed.allDiverged');
      else status.textContent = t('precision.mixed.done', { steps: s.mxsteps, params: setup.params.toLocaleString() });
      result.dataset.done = 'true';
    } catch (err) {
      if (mine === generation) status.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      if (mine === generation) {
        busy = false;
        sync();
      }
    }
  };

  const renderResult = (runs: MixedSpec[], steps: MixedStep[], totals: { nonzero: number; vanished: number; overflow: number }[], held: (number | null)[]) => {
    result.replaceChildren(
      h('thead', {}, tableRow([t('precision.mixed.runCol'), t('precision.mixed.scaleCol'), t('precision.mixed.skipped'), t('precision.mixed.overflow'), t('precision.mixed.vanished'), t('precision.mixed.heldOut')], true)),
      h(
        'tbody',
        {},
        ...runs.map((r, i) => {
          const st = steps[i];
          const tot = totals[i] ?? { nonzero: 0, vanished: 0, overflow: 0 };
          const share = tot.nonzero > 0 ? (100 * tot.vanished) / tot.nonzero : 0;
          return tableRow([
            name(r),
            st ? String(st.scale) : '',
            st ? String(st.skipped) : '',
            String(tot.overflow),
            `${share.toFixed(share > 0 && share < 0.01 ? 4 : 2)}%`,
            st?.diverged ? t('precision.mixed.diverged') : held[i] != null ? (held[i] as number).toFixed(3) : '–',
          ]);
        }),
      ),
    );
    result.dataset.vanished = JSON.stringify(totals.map((x) => (x.nonzero > 0 ? x.vanished / x.nonzero : 0)));
    result.dataset.diverged = JSON.stringify(steps.map((s) => s.diverged));
  };

  runButton.addEventListener('click', () => void run());
  stopButton.addEventListener('click', () => {
    generation++;
    busy = false;
    sync();
    status.textContent = t('precision.stopped');
  });

  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('precision.mixed.title')),
    h('p', { class: 'muted' }, t('precision.mixed.intro')),
    knobs.element,
    h('div', { class: 'controls' }, runButton, stopButton),
    status,
    chartBox,
    h('div', { class: 'table-scroll' }, result),
    histogramBox,
  );
  return {
    element,
    dispose: () => {
      generation++;
      unsubscribe();
    },
  };
}
