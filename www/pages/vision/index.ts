// The Vision lab: a CNN the learner designs (Controls), trained live on
// 8,000 MNIST digits in the engine worker, with its loss and accuracy
// curves, a layer table, results on the 2,000 test digits (Results) and a
// look inside for any digit or a drawing (Inside). The trained network can
// be exported as a model file and imported again (ui/model-file.ts).
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { Evaluation, LayerInfo, NetConfig, TrainConfig, VisionProgress, VisionSetup } from '../../engine/protocol';
import { download } from '../../engine/download';
import { t } from '../../i18n';
import type { VisionState } from './params';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { heldOutClock } from '../../ui/held-out-clock';
import { liveKnobs } from '../../ui/knobs';
import { modelFileControls } from '../../ui/model-file';
import { publish } from '../../ui/readings';
import { LossEnds, trainingControls } from '../../ui/training';
import { compressPanel } from './compress';
import { controls } from './controls';
import { parseDigits, testDigit, type DigitSet } from './digits';
import { inside } from './inside';
import { results } from './results';

/** Time per training request: short, so pause answers quickly. */
const SLICE_MS = 300;
/** Evaluate on the test split about this often while training. */
const EVAL_EVERY_MS = 2500;

/** The layer table's readings for the guided runs: each conv block's parameters, multiply-adds and receptive field. */
const CONV_READINGS = [
  { params: 'vision.conv1.params', macs: 'vision.conv1.macs', rf: 'vision.conv1.rf' },
  { params: 'vision.conv2.params', macs: 'vision.conv2.macs', rf: 'vision.conv2.rf' },
  { params: 'vision.conv3.params', macs: 'vision.conv3.macs', rf: 'vision.conv3.rf' },
] as const;

export type VisionPageProps = {
  client: EngineClient;
  state: VisionState;
  setState: (patch: Partial<VisionState>) => void;
};

export function netConfig(s: VisionState): NetConfig {
  const block = (n: 1 | 2 | 3) => ({
    channels: s[`c${n}`],
    kernel: s[`k${n}`],
    stride: s[`s${n}`],
    padding: s[`p${n}`],
    pool: s[`pool${n}`],
  });
  return {
    blocks: ([1, 2, 3] as const).slice(0, s.blocks).map(block),
    activation: s.act,
    batchNorm: s.bn,
    dropout: s.drop,
    hidden: s.hidden,
  };
}

export function trainConfig(s: VisionState): TrainConfig {
  return { optimizer: s.opt, lr: s.lr, batch: s.batch, l2: s.l2, l1: s.l1, init: s.init, augment: s.aug, seed: s.seed };
}

/** The link state of a network and its training (the inverse of `netConfig` and `trainConfig`; blocks it lacks keep their knobs). */
export function stateOf(net: NetConfig, train: TrainConfig): Partial<VisionState> {
  const patch: Partial<VisionState> = { blocks: net.blocks.length, act: net.activation, bn: net.batchNorm, drop: net.dropout, hidden: net.hidden };
  net.blocks.forEach((b, i) => {
    const n = (i + 1) as 1 | 2 | 3;
    Object.assign(patch, { [`c${n}`]: b.channels, [`k${n}`]: b.kernel, [`s${n}`]: b.stride, [`p${n}`]: b.padding, [`pool${n}`]: b.pool });
  });
  return { ...patch, opt: train.optimizer, lr: train.lr, batch: train.batch, l2: train.l2, l1: train.l1, init: train.init, aug: train.augment, seed: train.seed };
}

export function visionPage(props: VisionPageProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let state = { ...props.state };
  let digits: DigitSet | null = null;
  let ready = false;
  let steps = 0;
  const evalClock = heldOutClock(EVAL_EVERY_MS);
  /** Losses so far (for the first-versus-recent summary the tests read). */
  let losses = new LossEnds();

  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'vision-status' });
  const problem = h('div', { 'aria-live': 'assertive', 'data-testid': 'vision-problem' });
  const lossChart = lineChart({
    title: t('vision.lossChart'),
    xLabel: t('training.steps'),
    yLabel: t('training.loss'),
    logY: true,
    testid: 'loss-chart',
    series: [
      { label: t('vision.trainLoss'), colour: '#c2410c' },
      { label: t('vision.testLoss'), colour: '#1d4ed8', dash: true },
    ],
  });
  const accChart = lineChart({
    title: t('vision.accChart'),
    xLabel: t('training.steps'),
    yLabel: t('vision.accuracy'),
    testid: 'acc-chart',
    series: [{ label: t('vision.testAcc'), colour: '#15803d' }],
  });
  const accuracy = h('p', { class: 'big-number', 'data-testid': 'accuracy' });
  const table = h('tbody');
  const layerTable = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('vision.layers')),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'results', 'data-testid': 'layer-table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('vision.layer')), h('th', {}, t('vision.shape')), h('th', { class: 'num' }, t('vision.params')), h('th', { class: 'num' }, t('vision.macs')), h('th', { class: 'num' }, t('vision.rf')))),
        table,
      ),
    ),
  );
  const result = results((i) => {
    setState({ digit: i });
    showTestDigit();
  });
  const look = inside({ client, ready: () => ready });
  const compression = compressPanel({ client, ready: () => ready && steps > 0 && !training.running() });

  const setState = (patch: Partial<VisionState>) => {
    state = { ...state, ...patch };
    props.setState(patch);
  };

  const showLayers = (layers: readonly LayerInfo[]) => {
    const f = (n: number) => n.toLocaleString();
    table.replaceChildren(
      ...layers.map((l) => h('tr', {}, h('td', {}, l.name), h('td', { class: 'mono' }, l.shape.join('×')), h('td', { class: 'num' }, f(l.params)), h('td', { class: 'num' }, f(l.macs)), h('td', { class: 'num' }, l.receptiveField ? `${l.receptiveField}×${l.receptiveField}` : t('vision.all')))),
      h('tr', { class: 'total' }, h('td', {}, t('vision.total')), h('td', {}), h('td', { class: 'num', 'data-testid': 'total-params' }, f(layers.reduce((a, l) => a + l.params, 0))), h('td', { class: 'num' }, f(layers.reduce((a, l) => a + l.macs, 0))), h('td', {})),
    );
    layers
      .filter((l) => l.name.startsWith('conv '))
      .forEach((l, i) => {
        const names = CONV_READINGS[i];
        if (!names) return;
        publish(names.params, l.params);
        publish(names.macs, l.macs);
        publish(names.rf, l.receptiveField);
      });
    const norm = layers.find((l) => l.name === 'batchnorm');
    if (norm) publish('vision.bn1.params', norm.params);
    // The dense layers are the last rows: the output, and the hidden layer before it if there is one.
    const dense = layers.filter((l) => l.shape.length === 1);
    const output = dense[dense.length - 1];
    if (output) {
      publish('vision.output.params', output.params);
      publish('vision.output.macs', output.macs);
    }
    if (dense.length > 1 && dense[0]) {
      publish('vision.hidden.params', dense[0].params);
      publish('vision.hidden.macs', dense[0].macs);
    }
  };

  const showTestDigit = () => {
    if (!digits) return;
    const d = testDigit(digits, state.digit);
    look.showDigit(d.pixels, d.label);
  };

  /** Forget the curves and numbers of the network before. */
  const resetViews = () => {
    steps = 0;
    evalClock.reset();
    losses = new LossEnds();
    compression.reset();
    delete speed.dataset.steps;
    lossChart.clear();
    accChart.clear();
    accuracy.textContent = '';
    delete accuracy.dataset.value;
    delete accuracy.dataset.loss;
    speed.textContent = '';
    problem.replaceChildren();
  };
  // A fresh network for the newest knobs (refused ones say why), or the
  // network of a model file (its own settings; the views are reset only
  // once it is accepted). Asking for one makes every reply about the
  // network before it stale: its setup, and training slices still in
  // flight (engine/latest.ts).
  const network = latest((net: NetConfig, train: TrainConfig, file: Uint8Array | null): Promise<{ setup: VisionSetup; steps: number; net: NetConfig; train: TrainConfig }> => {
    training.setReady(false);
    files.setReady(false);
    ready = false;
    if (!file) resetViews();
    delete status.dataset.ready;
    status.textContent = t('vision.preparing');
    const progress = (p: { stage: string; loaded: number; total: number }) => {
      if (p.stage.startsWith('asset:')) status.textContent = t('vision.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
    };
    if (file) return client.request({ type: 'visionImport', file }, progress).done.then((r) => r.value);
    return client.request({ type: 'visionSetup', net, train }, progress).done.then((r) => ({ setup: r.value, steps: 0, net, train }));
  });
  /** The network is in place: training, export and the look inside may use it. */
  const becomeReady = (setup: VisionSetup) => {
    ready = true;
    training.setReady(true);
    files.setReady(true);
    status.dataset.ready = 'true';
    status.textContent = t('vision.readyToTrain', { train: setup.train.toLocaleString(), test: setup.test.toLocaleString() });
    look.refresh();
  };
  /** The setup the page shows, for a refused file to fall back on. */
  let shown: VisionSetup | null = null;
  const setup = async () => {
    try {
      const reply = await network(netConfig(state), trainConfig(state), null);
      if (reply === STALE) return;
      shown = reply.setup;
      showLayers(reply.setup.layers);
      becomeReady(reply.setup);
    } catch (err) {
      table.replaceChildren();
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'refused' }, t('training.refused', { reason: (err as Error).message })));
      status.textContent = '';
    }
  };

  const showEvaluation = (e: Evaluation) => {
    accuracy.textContent = t('vision.accuracyNow', { pct: (100 * e.accuracy).toFixed(2) });
    accuracy.dataset.value = String(e.accuracy);
    accuracy.dataset.loss = String(e.loss);
    result.show(e, digits);
  };

  const onProgress = (p: VisionProgress) => {
    const first = steps;
    losses.add(p.losses);
    losses.mark(speed, p.steps);
    p.losses.forEach((loss, i) => {
      lossChart.push(first + i + 1, [loss, null]);
      publish('vision.train.loss', loss, first + i + 1);
    });
    steps = Number(p.steps);
    speed.textContent = t('vision.speed', { ips: Math.round(p.imagesPerSecond).toLocaleString(), steps: steps.toLocaleString() });
    speed.dataset.ips = String(p.imagesPerSecond);
    if (p.evaluation) {
      lossChart.push(steps, [null, p.evaluation.loss]);
      accChart.push(steps, [p.evaluation.accuracy]);
      // Beside the test loss, the training loss as the mean of the latest batches (one batch is noisy).
      publish('vision.train.recentLoss', losses.recent(), steps);
      publish('vision.test.loss', p.evaluation.loss, steps);
      publish('vision.test.accuracy', p.evaluation.accuracy, steps);
      showEvaluation(p.evaluation);
      look.refresh();
    }
    if (p.diverged) {
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'diverged' }, t('vision.diverged')));
    }
  };

  /** One slice of training; false once the loss has blown up. */
  const slice = async (): Promise<boolean> => {
    const reply = await evalClock.slice((evaluate) => network.guard(client.request({ type: 'visionTrain', steps: 10_000, budgetMs: SLICE_MS, evaluate }).done));
    if (reply === STALE) return true;
    onProgress(reply.value);
    return !reply.value.diverged;
  };

  /** Paused: one last evaluation so the results match the curves. */
  const afterPause = async () => {
    if (steps === 0) return;
    const reply = await network.guard(client.request({ type: 'visionTrain', steps: 0, budgetMs: 1, evaluate: true }).done);
    if (reply !== STALE && reply.value.evaluation) {
      accChart.push(steps, [reply.value.evaluation.accuracy]);
      showEvaluation(reply.value.evaluation);
    }
  };

  /** A model file in place of the current network; a refused file leaves the current one, which is measured again. */
  const load = async (file: Uint8Array): Promise<string> => {
    let reply: Awaited<ReturnType<typeof network>>;
    try {
      reply = await network(netConfig(state), trainConfig(state), file);
    } catch (err) {
      // Refused: the engine kept the network the page shows; measure it afresh and train on.
      if (!network.busy && shown) {
        becomeReady(shown);
        status.textContent = t('vision.kept');
        delete accuracy.dataset.value;
        delete accuracy.dataset.loss;
        await afterPause();
      }
      throw err;
    }
    // A newer setup replaced this import while it ran: that setup owns the page now.
    if (reply === STALE) throw new Error(t('engine.replaced'));
    resetViews();
    setState(stateOf(reply.net, reply.train));
    knobs.refresh();
    shown = reply.setup;
    showLayers(reply.setup.layers);
    steps = reply.steps;
    speed.dataset.steps = String(steps);
    becomeReady(reply.setup);
    await afterPause();
    const params = reply.setup.layers.reduce((a, l) => a + l.params, 0);
    return t('vision.imported', { blocks: reply.net.blocks.length, params: params.toLocaleString(), steps: reply.steps.toLocaleString() });
  };

  // Unprefixed, its toggle's test id is 'train': the guided runs press it to
  // start a measured run and again to pause it.
  const training = trainingControls({
    slice,
    afterPause,
    onReset: () => void setup(),
    onRunning: (on, started) => {
      if (ready) status.textContent = on ? t('training.running') : started ? t('training.paused') : status.textContent;
    },
    onError: (message) => problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message }))),
  });
  const speed = training.speed;

  const knobs = liveKnobs<typeof state>(
    (onChange) => controls(state, onChange),
    (patch) => {
      setState(patch);
      void setup();
    },
  );

  // The digits for galleries and the picker (the worker fetches its own copy;
  // the second request is answered from the cache).
  void download(new URL('data/vision/mnist-10k.bin', document.baseURI).toString(), () => undefined)
    .then((bytes) => {
      digits = parseDigits(bytes);
      if (ready) showTestDigit();
    })
    .catch((err: Error) => problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: err.message }))));

  const unsubscribe = client.onStatus((s) => {
    if (s.state === 'ready') {
      void setup().then(() => {
        if (digits) showTestDigit();
      });
    }
  });

  /** The training panel: a model file dropped anywhere on it is imported. */
  const trainingPanel = h('section', { class: 'panel', 'data-testid': 'vision-panel' });
  const files = modelFileControls({
    save: async () => (await network.guard(client.request({ type: 'visionExport' }).done).then((r) => (r === STALE ? Promise.reject(new Error(t('engine.replaced'))) : r.value.file))),
    load,
    view: () => 'cnn',
    dropTarget: trainingPanel,
    testid: 'vision-',
  });
  trainingPanel.append(training.element, files.element, status, problem, accuracy, h('div', { class: 'charts' }, lossChart.element, accChart.element));

  const explain = explainPanel(t('vision.explain.title'), 'vision.explain', ['conv', 'sharing', 'pooling', 'invariance', 'rf', 'bn', 'dropout', 'quant']);

  const element = h(
    'section',
    { class: 'page page-vision' },
    h('h1', {}, t('vision.title')),
    h('p', { class: 'lede' }, t('vision.intro')),
    knobs.element,
    trainingPanel,
    layerTable,
    result.element,
    compression.element,
    look.element,
    explain,
  );
  return {
    element,
    dispose: () => {
      training.dispose();
      network.reset();
      unsubscribe();
    },
  };
}
