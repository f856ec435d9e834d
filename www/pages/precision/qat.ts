// PTQ against QAT, from one GPT: an f32 run keeps training and is
// quantized after each round (post-training), two runs train with int8 and
// int4 fake quantization (QAT), all on the same batches for the same
// steps; their held-out bits per character as an integer kernel would run
// them.
import type { EngineClient } from '../../engine/client';
import type { QatProgress, QatSetup } from '../../engine/protocol';
import { t } from '../../i18n';
import { lineChart, type LineChart } from '../../ui/chart';
import { h, tableRow } from '../../ui/dom';
import { check, liveKnobs, select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import { trainRounds } from '../../ui/rounds';
import { GRANULARITIES, type PrecisionState } from './params';

export type QatProps = {
  client: EngineClient;
  state: () => PrecisionState;
  setState: (patch: Partial<PrecisionState>) => void;
};

const COLOURS = ['#334155', '#f59e0b', '#2563eb', '#dc2626', '#7c3aed'];

export function qatPanel(props: QatProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let generation = 0;
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'precision-qat-status' });
  const runButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'precision-qat-run' }, t('precision.qat.run'));
  const stopButton = h('button', { type: 'button' }, t('precision.stop'));
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
  const result = h('table', { class: 'cost-table', 'data-testid': 'precision-qat-result' });
  const knobs = liveKnobs<PrecisionState>(
    (onChange) => {
      const s = props.state();
      return h(
        'div',
        { class: 'controls' },
        select(s, 'qgran', GRANULARITIES, t('precision.granularity'), onChange, (v) => t(`precision.gran.${v}`), 'q'),
        check(s, 'qsym', t('precision.symmetric'), onChange, 'q'),
        select(s, 'qsteps', [20, 50, 100, 200, 500, 1000], t('precision.steps'), onChange, String, 'q'),
        select(s, 'qlr', [0.0001, 0.0005, 0.001, 0.003], t('training.lr'), onChange, String, 'q'),
        select(s, 'qbatch', [4, 8, 16, 32], t('precision.batch'), onChange, String, 'q'),
        select(s, 'cnnsteps', [50, 100, 300, 1000], t('precision.cnnSteps'), onChange, String, 'q'),
      );
    },
    (patch) => props.setState(patch),
  );

  const run = async () => {
    const mine = ++generation;
    const s = props.state();
    busy = true;
    sync();
    result.replaceChildren();
    delete result.dataset.done;
    status.textContent = t('training.preparing');
    try {
      const model = s.model === 'miniLm' ? 'builtGpt' : s.model;
      if (model === 'cnn') status.textContent = t('precision.cnnTraining', { step: 0, steps: s.cnnsteps });
      const setup: QatSetup = (
        await client.request({
          type: 'precisionQatSetup',
          model,
          symmetric: s.qsym,
          granularity: s.qgran,
          settings: { lr: s.qlr, batch: s.qbatch, seed: s.seed, heldOut: s.held },
          cnnSteps: s.cnnsteps,
        }, (p) => {
          if (p.stage === 'training') status.textContent = t('precision.cnnTraining', { step: p.loaded, steps: p.total });
        }).done
      ).value;
      if (mine !== generation) return;
      const accuracy = setup.metric === 'accuracy';
      // Accuracy in percent; bits per character as they come.
      const show = (v: number | undefined) => (v == null ? NaN : accuracy ? 100 * v : v);
      const labels = [t('precision.qat.f32'), t('precision.qat.ptq', { bits: 8 }), t('precision.qat.qat', { bits: 8 }), t('precision.qat.ptq', { bits: 4 }), t('precision.qat.qat', { bits: 4 })];
      const chart: LineChart = lineChart({
        title: accuracy ? t('precision.qat.chartAccuracy') : t('precision.qat.chart'),
        xLabel: t('training.steps'),
        yLabel: accuracy ? t('precision.table.accuracy') : t('gpt.bpc'),
        series: labels.map((label, i) => ({ label, colour: COLOURS[i] ?? '#000', dash: i === 1 || i === 3 })),
        integerX: true,
        testid: 'precision-qat-chart',
      });
      chartBox.replaceChildren(chart.element);
      const p8 = show(setup.ptqScores[0]);
      const p4 = show(setup.ptqScores[1]);
      const f0 = show(setup.f32Score);
      chart.push(0, [f0, p8, p8, p4, p4]);
      let last = [f0, p8, p8, p4, p4];
      const ok = await trainRounds<QatProgress>({
        round: async (steps, evaluate) => (await client.request({ type: 'precisionQatTrain', steps, evaluate }).done).value,
        diverged: (p) => p.runs.every((r) => r.diverged),
        steps: s.qsteps,
        alive: () => mine === generation,
        onRound: (p, ms) => {
          const [f, q8, q4] = p.runs;
          const at = f?.steps ?? 0;
          if (f?.score != null) {
            last = [show(f.score), show(f.ptqScores[0]), show(q8?.score ?? undefined), show(f.ptqScores[1]), show(q4?.score ?? undefined)];
            chart.push(at, last.map((v) => (Number.isFinite(v) ? v : null)));
          }
          status.textContent = t('precision.progress', { step: at, steps: s.qsteps, s: (ms / 1000).toFixed(0) });
        },
      });
      if (mine !== generation) return;
      if (!ok) throw new Error(t('gpt.diverged'));
      const before = [f0, p8, p8, p4, p4];
      const cell = (v: number | undefined) => (v == null || !Number.isFinite(v) ? '–' : accuracy ? `${v.toFixed(2)}%` : v.toFixed(3));
      result.replaceChildren(
        h('thead', {}, tableRow([t('precision.qat.model'), t('precision.qat.before'), t('precision.qat.after', { steps: s.qsteps })], true)),
        h('tbody', {}, ...labels.map((label, i) => tableRow([label, cell(before[i]), cell(last[i])]))),
      );
      result.dataset.last = JSON.stringify(last);
      result.dataset.done = 'true';
      // Where the runs ended: PTQ of the f32 run and QAT, both at int4.
      publish('precision.qat.ptq4', last[3] ?? NaN, s.qsteps);
      publish('precision.qat.qat4', last[4] ?? NaN, s.qsteps);
      status.textContent = t('precision.qat.done', { steps: s.qsteps, params: setup.params.toLocaleString() });
    } catch (err) {
      if (mine === generation) status.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      if (mine === generation) {
        busy = false;
        sync();
      }
    }
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
    h('h2', {}, t('precision.qat.title')),
    h('p', { class: 'muted' }, t('precision.qat.intro')),
    knobs.element,
    h('div', { class: 'controls' }, runButton, stopButton),
    status,
    chartBox,
    h('div', { class: 'table-scroll' }, result),
  );
  return {
    element,
    dispose: () => {
      generation++;
      unsubscribe();
    },
  };
}
