// Gradient flow, the Concepts lab's centrepiece: a fully connected net on a
// 2-D problem, as deep and as badly initialised as the learner likes,
// trained live. Its decision region, the gradient norm of every layer on a
// log scale (vanishing slopes down toward the input, exploding up), every
// layer's activations (sigmoid saturation piles up at 0 and 1) and the
// loss, with presets for the textbook cases. The trained network can be
// exported as a model file and imported again (ui/model-file.ts).
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { ConceptsProgress, ConceptsSetup, DataConfig, Histogram, RunConfig } from '../../engine/protocol';
import { floats } from '../../engine/floats';
import { t, type KeySuffix } from '../../i18n';
import { OPTIMIZERS } from '../../state/common';
import type { ConceptsState } from './params';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { check, number, select } from '../../ui/knobs';
import { modelFileControls } from '../../ui/model-file';
import { LossEnds, trainingControls } from '../../ui/training';
import { drawRegion, histogramFigure } from './plots';
import { publish } from '../../ui/readings';

type Patch = Partial<ConceptsState>;

/** The textbook cases; each button's text is `concepts.preset.<name>`. */
export const PRESETS: Record<KeySuffix<'concepts.preset.'>, Patch> = {
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

/** The link state of a data set and network (the inverse of `dataConfig` and `flowRun`, whose one seed is the training's). */
export function stateOf(data: DataConfig, run: RunConfig): Patch {
  const { net, fit } = run;
  return { ds: data.dataset, noise: data.noise, n: data.samples, seed: fit.seed, depth: net.depth, width: net.width, act: net.activation, init: net.init, res: net.residual, norm: net.norm, opt: fit.optimizer, lr: fit.lr };
}

const SLICE_MS = 250;

/** Share of all hidden layers' outputs in the histogram bins that lie within 0.1 of 0 or 1: where a saturated sigmoid's sit. */
function saturated(layers: readonly Histogram[]): number {
  let near = 0;
  let all = 0;
  for (const { lo, hi, counts } of layers) {
    const width = (hi - lo) / counts.length;
    counts.forEach((c, k) => {
      all += c;
      if (lo + (k + 1) * width <= 0.1 || lo + k * width >= 0.9) near += c;
    });
  }
  return near / Math.max(1, all);
}

export function flowSection(props: { client: EngineClient; state: () => ConceptsState; setState: (patch: Patch) => void }): { element: HTMLElement; setup: () => Promise<void>; dispose: () => void } {
  const { client } = props;
  let setupReply: ConceptsSetup | null = null;
  let losses = new LossEnds();
  let lowestTest = Infinity;
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'flow-status' });
  const problem = h('div', { 'aria-live': 'assertive' });
  const region = h('canvas', { 'data-testid': 'flow-region', role: 'img', 'aria-label': t('concepts.regionAria') });
  const gradChart = lineChart({ title: t('concepts.gradChart'), xLabel: t('concepts.layer'), yLabel: t('concepts.gradNorm'), logY: true, integerX: true, testid: 'flow-grads', series: [{ label: '‖∂L/∂W‖', colour: '#c2410c' }] });
  const lossChart = lineChart({ title: t('concepts.lossChart'), xLabel: t('training.steps'), yLabel: t('training.loss'), testid: 'flow-loss', series: [{ label: t('concepts.train'), colour: '#c2410c' }, { label: t('concepts.test'), colour: '#1d4ed8', dash: true }] });
  const hists = h('div', { class: 'mini-hists', 'data-testid': 'flow-hists' });
  const gradList = h('p', { class: 'mono muted', 'data-testid': 'flow-grad-summary' });

  const show = (p: ConceptsProgress) => {
    const run = p.runs[0];
    if (!run) return;
    const first = run.steps - run.losses.length;
    run.losses.forEach((l, i) => lossChart.push(first + i + 1, [l, null]));
    if (run.losses.length) lossChart.push(run.steps, [null, run.testLoss]);
    losses.add(run.losses);
    if (run.losses.length) {
      lowestTest = Math.min(lowestTest, run.testLoss);
      // The losses as the chart draws them: the latest against the first
      // (NaN once the run blew up), the test loss, and how far it has risen
      // above its lowest point (overfitting).
      publish('concepts.flow.lossRatio', losses.recent() / losses.first(), run.steps);
      publish('concepts.flow.testLoss', run.testLoss, run.steps);
      publish('concepts.flow.testRise', run.testLoss / lowestTest, run.steps);
    }
    gradChart.clear();
    run.gradNorms.forEach((g, i) => gradChart.push(i + 1, [g > 0 ? g : null]));
    const g = run.gradNorms;
    if (g.length > 1) {
      const ratio = (g[0] ?? 0) / (g[g.length - 2] ?? 1);
      gradList.dataset.ratio = String(ratio);
      publish('concepts.flow.ratio', ratio, run.steps);
      publish('concepts.flow.firstGrad', g[0] ?? 0, run.steps);
      gradList.textContent = t('concepts.gradRatio', { ratio: ratio.toExponential(1), first: (g[0] ?? 0).toExponential(1), last: (g[g.length - 2] ?? 0).toExponential(1) });
    }
    const speed = training.speed;
    speed.dataset.steps = String(run.steps);
    speed.dataset.testLoss = String(run.testLoss);
    speed.dataset.recentLoss = String(losses.recent());
    // A view trains nothing: it has no speed to tell.
    if (run.losses.length) speed.textContent = t('concepts.speed', { sps: Math.round(p.stepsPerSecond).toLocaleString(), steps: run.steps.toLocaleString() });
    if (run.details && setupReply) {
      drawRegion(region, floats(run.details.grid), 48, setupReply.train, setupReply.test);
      hists.replaceChildren(...run.details.activations.map((a, i) => histogramFigure(a, t('concepts.layerN', { n: i + 1 }))));
      if (props.state().act === 'sigmoid') publish('concepts.flow.saturated', saturated(run.details.activations), run.steps);
    }
    if (run.diverged) {
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'flow-diverged' }, t('concepts.diverged')));
    }
  };

  const slice = async (): Promise<boolean> => {
    const reply = await network.guard(client.request({ type: 'conceptsTrain', experiment: 'flow', budgetMs: SLICE_MS, details: true }).done);
    if (reply === STALE) return true;
    show(reply.value);
    return !reply.value.runs.every((r) => r.diverged);
  };

  const training = trainingControls({
    slice,
    onReset: () => void setup(),
    onError: (message) => problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message }))),
    // Its Train/Pause toggle is 'flow-train': guided runs press it to start a measured run and again to pause it.
    testid: 'flow-',
  });

  /** Forget the curves and pictures of the network before. */
  const resetViews = () => {
    losses = new LossEnds();
    lowestTest = Infinity;
    lossChart.clear();
    gradChart.clear();
    hists.replaceChildren();
    gradList.textContent = '';
    delete gradList.dataset.ratio;
    problem.replaceChildren();
    const speed = training.speed;
    speed.textContent = '';
    delete speed.dataset.steps;
    delete speed.dataset.testLoss;
    delete speed.dataset.recentLoss;
  };
  // A fresh network for the newest knobs, or the network of a model file
  // (its own settings; the views are reset only once it is accepted).
  // Asking for one makes every reply about the one before it stale: its
  // setup, its first step and training slices still in flight
  // (engine/latest.ts).
  const network = latest((data: DataConfig, run: RunConfig, file: Uint8Array | null): Promise<{ setup: ConceptsSetup; steps: number; data: DataConfig; run: RunConfig }> => {
    training.setReady(false);
    files.setReady(false);
    if (!file) resetViews();
    delete status.dataset.ready;
    status.textContent = t('training.preparing');
    if (file) return client.request({ type: 'conceptsImport', file }).done.then((r) => r.value);
    return client.request({ type: 'conceptsSetup', experiment: 'flow', data, runs: [run] }).done.then((r) => ({ setup: r.value, steps: 0, data, run }));
  });
  /** The network is in place: it may train and be exported. */
  const becomeReady = () => {
    training.setReady(true);
    files.setReady(true);
    status.dataset.ready = 'true';
  };
  /** The network as it is, untrained further: its test loss, region, activations and weights. */
  const refreshView = async () => {
    const reply = await network.guard(client.request({ type: 'conceptsView', experiment: 'flow' }).done);
    if (reply !== STALE) show(reply.value);
  };
  const setup = async () => {
    const s = props.state();
    try {
      const reply = await network(dataConfig(s), flowRun(s), null);
      if (reply === STALE) return;
      setupReply = reply.setup;
      drawRegion(region, null, 48, reply.setup.train, reply.setup.test);
      // One step with nothing learned yet shows the starting gradients.
      const first = await network.guard(client.request({ type: 'conceptsTrain', experiment: 'flow', budgetMs: 1, details: true }).done);
      if (first === STALE) return;
      show(first.value);
      becomeReady();
      status.textContent = t('concepts.flowReady', { params: (reply.setup.params[0] ?? 0).toLocaleString(), depth: s.depth });
    } catch (err) {
      status.textContent = '';
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'flow-refused' }, t('training.refused', { reason: (err as Error).message })));
    }
  };

  /** A model file in place of the current network; a refused file leaves the current one, which is shown again. */
  const load = async (file: Uint8Array): Promise<string> => {
    const s = props.state();
    let reply: Awaited<ReturnType<typeof network>>;
    try {
      reply = await network(dataConfig(s), flowRun(s), file);
    } catch (err) {
      // Refused: the engine kept the network the page shows; read it afresh and train on.
      if (!network.busy && setupReply) {
        becomeReady();
        status.textContent = t('concepts.kept');
        delete training.speed.dataset.testLoss;
        await refreshView();
      }
      throw err;
    }
    // A newer setup replaced this import while it ran: that setup owns the page now.
    if (reply === STALE) throw new Error(t('engine.replaced'));
    resetViews();
    props.setState(stateOf(reply.data, reply.run));
    renderKnobs();
    setupReply = reply.setup;
    drawRegion(region, null, 48, reply.setup.train, reply.setup.test);
    await refreshView();
    becomeReady();
    const { net } = reply.run;
    status.textContent = t('concepts.importedReady', { params: (reply.setup.params[0] ?? 0).toLocaleString(), depth: net.depth, steps: reply.steps.toLocaleString() });
    return t('concepts.imported', { depth: net.depth, width: net.width, dataset: t(`concepts.ds.${reply.data.dataset}`), steps: reply.steps.toLocaleString() });
  };

  const knobs = h('div');
  const change = (patch: Patch) => {
    props.setState(patch);
    renderKnobs();
    void setup();
  };
  const renderKnobs = () => {
    const s = props.state();
    const pick = <K extends keyof ConceptsState & string, O extends string | number>(key: K, options: readonly O[], label: string, labelOf?: (v: O) => string) => select(s, key, options, label, change, labelOf, 'c');
    knobs.replaceChildren(
      h(
        'div',
        { class: 'controls' },
        pick('ds', ['spiral', 'circles', 'xor', 'blobs'], t('concepts.dataset'), (v) => t(`concepts.ds.${v}`)),
        pick('noise', [0, 0.1, 0.25, 0.5, 1], t('concepts.noise')),
        pick('n', [50, 100, 300, 1000], t('concepts.samples')),
        pick('depth', [2, 3, 5, 10, 20, 30, 50], t('concepts.depth')),
        pick('width', [2, 4, 8, 16, 32, 64], t('concepts.width')),
        pick('act', ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu'], t('training.activation'), (v) => t(`concepts.act.${v}`)),
        pick('init', ['small', 'xavier', 'he', 'large'], t('training.init'), (v) => t(`concepts.init.${v}`)),
        check(s, 'res', t('concepts.residual'), change, 'c'),
        pick('norm', ['none', 'batch', 'layer'], t('concepts.norm'), (v) => t(`concepts.norm.${v}`)),
        pick('opt', OPTIMIZERS, t('training.optimizer'), (v) => t(`training.opt.${v}`)),
        pick('lr', [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], t('training.lr')),
        number(s, 'seed', t('training.seed'), { min: 0, max: 1_000_000, step: 1 }, change, 'c'),
      ),
    );
  };
  renderKnobs();

  const presets = h(
    'div',
    { class: 'controls presets', role: 'group', 'aria-label': t('concepts.presets') },
    ...(Object.keys(PRESETS) as (keyof typeof PRESETS)[]).map((name) => {
      const patch = PRESETS[name];
      const b = h('button', { type: 'button', 'data-preset': name }, t(`concepts.preset.${name}`));
      b.addEventListener('click', () => change(patch));
      return b;
    }),
  );

  /** The panel: a model file dropped anywhere on it is imported. */
  const panel = h('section', { class: 'panel', id: 'flow', 'data-testid': 'flow-panel' });
  const files = modelFileControls({
    save: async () => (await network.guard(client.request({ type: 'conceptsExport' }).done).then((r) => (r === STALE ? Promise.reject(new Error(t('engine.replaced'))) : r.value.file))),
    load,
    view: () => 'mlp',
    dropTarget: panel,
    testid: 'flow-',
  });
  panel.append(
    h('h2', {}, t('concepts.flowTitle')),
    h('p', { class: 'muted' }, t('concepts.flowHelp')),
    h('p', { class: 'field-label' }, t('concepts.presets')),
    presets,
    knobs,
    training.element,
    files.element,
    status,
    problem,
    h('div', { class: 'flow-grid' }, h('figure', { class: 'chart-figure' }, h('figcaption', {}, t('concepts.region')), region), gradChart.element, lossChart.element),
    gradList,
    h('h3', {}, t('concepts.histTitle')),
    hists,
  );

  return {
    element: panel,
    setup,
    dispose: () => {
      network.reset();
      training.dispose();
    },
  };
}
