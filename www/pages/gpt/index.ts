// The GPT lab: a decoder-only Transformer the learner trains in the engine
// worker on the Tang poems or their own text, with loss and bits-per-
// character curves, the parameter and operation table, writing with every
// step's next-token distribution, and the trained model opened in the
// attention views beside BERT. The model can be saved as a model file and a
// file read back in its place (its settings and text with it); a refused
// file leaves the model on the page.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { GptImported, GptProgress, GptSettings, GptSetup, TextSource } from '../../engine/protocol';
import { say, t } from '../../i18n';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { heldOutClock } from '../../ui/held-out-clock';
import { liveKnobs } from '../../ui/knobs';
import { modelFileControls } from '../../ui/model-file';
import { type Corpus, textSourcePanel } from '../../ui/text-source';
import { MAX_LINK_TEXT } from '../../state/common';
import { LossEnds, trainingControls } from '../../ui/training';
import { blocksPanel } from './blocks';
import { cachePanel } from './cache';
import { controls } from './controls';
import { costPanel } from './cost';
import { extrapolatePanel } from './extrapolate';
import { insidePanel } from './inside';
import type { GptState } from './params';
import { positionsPanel } from './positions';
import { racePanel } from './race';
import { gptSettings, gptState } from './settings';
import { writePanel } from './write';

/** Time per training request. */
const SLICE_MS = 300;
/** Held-out loss about this often while training. */
const EVAL_EVERY_MS = 4000;
/** A fresh sample about this often while training. */
const SAMPLE_EVERY_MS = 15_000;

export type GptPageProps = {
  client: EngineClient;
  state: GptState;
  setState: (patch: Partial<GptState>) => void;
};

export function gptPage(props: GptPageProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let state = { ...props.state };
  let ready = false;
  const evalClock = heldOutClock(EVAL_EVERY_MS);
  let lastSample = 0;
  let losses = new LossEnds();
  /** Smoothed throughput. */
  let tps = 0;
  /** The latest held-out loss (measured every few slices). */
  let held: number | null = null;
  /** Characters per token: nats per token ÷ ln 2 ÷ this = bits per character. */
  let charsPerToken = 1;
  const bpc = (nats: number) => nats / Math.LN2 / charsPerToken;
  const setState = (patch: Partial<GptState>) => {
    state = { ...state, ...patch };
    props.setState(patch);
  };

  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'gpt-status' });
  const info = h('p', { 'data-testid': 'gpt-info' });
  const problem = h('div', { 'aria-live': 'assertive', 'data-testid': 'gpt-problem' });
  const notes = h('div', { 'aria-live': 'polite', 'data-testid': 'gpt-notes' });
  const lossChart = lineChart({
    title: t('gpt.lossChart'),
    xLabel: t('training.steps'),
    yLabel: t('gpt.bpc'),
    testid: 'loss-chart',
    series: [
      { label: t('gpt.trainSplit'), colour: '#2563eb' },
      { label: t('gpt.heldOut'), colour: '#dc2626', dash: true },
      { label: t('gpt.rate'), colour: '#a3a3a3', scale: 'y2' },
    ],
  });
  const bpcNow = h('p', { class: 'big-number', 'data-testid': 'bpc' });
  const cost = costPanel();
  const write = writePanel({ client, state: () => state, setState });
  const inside = insidePanel({ client, state: () => state, setState });
  const positions = positionsPanel({ client });
  const busy = () => (training.running() ? t('gpt.busy') : null);
  const cache = cachePanel({ client, state: () => state, setState, blocked: busy });
  // The text (built again when a file brings its own).
  const sourcePanel = (corpus: Corpus, own: string) =>
    textSourcePanel({
      corpus,
      text: own,
      needs: t('gpt.needsContext'),
      onChange: (patch) => {
        setState(patch);
        void setup();
      },
    });
  let source = sourcePanel(state.corpus, state.text);

  /** The views start again: a fresh model, or a file's. */
  const resetViews = () => {
    inside.reset(null);
    positions.reset(null);
    cost.show(null, state.width);
    losses = new LossEnds();
    tps = 0;
    held = null;
    evalClock.reset();
    lossChart.clear();
    bpcNow.textContent = '';
    delete bpcNow.dataset.held;
    training.speed.textContent = '';
    delete training.speed.dataset.steps;
    problem.replaceChildren();
    notes.replaceChildren();
    info.textContent = '';
  };
  // A fresh model for the newest knobs and text, or the model of a file;
  // asking for one makes every reply about the one before it stale
  // (engine/latest.ts). The views are reset only once a file is accepted.
  const experiment = latest((source: TextSource, settings: GptSettings, file: Uint8Array | null): Promise<{ setup: GptSetup; imported: GptImported | null } | null> => {
    ready = false;
    training.setReady(false);
    write.setReady(false);
    cache.setReady(false);
    files.setReady(false);
    if (!file) resetViews();
    delete status.dataset.ready;
    status.textContent = t('training.preparing');
    const progress = (p: { stage: string; loaded: number; total: number }) => {
      if (p.stage.startsWith('asset:')) status.textContent = t('corpus.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
    };
    if (file) return client.request({ type: 'gptImport', file }, progress).done.then((r) => ({ setup: r.value.setup, imported: r.value }));
    if (source.kind === 'text' && source.text.length === 0) {
      status.textContent = t('corpus.pasteFirst');
      return Promise.resolve(null);
    }
    return client.request({ type: 'gptSetup', source, settings, race: false }, progress).done.then((r) => ({ setup: r.value, imported: null }));
  });
  const markReady = () => {
    ready = true;
    training.setReady(true);
    write.setReady(true);
    cache.setReady(true);
    files.setReady(true);
  };
  /** The model the engine now holds, `s`, ready to train and read. */
  const show = (s: GptSetup) => {
    markReady();
    inside.reset(s.example);
    positions.reset(s.example);
    cost.show(s.cost, state.width);
    charsPerToken = s.charsPerToken;
    status.dataset.ready = 'true';
    status.textContent = t('gpt.readyToTrain');
    info.textContent = t(s.charsPerToken === 1 ? 'gpt.ready' : 'gpt.readyBpe', {
      perToken: s.charsPerToken.toFixed(2),
      tokens: s.trainTokens.toLocaleString(),
      held: s.validTokens.toLocaleString(),
      vocab: s.vocab.toLocaleString(),
      params: s.params.toLocaleString(),
      perStep: s.tokensPerStep.toLocaleString(),
    });
    notes.replaceChildren(...s.notices.map((n) => h('p', { class: 'notice notice-info', 'data-testid': 'setup-notice', 'data-code': n.code }, say(n))));
    void inside.refresh().then(() => positions.refresh());
  };
  const setup = async () => {
    try {
      const reply = await experiment(source.source(), gptSettings(state), null);
      if (reply === STALE || reply === null) return;
      show(reply.setup);
    } catch (err) {
      status.textContent = '';
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'refused' }, t('training.refused', { reason: (err as Error).message })));
    }
  };

  /** The held-out loss as measured, in nats per token. */
  const showHeld = (p: GptProgress) => {
    if (p.validLoss == null) return;
    held = p.validLoss;
    bpcNow.dataset.held = String(p.validLoss);
  };
  /** Measure the held-out text without training: the model as it is now (paused, or just loaded). */
  const heldOut = async () => {
    const reply = await experiment.guard(client.request({ type: 'gptTrain', steps: 0, budgetMs: 1, evaluate: true, race: false }).done);
    if (reply === STALE) return;
    showHeld(reply.value);
    if (held != null) bpcNow.textContent = t('gpt.bpcNow', { train: Number.isFinite(losses.recent()) && losses.recent() > 0 ? bpc(losses.recent()).toFixed(2) : '–', held: bpc(held).toFixed(2) });
  };

  const onProgress = (p: GptProgress) => {
    const first = p.steps - p.losses.length;
    showHeld(p);
    // The held-out loss and the rate (as a share of the peak, on the right
    // axis's 0 to 1) once per slice, with its last step.
    p.losses.forEach((loss, i) => {
      const last = i === p.losses.length - 1;
      lossChart.push(first + i + 1, [bpc(loss), last && p.validLoss != null ? bpc(p.validLoss) : null, last ? p.rate / state.lr : null]);
    });
    losses.add(p.losses);
    const speed = training.speed;
    losses.mark(speed, p.steps);
    tps = tps > 0 ? 0.7 * tps + 0.3 * p.tokensPerSecond : p.tokensPerSecond;
    speed.dataset.tps = String(tps);
    speed.textContent = t('gpt.speed', { tps: Math.round(tps).toLocaleString(), steps: p.steps.toLocaleString(), rate: p.rate.toPrecision(2) });
    cost.speed(tps);
    const recent = losses.recent();
    if (p.validLoss != null || Number.isFinite(recent)) {
      bpcNow.textContent = t('gpt.bpcNow', {
        train: bpc(recent).toFixed(2),
        held: held != null ? bpc(held).toFixed(2) : '–',
      });
    }
    if (p.diverged) problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'diverged' }, t('gpt.diverged')));
    return !p.diverged;
  };

  const slice = async (): Promise<boolean> => {
    const reply = await evalClock.slice((evaluate) => experiment.guard(client.request({ type: 'gptTrain', steps: 10_000, budgetMs: SLICE_MS, evaluate, race: false }).done));
    if (reply === STALE) return true;
    const more = onProgress(reply.value);
    if (more && performance.now() - lastSample > SAMPLE_EVERY_MS) {
      lastSample = performance.now();
      void write.refresh();
    }
    return more;
  };

  const training = trainingControls({
    slice,
    afterPause: async () => {
      await heldOut();
      await write.refresh();
      await inside.refresh();
      await positions.refresh();
    },
    onReset: () => void setup(),
    onRunning: (on, started) => {
      if (ready) status.textContent = on ? t('training.running') : started ? t('training.paused') : status.textContent;
      if (on) lastSample = performance.now();
    },
    onError: (message) => problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message }))),
  });

  const knobs = liveKnobs<typeof state>(
    (onChange) => controls(state, onChange),
    (patch) => {
      setState(patch);
      void setup();
    },
  );

  /** A model file in place of the model; a refused file leaves the model, whose held-out loss is read again. */
  const load = async (file: Uint8Array): Promise<string> => {
    let reply: Awaited<ReturnType<typeof experiment>>;
    try {
      reply = await experiment(source.source(), gptSettings(state), file);
    } catch (err) {
      // Refused: the engine kept the model the page shows; train on from it.
      if (!experiment.busy) {
        markReady();
        status.dataset.ready = 'true';
        status.textContent = t('gpt.file.kept');
        delete bpcNow.dataset.held;
        await heldOut();
      }
      throw err;
    }
    // A newer setup replaced this import while it ran: that setup owns the page now.
    if (reply === STALE || reply === null || reply.imported === null) throw new Error(t('engine.replaced'));
    const { settings: g, source: src, steps } = reply.imported;
    resetViews();
    const corpus: Corpus = src.kind;
    const own = src.kind === 'text' ? src.text : '';
    setState({ ...gptState(g), corpus, text: own.length > MAX_LINK_TEXT ? '' : own });
    const fresh = sourcePanel(corpus, own);
    source.element.replaceWith(fresh.element);
    source = fresh;
    knobs.refresh();
    show(reply.setup);
    training.speed.dataset.steps = String(steps);
    await heldOut();
    return t('gpt.file.imported', {
      text: src.kind === 'tang' ? t('corpus.tang') : t('gpt.file.ownText', { chars: Array.from(own).length.toLocaleString() }),
      steps: steps.toLocaleString(),
    });
  };
  const panel = h('section', { class: 'panel' });
  const files = modelFileControls({
    save: async () => {
      const reply = await experiment.guard(client.request({ type: 'gptExport' }).done);
      if (reply === STALE) throw new Error(t('engine.replaced'));
      return reply.value.file;
    },
    load,
    view: () => 'gpt',
    dropTarget: panel,
    testid: 'gpt-',
  });

  const race = racePanel({
    client,
    source: () => source.source(),
    settings: () => gptSettings(state),
    blocked: () => (training.running() ? t('gpt.race.busy') : null),
  });
  const extrapolate = extrapolatePanel({ client, source: () => source.source(), settings: () => gptSettings(state), state: () => state, setState, blocked: busy });
  const blocks = blocksPanel({ client, source: () => source.source(), state: () => state, setState, blocked: busy });

  // Hand the trained model to the LoRA lab as a base.
  const shareButton = h('button', { type: 'button', 'data-testid': 'gpt-share' }, t('gpt.share'));
  const shareNote = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'gpt-share-note' });
  shareButton.addEventListener('click', async () => {
    if (training.running()) {
      shareNote.textContent = t('gpt.busy');
      return;
    }
    try {
      const reply = await client.request({ type: 'gptShare' }).done;
      shareNote.textContent = t('gpt.shared', { steps: reply.value.steps.toLocaleString(), params: reply.value.params.toLocaleString() });
      shareNote.dataset.steps = String(reply.value.steps);
    } catch (err) {
      shareNote.textContent = t('app.error', { message: (err as Error).message });
    }
  });

  const unsubscribe = client.onStatus((s) => {
    if (s.state === 'ready') void setup();
  });

  const explain = explainPanel(t('gpt.explain.title'), 'gpt.explain', ['causal', 'objective', 'sampling', 'params', 'parallel', 'bertgpt']);
  const explainDecoder = explainPanel(t('gpt.explainDecoder.title'), 'gpt.explainDecoder', ['order', 'absolute', 'relative', 'rope', 'alibi', 'extrapolate', 'llama', 'gqa', 'kvcache', 'decode']);

  const element = h(
    'section',
    { class: 'page page-gpt' },
    h('h1', {}, t('gpt.title')),
    h('p', { class: 'lede' }, t('gpt.intro')),
    source.element,
    knobs.element,
    panel,
    cost.element,
    write.element,
    inside.element,
    positions.element,
    extrapolate.element,
    blocks.element,
    cache.element,
    race.element,
    explain,
    explainDecoder,
  );
  panel.append(training.element, files.element, status, info, notes, problem, bpcNow, h('div', { class: 'charts' }, lossChart.element), h('div', { class: 'controls' }, shareButton, shareNote));
  return {
    element,
    dispose: () => {
      training.dispose();
      race.dispose();
      extrapolate.dispose();
      blocks.dispose();
      cache.dispose();
      experiment.reset();
      unsubscribe();
    },
  };
}
