// Gradient flow, the Concepts lab's centrepiece: a fully connected net on a
// 2-D problem, as deep and as badly initialised as the learner likes,
// trained live. Its decision region, the gradient norm of every layer on a
// log scale (vanishing slopes down toward the input, exploding up), every
// layer's activations (sigmoid saturation piles up at 0 and 1) and the
// loss, with presets for the textbook cases.
import type { EngineClient } from '../../engine/client';
import type { ConceptsProgress, ConceptsSetup, DataConfig, RunConfig } from '../../engine/protocol';
import { floats } from '../../engine/floats';
import { t, type MessageKey } from '../../i18n';
import { OPTIMIZERS, type ConceptsState } from '../../state/routes';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { check, number, select } from '../../ui/knobs';
import { LossEnds, trainingControls } from '../../ui/training';
import { drawRegion, histogramFigure } from './plots';

type Patch = Partial<ConceptsState>;

export const PRESETS: Record<string, Patch> = {
  stall: { act: 'sigmoid', init: 'xavier', depth: 20, res: false, norm: 'none', opt: 'adam', lr: 0.01 },
  reluHe: { act: 'relu', init: 'he', depth: 20, res: false, norm: 'none', opt: 'adam', lr: 0.01 },
  residual: { act: 'sigmoid', init: 'xavier', depth: 20, res: true, norm: 'none', opt: 'adam', lr: 0.01 },
  batchNorm: { act: 'sigmoid', init: 'xavier', depth: 20, res: false, norm: 'batch', opt: 'adam', lr: 0.01 },
  explode: { act: 'relu', init: 'large', depth: 20, res: false, norm: 'none', opt: 'sgd', lr: 0.01 },
};

export function dataConfig(s: ConceptsState): DataConfig {
  return { dataset: s.ds, noise: s.noise, samples: s.n, seed: s.seed };
}

export function flowRun(s: ConceptsState): RunConfig {
  return {
    net: { depth: s.depth, width: s.width, activation: s.act, init: s.init, residual: s.res, norm: s.norm, dropout: 0 },
    fit: { optimizer: s.opt, lr: s.lr, batch: 32, l1: 0, l2: 0, seed: s.seed },
  };
}

const SLICE_MS = 250;

export function flowSection(props: { client: EngineClient; state: () => ConceptsState; setState: (patch: Patch) => void }): { element: HTMLElement; setup: () => Promise<void>; dispose: () => void } {
  const { client } = props;
  let generation = 0;
  let setupReply: ConceptsSetup | null = null;
  let losses = new LossEnds();
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'flow-status' });
  const problem = h('div', { 'aria-live': 'assertive' });
  const region = h('canvas', { 'data-testid': 'flow-region', role: 'img', 'aria-label': t('cx.regionAria') });
  const gradChart = lineChart({ title: t('cx.gradChart'), xLabel: t('cx.layer'), yLabel: t('cx.gradNorm'), logY: true, integerX: true, testid: 'flow-grads', series: [{ label: '‖∂L/∂W‖', colour: '#c2410c' }] });
  const lossChart = lineChart({ title: t('cx.lossChart'), xLabel: t('vision.steps'), yLabel: t('vision.loss'), testid: 'flow-loss', series: [{ label: t('cx.train'), colour: '#c2410c' }, { label: t('cx.test'), colour: '#1d4ed8', dash: true }] });
  const hists = h('div', { class: 'mini-hists', 'data-testid': 'flow-hists' });
  const gradList = h('p', { class: 'mono muted', 'data-testid': 'flow-grad-summary' });

  const show = (p: ConceptsProgress) => {
    const run = p.runs[0];
    if (!run) return;
    const first = run.steps - run.losses.length;
    run.losses.forEach((l, i) => lossChart.push(first + i + 1, [l, null]));
    if (run.losses.length) lossChart.push(run.steps, [null, run.testLoss]);
    losses.add(run.losses);
    gradChart.clear();
    run.gradNorms.forEach((g, i) => gradChart.push(i + 1, [g > 0 ? g : null]));
    const g = run.gradNorms;
    if (g.length > 1) {
      const ratio = (g[0] ?? 0) / (g[g.length - 2] ?? 1);
      gradList.dataset.ratio = String(ratio);
      gradList.textContent = t('cx.gradRatio', { ratio: ratio.toExponential(1), first: (g[0] ?? 0).toExponential(1), last: (g[g.length - 2] ?? 0).toExponential(1) });
    }
    const speed = training.speed;
    speed.dataset.steps = String(run.steps);
    speed.dataset.recentLoss = String(losses.recent());
    speed.textContent = t('cx.speed', { sps: Math.round(p.stepsPerSecond).toLocaleString(), steps: run.steps.toLocaleString() });
    if (run.details && setupReply) {
      drawRegion(region, floats(run.details.grid), 48, setupReply.train, setupReply.test);
      hists.replaceChildren(...run.details.activations.map((a, i) => histogramFigure(a, t('cx.layerN', { n: i + 1 }))));
    }
    if (run.diverged) {
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'flow-diverged' }, t('cx.diverged')));
    }
  };

  const slice = async (): Promise<boolean> => {
    const mine = generation;
    const reply = await client.request({ type: 'conceptsTrain', experiment: 'flow', budgetMs: SLICE_MS, details: true }).done;
    if (mine !== generation || reply.kind !== 'conceptsProgress') return true;
    show(reply.value);
    return !reply.value.runs.every((r) => r.diverged);
  };

  const training = trainingControls({
    slice,
    onReset: () => void setup(),
    onError: (message) => problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('engine.error', { message }))),
    testid: 'flow-',
  });

  const setup = async () => {
    const mine = ++generation;
    training.setReady(false);
    losses = new LossEnds();
    lossChart.clear();
    gradChart.clear();
    hists.replaceChildren();
    gradList.textContent = '';
    problem.replaceChildren();
    delete status.dataset.ready;
    status.textContent = t('seq.preparing');
    const s = props.state();
    try {
      const reply = await client.request({ type: 'conceptsSetup', experiment: 'flow', data: dataConfig(s), runs: [flowRun(s)] }).done;
      if (mine !== generation || reply.kind !== 'conceptsSetup') return;
      setupReply = reply.value;
      drawRegion(region, null, 48, reply.value.train, reply.value.test);
      // One step with nothing learned yet shows the starting gradients.
      const first = await client.request({ type: 'conceptsTrain', experiment: 'flow', budgetMs: 1, details: true }).done;
      if (mine !== generation) return;
      if (first.kind === 'conceptsProgress') show(first.value);
      training.setReady(true);
      status.dataset.ready = 'true';
      status.textContent = t('cx.flowReady', { params: (reply.value.params[0] ?? 0).toLocaleString(), depth: s.depth });
    } catch (err) {
      if (mine !== generation) return;
      status.textContent = '';
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'flow-refused' }, t('vision.refused', { reason: (err as Error).message })));
    }
  };

  const knobs = h('div');
  const change = (patch: Patch) => {
    props.setState(patch);
    renderKnobs();
    void setup();
  };
  const renderKnobs = () => {
    const s = props.state();
    const pick = <K extends keyof ConceptsState & string>(key: K, options: readonly (string | number)[], label: string, labelOf?: (v: string | number) => string) => select(s, key, options, label, change, labelOf, 'c');
    knobs.replaceChildren(
      h(
        'div',
        { class: 'controls' },
        pick('ds', ['spiral', 'circles', 'xor', 'blobs'], t('cx.dataset'), (v) => t(`cx.ds.${v}` as MessageKey)),
        pick('noise', [0, 0.1, 0.25, 0.5, 1], t('cx.noise')),
        pick('n', [50, 100, 300, 1000], t('cx.samples')),
        pick('depth', [2, 3, 5, 10, 20, 30, 50], t('cx.depth')),
        pick('width', [2, 4, 8, 16, 32, 64], t('cx.width')),
        pick('act', ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu'], t('vision.activation'), (v) => t(`cx.act.${v}` as MessageKey)),
        pick('init', ['small', 'xavier', 'he', 'large'], t('vision.init'), (v) => t(`cx.init.${v}` as MessageKey)),
        check(s, 'res', t('cx.residual'), change, 'c'),
        pick('norm', ['none', 'batch', 'layer'], t('cx.norm'), (v) => t(`cx.norm.${v}` as MessageKey)),
        pick('opt', OPTIMIZERS, t('vision.optimizer'), (v) => t(`vision.opt.${v}` as MessageKey)),
        pick('lr', [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], t('vision.lr')),
        number(s, 'seed', t('vision.seed'), { min: 0, max: 1_000_000, step: 1 }, change, 'c'),
      ),
    );
  };
  renderKnobs();

  const presets = h(
    'div',
    { class: 'controls presets', role: 'group', 'aria-label': t('cx.presets') },
    ...Object.entries(PRESETS).map(([name, patch]) => {
      const b = h('button', { type: 'button', 'data-preset': name }, t(`cx.preset.${name}` as MessageKey));
      b.addEventListener('click', () => change(patch));
      return b;
    }),
  );

  return {
    element: h(
      'section',
      { class: 'panel', id: 'flow', 'data-testid': 'flow-panel' },
      h('h2', {}, t('cx.flowTitle')),
      h('p', { class: 'muted' }, t('cx.flowHelp')),
      h('p', { class: 'field-label' }, t('cx.presets')),
      presets,
      knobs,
      training.element,
      status,
      problem,
      h('div', { class: 'flow-grid' }, h('figure', { class: 'chart-figure' }, h('figcaption', {}, t('cx.region')), region), gradChart.element, lossChart.element),
      gradList,
      h('h3', {}, t('cx.histTitle')),
      hists,
    ),
    setup,
    dispose: () => {
      generation++;
      training.dispose();
    },
  };
}
