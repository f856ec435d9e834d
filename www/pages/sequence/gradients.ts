// Gradient through time: how much of the last character's loss gradient
// reaches the hidden state t steps earlier, for a plain RNN, an LSTM and a
// GRU on the same windows of text, on a log scale. A slope down to the left
// is the vanishing gradient; the LSTM's and GRU's gates keep it flatter.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { GradientFlow } from '../../engine/protocol';
import { t } from '../../i18n';
import type { SequenceState } from './params';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { select } from '../../ui/knobs';
import { CELL_COLOURS, CELLS } from './colours';

export type GradientPanel = { element: HTMLElement; refresh: () => Promise<void>; setReady: (ready: boolean) => void };

export function gradientPanel(props: {
  client: EngineClient;
  state: () => SequenceState;
  setState: (patch: Partial<SequenceState>) => void;
}): GradientPanel {
  let ready = false;
  const chart = lineChart({
    title: t('sequence.gttChart'),
    xLabel: t('sequence.stepsBack'),
    yLabel: t('sequence.gradNorm'),
    logY: true,
    integerX: true,
    height: 260,
    testid: 'gtt-chart',
    series: CELLS.map((c) => ({ label: t(`sequence.cell.${c}`), colour: CELL_COLOURS[c] })),
  });
  const summary = h('ul', { class: 'gtt-summary', 'data-testid': 'gtt-summary' });
  const button = h('button', { type: 'button', 'data-testid': 'measure', disabled: true }, t('sequence.measure'));
  const problem = h('div', { 'aria-live': 'polite' });
  const knobs = h('div', { class: 'controls' });
  // One select: it shows its own new value, so nothing needs rebuilding.
  knobs.append(
    select(props.state(), 'gtt', [10, 20, 40, 80, 160], t('sequence.gttLength'), (patch) => {
      props.setState(patch);
      void refresh();
    }, String, 's'),
    button,
  );

  const show = (flow: GradientFlow) => {
    chart.clear();
    const length = flow.runs[0]?.norms.length ?? 0;
    for (let back = 0; back < length; back++) {
      chart.push(
        back,
        flow.runs.map((r) => {
          const v = r.norms[length - 1 - back] ?? 0;
          return v > 0 && Number.isFinite(v) ? v : null;
        }),
      );
    }
    summary.replaceChildren(
      ...flow.runs.map((r) => {
        const first = r.norms[0] ?? 0;
        const last = r.norms[length - 1] ?? 1;
        const reach = last > 0 ? first / last : 0;
        const item = h(
          'li',
          { 'data-cell': r.cell, 'data-reach': String(reach) },
          h('strong', {}, t(`sequence.cell.${r.cell}`)),
          ' ',
          r.steps > 0 ? t('sequence.trainedSteps', { steps: r.steps.toLocaleString() }) : t('sequence.untrained'),
          ': ',
          t('sequence.reach', { back: length - 1, ratio: reach.toExponential(1) }),
        );
        item.style.borderLeftColor = CELL_COLOURS[r.cell];
        return item;
      }),
    );
  };

  // The newest measurement wins; `setReady` (a new network) drops the ones
  // in flight (engine/latest.ts).
  const measure = latest((length: number) => props.client.request({ type: 'sequenceGradients', length }).done);
  const refresh = async () => {
    if (!ready) return;
    button.disabled = true;
    problem.replaceChildren();
    try {
      const reply = await measure(props.state().gtt);
      if (reply !== STALE) show(reply.value);
    } catch (err) {
      problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: (err as Error).message })));
    } finally {
      button.disabled = !ready;
    }
  };
  button.addEventListener('click', () => void refresh());

  return {
    element: h('section', { class: 'panel', 'data-testid': 'gtt-panel' }, h('h2', {}, t('sequence.gttTitle')), h('p', { class: 'muted' }, t('sequence.gttHelp')), knobs, problem, chart.element, summary),
    refresh,
    setReady: (on) => {
      measure.reset();
      ready = on;
      button.disabled = !on;
      if (!on) {
        chart.clear();
        summary.replaceChildren();
      }
    },
  };
}
