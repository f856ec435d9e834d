// The autoencoder half of the Embeddings lab: a plain autoencoder or a VAE
// trained live on the digits; test digits beside their reconstructions; the
// test digits' codes on the plane, coloured by label; any point of a
// two-number code decoded as the pointer moves; a grid of decodings across
// the plane, where a plain autoencoder's holes show as smudges; and a digit
// drawn on the pad encoded to its point (a cross, moved as the model trains).
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { AeSettings, AeView } from '../../engine/protocol';
import { t } from '../../i18n';
import { sizeCanvas } from '../../ui/canvas';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { liveKnobs, number, select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import { LossEnds, trainingControls } from '../../ui/training';
import { PIXELS, digitCanvas, drawDigit } from '../../views/digit';
import { drawPad } from '../../views/draw-pad';
import { saveButton } from '../../ui/save-image';
import { modelFileControls } from '../../ui/model-file';
import type { RepresentationsState } from './params';

const SLICE_MS = 300;
const VIEW_EVERY_MS = 3000;
const SHOWN = 16;
const CODES = 1000;
const PLANE = 360;
const GRID = 15;
/** Ten colours told apart with the common colour-vision deficiencies (Okabe–Ito and Tol's). */
export const LABEL_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000', '#882255', '#999933'];

export function aeSettings(s: RepresentationsState): AeSettings {
  return { shape: { kind: s.ae, latent: s.z, hidden: s.hid }, beta: s.beta, lr: s.aelr, batch: s.aebatch, seed: s.aeseed };
}

type Patch = Partial<RepresentationsState>;

export function autoencoderSection(props: { client: EngineClient; state: () => RepresentationsState; setState: (patch: Patch) => void }): { element: HTMLElement; setup: () => Promise<void>; dispose: () => void } {
  const { client } = props;
  let lastView = 0;
  let losses = new LossEnds();
  /** The panel: a model file dropped anywhere on it is imported. */
  const panel = h('section', { class: 'panel', id: 'autoencoder', 'data-testid': 'ae-panel' });
  /** The plane's extent in code units, and the view drawn on it. */
  let view: AeView | null = null;
  let extent = { x0: -3, x1: 3, y0: -3, y1: 3 };
  let decoding = false;
  /** Where the drawn digit's code lies, once encoded, and the drawing (re-encoded as the model trains). */
  let drawn: [number, number] | null = null;
  let drawing: Uint8Array | null = null;
  /** Steps trained so far, for the readings guided runs wait on. */
  let steps = 0;

  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'ae-status' });
  const problem = h('div', { 'aria-live': 'assertive' });
  const numbers = h('p', { class: 'mono', 'data-testid': 'ae-eval' });
  const lossChart = lineChart({ title: t('representations.ae.lossChart'), xLabel: t('training.steps'), yLabel: t('representations.ae.lossAxis'), testid: 'ae-loss', series: [{ label: t('representations.ae.lossAxis'), colour: '#1d4ed8' }] });
  const pairs = h('div', { class: 'ae-pairs', 'data-testid': 'ae-pairs' });
  const plane = h('canvas', { 'data-testid': 'ae-plane', role: 'img', 'aria-label': t('representations.ae.planeAria') });
  const decoded = h('canvas', { width: 28, height: 28, class: 'digit ae-decoded', 'data-testid': 'ae-decoded' });
  const decodedAt = h('p', { class: 'mono muted', 'data-testid': 'ae-decoded-at' });
  const grid = h('div', { class: 'ae-grid', 'data-testid': 'ae-grid' });
  const gridButton = h('button', { type: 'button', disabled: true, 'data-testid': 'ae-grid-run' }, t('representations.ae.gridRun'));
  const planeNote = h('p', { class: 'muted' });

  const toPlane = (x: number, y: number): [number, number] => [((x - extent.x0) / (extent.x1 - extent.x0)) * PLANE, PLANE - ((y - extent.y0) / (extent.y1 - extent.y0)) * PLANE];
  const fromPlane = (px: number, py: number): [number, number] => [extent.x0 + (px / PLANE) * (extent.x1 - extent.x0), extent.y0 + ((PLANE - py) / PLANE) * (extent.y1 - extent.y0)];

  const drawPlane = () => {
    const ctx = sizeCanvas(plane, PLANE, PLANE);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, PLANE, PLANE);
    if (!view) return;
    view.points.forEach(([x, y], i) => {
      const [px, py] = toPlane(x, y);
      ctx.fillStyle = LABEL_COLOURS[view?.labels[i] ?? 0] ?? '#000';
      ctx.fillRect(px - 1.5, py - 1.5, 3, 3);
    });
    // The origin, where the VAE's prior is centred.
    const [ox, oy] = toPlane(0, 0);
    ctx.strokeStyle = 'rgba(0,0,0,0.25)';
    ctx.beginPath();
    ctx.moveTo(ox, 0);
    ctx.lineTo(ox, PLANE);
    ctx.moveTo(0, oy);
    ctx.lineTo(PLANE, oy);
    ctx.stroke();
    if (drawn) {
      const [dx, dy] = toPlane(drawn[0], drawn[1]);
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(dx - 8, dy - 8);
      ctx.lineTo(dx + 8, dy + 8);
      ctx.moveTo(dx + 8, dy - 8);
      ctx.lineTo(dx - 8, dy + 8);
      ctx.stroke();
      ctx.lineWidth = 1;
    }
  };
  const swatch = (colour: string) => {
    const box = h('span', { class: 'swatch' });
    box.style.background = colour;
    return box;
  };
  const legend = h('p', { class: 'ae-legend' }, ...LABEL_COLOURS.map((c, d) => h('span', {}, swatch(c), ` ${d} `)));

  const showView = (v: AeView) => {
    view = v;
    const s = props.state();
    const xs = v.points.map((p) => p[0]);
    const ys = v.points.map((p) => p[1]);
    const pad = (lo: number, hi: number) => {
      const m = 0.08 * Math.max(1e-6, hi - lo);
      return [lo - m, hi + m] as const;
    };
    const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
    const [y0, y1] = s.z === 1 ? [-1, 1] : pad(Math.min(...ys), Math.max(...ys));
    extent = { x0, x1, y0, y1 };
    drawPlane();
    planeNote.textContent = s.z === 2 ? t('representations.ae.planeTwo') : t('representations.ae.planePca', { z: s.z, pct: Math.round(100 * v.explained) });
    const [originals, rebuilt] = [Uint8Array.from(v.originals), Uint8Array.from(v.reconstructions)];
    pairs.replaceChildren(
      ...Array.from({ length: Math.min(SHOWN, originals.length / PIXELS) }, (_, i) =>
        h('figure', { class: 'ae-pair' }, digitCanvas(originals.subarray(i * PIXELS, (i + 1) * PIXELS)), digitCanvas(rebuilt.subarray(i * PIXELS, (i + 1) * PIXELS))),
      ),
    );
    const e = v.evaluation;
    numbers.dataset.mse = String(e.mse);
    numbers.dataset.kl = String(e.kl);
    numbers.textContent = t('representations.ae.eval', { rec: e.reconstruction.toFixed(1), kl: e.kl.toFixed(2), mse: e.mse.toFixed(4) });
    // For guided runs: the pixel error, the KL term and how far the codes lie from the origin (RMS).
    publish('representations.ae.mse', e.mse, steps);
    publish('representations.ae.kl', e.kl, steps);
    const spread = Math.sqrt(v.points.reduce((sum, [x, y]) => sum + x * x + y * y, 0) / Math.max(1, v.points.length));
    numbers.dataset.spread = String(spread);
    publish('representations.ae.spread', spread, steps);
    gridButton.disabled = s.z !== 2;
    // The model moved on: where does the drawing land now?
    if (drawing) void placeDrawing(drawing);
  };

  /** Trainable values of the model on the page (kept when a file is refused). */
  let params = 0;
  /** The views start again: a fresh model, or a file's. */
  const resetViews = () => {
    steps = 0;
    losses = new LossEnds();
    lossChart.clear();
    view = null;
    drawn = null;
    drawnAt.textContent = '';
    drawPlane();
    pairs.replaceChildren();
    grid.replaceChildren();
    numbers.textContent = '';
    delete numbers.dataset.mse;
    delete numbers.dataset.kl;
    delete numbers.dataset.spread;
    decodedAt.textContent = '';
    problem.replaceChildren();
    gridButton.disabled = true;
    training.speed.textContent = '';
  };
  /** A fresh model for `settings`, or the model of a file (its own settings; the views are reset only once it is accepted). */
  const experiment = latest((settings: AeSettings, file: Uint8Array | null): Promise<{ params: number; steps: number; settings: AeSettings }> => {
    training.setReady(false);
    files.setReady(false);
    if (!file) resetViews();
    delete status.dataset.ready;
    status.textContent = t('training.preparing');
    const progress = (p: { stage: string; loaded: number; total: number }) => {
      if (p.stage.startsWith('asset:')) status.textContent = t('representations.ae.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
    };
    if (file) return client.request({ type: 'aeImport', file }, progress).done.then((r) => r.value);
    return client.request({ type: 'aeSetup', settings }, progress).done.then((r) => ({ params: r.value, steps: 0, settings }));
  });
  /** How long the last view took: on a slow backend the views come less often, so training still gets most of the time. */
  let viewMs = 0;
  const refreshView = async () => {
    const started = performance.now();
    const reply = await experiment.guard(client.request({ type: 'aeView', count: SHOWN, codes: CODES }).done);
    viewMs = performance.now() - started;
    if (reply !== STALE) showView(reply.value);
  };
  const ready = (count: number) => {
    params = count;
    training.setReady(true);
    files.setReady(true);
    status.dataset.ready = 'true';
    status.textContent = t('representations.ae.ready', { params: count.toLocaleString() });
  };
  const setup = async () => {
    try {
      const reply = await experiment(aeSettings(props.state()), null);
      if (reply === STALE) return;
      ready(reply.params);
      await refreshView();
    } catch (err) {
      status.textContent = '';
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'ae-refused' }, t('training.refused', { reason: (err as Error).message })));
    }
  };
  /** A model file in place of the current model; a refused file leaves the current one, which is shown again. */
  const load = async (file: Uint8Array): Promise<string> => {
    let reply: Awaited<ReturnType<typeof experiment>>;
    try {
      reply = await experiment(aeSettings(props.state()), file);
    } catch (err) {
      // Refused: the engine kept the model the page shows; read its view afresh and train on.
      if (!experiment.busy) {
        ready(params);
        status.textContent = t('representations.ae.kept');
        delete numbers.dataset.mse;
        await refreshView();
      }
      throw err;
    }
    // A newer setup replaced this import while it ran: that setup owns the page now.
    if (reply === STALE) throw new Error(t('engine.replaced'));
    {
      resetViews();
      const s = reply.settings;
      props.setState({ ae: s.shape.kind, z: s.shape.latent, hid: s.shape.hidden, beta: s.beta, aelr: s.lr, aebatch: s.batch, aeseed: s.seed });
      knobs.refresh();
      steps = reply.steps;
      ready(reply.params);
      await refreshView();
      return t('representations.ae.imported', { kind: t(`representations.ae.kind.${s.shape.kind}`), z: s.shape.latent, steps: reply.steps.toLocaleString() });
    }
  };

  const slice = async (): Promise<boolean> => {
    const reply = await experiment.guard(client.request({ type: 'aeTrain', budgetMs: SLICE_MS }).done);
    if (reply === STALE) return true;
    const p = reply.value;
    steps = p.steps;
    if (p.losses.length) {
      lossChart.push(p.steps, [p.losses.reduce((a, b) => a + b, 0) / p.losses.length]);
      losses.add(p.losses);
      losses.mark(training.speed, p.steps);
    }
    training.speed.dataset.ips = String(p.imagesPerSecond);
    training.speed.textContent = t('representations.ae.speed', { ips: Math.round(p.imagesPerSecond).toLocaleString(), steps: p.steps.toLocaleString() });
    if (p.diverged) problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('representations.diverged')));
    if (performance.now() - lastView > Math.max(VIEW_EVERY_MS, 4 * viewMs)) {
      lastView = performance.now();
      await refreshView();
    }
    return !p.diverged;
  };

  // Its Train/Pause toggle is 'ae-train': guided runs press it to start a measured run and again to pause it.
  const training = trainingControls({
    slice,
    afterPause: refreshView,
    onReset: () => void setup(),
    onRunning: (on, started) => {
      if (on) status.textContent = t('training.running');
      else if (started) status.textContent = t('training.paused');
    },
    onError: (message) => problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message }))),
    testid: 'ae-',
  });

  // Decode where the pointer is (a two-number code only), one request at a time.
  plane.addEventListener('pointermove', async (event) => {
    if (!view || props.state().z !== 2 || decoding) return;
    const rect = plane.getBoundingClientRect();
    const [x, y] = fromPlane(event.clientX - rect.left, event.clientY - rect.top);
    decoding = true;
    const started = performance.now();
    try {
      const reply = await experiment.guard(client.request({ type: 'aeDecode', points: [[x, y]] }).done);
      if (reply === STALE) return;
      drawDigit(decoded, Uint8Array.from(reply.value));
      const ms = performance.now() - started;
      decoded.dataset.ms = String(ms);
      decodedAt.textContent = t('representations.ae.decodedAt', { x: x.toFixed(2), y: y.toFixed(2), ms: ms.toFixed(0) });
    } finally {
      decoding = false;
    }
  });
  gridButton.addEventListener('click', async () => {
    const points: [number, number][] = [];
    for (let r = 0; r < GRID; r++) {
      for (let c = 0; c < GRID; c++) {
        const [x, y] = fromPlane(((c + 0.5) / GRID) * PLANE, ((r + 0.5) / GRID) * PLANE);
        points.push([x, y]);
      }
    }
    const reply = await experiment.guard(client.request({ type: 'aeDecode', points }).done);
    if (reply === STALE) return;
    const images = Uint8Array.from(reply.value);
    grid.replaceChildren(...points.map((_, i) => digitCanvas(images.subarray(i * PIXELS, (i + 1) * PIXELS), 1.5)));
    grid.dataset.cells = String(points.length);
  });

  // A drawn digit encoded to its point on the plane (the code's mean).
  const drawnAt = h('p', { class: 'mono muted', 'aria-live': 'polite', 'data-testid': 'ae-drawn-at' });
  const encode = latest((pixels: Uint8Array) => client.request({ type: 'aeEncode', image: Array.from(pixels) }).done);
  const placeDrawing = async (pixels: Uint8Array) => {
    if (props.state().z !== 2) {
      drawnAt.textContent = t('representations.ae.padTwo');
      return;
    }
    try {
      const reply = await experiment.guard(encode(pixels));
      if (reply === STALE || drawing !== pixels) return;
      const [x, y] = reply.value;
      drawn = [x, y];
      drawPlane();
      drawnAt.dataset.x = String(x);
      drawnAt.dataset.y = String(y);
      drawnAt.textContent = t('representations.ae.padAt', { x: x.toFixed(2), y: y.toFixed(2) });
    } catch (err) {
      drawnAt.textContent = t('app.error', { message: (err as Error).message });
    }
  };
  const pad = drawPad({
    label: t('representations.ae.padLabel'),
    testid: 'ae-pad',
    onDigit: (pixels) => {
      drawing = pixels;
      if (!pixels || !view) {
        drawnAt.textContent = view ? t('vision.drawEmpty') : t('representations.ae.padTrainFirst');
        return;
      }
      void placeDrawing(pixels);
    },
  });
  const padClear = h('button', { type: 'button', class: 'small' }, t('vision.clear'));
  padClear.addEventListener('click', () => {
    pad.clear();
    encode.reset();
    drawing = null;
    drawn = null;
    delete drawnAt.dataset.x;
    delete drawnAt.dataset.y;
    drawnAt.textContent = '';
    drawPlane();
  });

  const files = modelFileControls({
    save: async () => (await experiment.guard(client.request({ type: 'aeExport' }).done).then((r) => (r === STALE ? Promise.reject(new Error(t('engine.replaced'))) : r.value.file))),
    load,
    view: () => (props.state().ae === 'plain' ? 'autoencoder' : 'vae'),
    dropTarget: panel,
    testid: 'ae-',
  });

  const knobs = liveKnobs<RepresentationsState>(
    (onChange) => {
      const s = props.state();
      const pick = <K extends keyof RepresentationsState & string, O extends string | number>(key: K, options: readonly O[], label: string, labelOf?: (v: O) => string) =>
        select(s, key, options, label, onChange, labelOf, 'a');
      return h(
        'div',
        { class: 'controls' },
        pick('ae', ['plain', 'variational'] as const, t('representations.ae.kind'), (v) => t(`representations.ae.kind.${v}`)),
        pick('z', [1, 2, 4, 8, 16, 32], t('representations.ae.z')),
        pick('hid', [64, 128, 256, 512], t('representations.ae.hid')),
        pick('beta', [0, 0.1, 0.5, 1, 2, 4, 10], t('representations.ae.beta')),
        pick('aelr', [0.0001, 0.0003, 0.001, 0.003, 0.01], t('training.lr')),
        pick('aebatch', [32, 64, 128, 256, 512], t('representations.ae.batch')),
        number(s, 'aeseed', t('training.seed'), { min: 0, max: 1_000_000, step: 1 }, onChange, 'a'),
      );
    },
    (patch) => {
      props.setState(patch);
      void setup();
    },
  );

  drawPlane();
  const element = panel;
  panel.append(
    h('h2', {}, t('representations.ae.title')),
    h('p', { class: 'muted' }, t('representations.ae.help')),
    knobs.element,
    training.element,
    files.element,
    status,
    problem,
    numbers,
    h('div', { class: 'charts' }, lossChart.element),
    h('h3', {}, t('representations.ae.pairsTitle')),
    pairs,
    h('h3', {}, t('representations.ae.planeTitle')),
    planeNote,
    legend,
    h('div', { class: 'ae-plane-row' }, plane, h('div', {}, decoded, decodedAt)),
    h('h3', {}, t('representations.ae.padTitle')),
    h('div', { class: 'ae-plane-row' }, h('div', {}, pad.element, h('div', { class: 'controls' }, padClear)), drawnAt),
    h('div', { class: 'controls' }, gridButton, saveButton(() => (view ? plane : null), 'code-plane', 'ae-plane-save')),
    grid,
  );
  return {
    element,
    setup,
    dispose: () => {
      training.dispose();
      experiment.reset();
      encode.reset();
    },
  };
}
