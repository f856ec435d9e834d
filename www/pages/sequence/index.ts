// The Sequence lab: a character-level RNN, LSTM or GRU (or all three side
// by side) trained live in the engine worker on Tang quatrains or the
// learner's own text, with loss and bits-per-character curves, streamed
// sampling, the gradient through time and the gates. A network can be saved
// as a model file and a file read back as the one network (its settings and
// text with it); a refused file leaves the network on the page.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { CellKind, SequenceConfig, SequenceImported, SequenceProgress, SequenceSetup, TextSource } from '../../engine/protocol';
import { say, t } from '../../i18n';
import type { SequenceState } from './params';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { heldOutClock } from '../../ui/held-out-clock';
import { liveKnobs } from '../../ui/knobs';
import { modelFileControls } from '../../ui/model-file';
import { publish } from '../../ui/readings';
import { type Corpus, textSourcePanel } from '../../ui/text-source';
import { MAX_LINK_TEXT } from '../../state/common';
import { LossEnds, trainingControls } from '../../ui/training';
import { CELL_COLOURS, CELLS } from './colours';
import { controls } from './controls';
import { gatePanel } from './gates';
import { gradientPanel } from './gradients';
import { samplePanel } from './sample';

/** Time per training request. */
const SLICE_MS = 300;
/** Held-out loss about this often while training. */
const EVAL_EVERY_MS = 4000;
/** A fresh sample about this often while training. */
const SAMPLE_EVERY_MS = 15_000;
/** Each cell's held-out bits per character, as published for guided runs. */
const HELD_OUT: Record<CellKind, string> = { rnn: 'sequence.heldOut.rnn', lstm: 'sequence.heldOut.lstm', gru: 'sequence.heldOut.gru' };

export type SequencePageProps = {
  client: EngineClient;
  state: SequenceState;
  setState: (patch: Partial<SequenceState>) => void;
};

export function sequenceConfig(s: SequenceState): SequenceConfig {
  return {
    cell: s.cell,
    layers: s.layers,
    hidden: s.hidden,
    embed: s.embed,
    bptt: s.bptt,
    dropout: s.drop,
    clip: s.clip,
    clipAt: s.clipAt,
    optimizer: s.opt,
    lr: s.lr,
    batch: s.batch,
    seed: s.seed,
  };
}

export function sequencePage(props: SequencePageProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let state = { ...props.state };
  let ready = false;
  let cells: CellKind[] = [];
  const evalClock = heldOutClock(EVAL_EVERY_MS);
  let lastSample = 0;
  let losses = new LossEnds();
  /** Smoothed throughput (a slice shared with sampling reads low). */
  let cps = 0;

  const setState = (patch: Partial<SequenceState>) => {
    state = { ...state, ...patch };
    props.setState(patch);
  };

  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'seq-status' });
  const info = h('p', { 'data-testid': 'seq-info' });
  const problem = h('div', { 'aria-live': 'assertive', 'data-testid': 'seq-problem' });
  const notes = h('div', { 'aria-live': 'polite', 'data-testid': 'seq-notes' });
  const lossChart = lineChart({
    title: t('sequence.lossChart'),
    xLabel: t('training.steps'),
    yLabel: t('sequence.nats'),
    testid: 'loss-chart',
    series: CELLS.map((c) => ({ label: t(`sequence.cell.${c}`), colour: CELL_COLOURS[c] })),
  });
  const bpcChart = lineChart({
    title: t('sequence.bpcChart'),
    xLabel: t('training.steps'),
    yLabel: t('sequence.bpc'),
    testid: 'bpc-chart',
    series: CELLS.flatMap((c) => [
      { label: `${t(`sequence.cell.${c}`)} · ${t('sequence.trainSplit')}`, colour: CELL_COLOURS[c] },
      { label: `${t(`sequence.cell.${c}`)} · ${t('sequence.heldOut')}`, colour: CELL_COLOURS[c], dash: true },
    ]),
  });
  const bpcNow = h('p', { class: 'big-number', 'data-testid': 'bpc' });

  const samples = samplePanel({ client, state: () => state, setState });
  const gradients = gradientPanel({ client, state: () => state, setState });
  const gates = gatePanel({ client });

  const source = (): TextSource => text.source();

  /** The views start again: a fresh network, or a file's. */
  const resetViews = () => {
    samples.reset([]);
    gates.reset([], '');
    losses = new LossEnds();
    cps = 0;
    evalClock.reset();
    lossChart.clear();
    bpcChart.clear();
    bpcNow.textContent = '';
    delete bpcNow.dataset.held;
    training.speed.textContent = '';
    delete training.speed.dataset.steps;
    problem.replaceChildren();
    notes.replaceChildren();
    info.textContent = '';
  };
  // A fresh experiment for the newest knobs and text, or the network of a
  // file. Asking for one makes every reply about the one before it stale:
  // its setup, and training slices still in flight (engine/latest.ts). The
  // views are reset only once a file is accepted.
  const experiment = latest((source: TextSource, config: SequenceConfig, compare: boolean, file: Uint8Array | null): Promise<{ setup: SequenceSetup; imported: SequenceImported | null } | null> => {
    ready = false;
    training.setReady(false);
    gradients.setReady(false);
    files.setReady(false);
    if (!file) resetViews();
    delete status.dataset.ready;
    status.textContent = t('training.preparing');
    const progress = (p: { stage: string; loaded: number; total: number }) => {
      if (p.stage.startsWith('asset:')) status.textContent = t('corpus.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
    };
    if (file) return client.request({ type: 'sequenceImport', file }, progress).done.then((r) => ({ setup: r.value.setup, imported: r.value }));
    if (source.kind === 'text' && source.text.length === 0) {
      status.textContent = t('corpus.pasteFirst');
      return Promise.resolve(null);
    }
    return client.request({ type: 'sequenceSetup', source, config, compare }, progress).done.then((r) => ({ setup: r.value, imported: null }));
  });
  /** The network(s) the engine now holds, `s`, ready to train and read. */
  const show = (s: SequenceSetup) => {
    cells = s.runs.map((r) => r.cell);
    CELLS.forEach((c, i) => {
      const used = cells.includes(c);
      lossChart.showSeries(i, used);
      bpcChart.showSeries(2 * i, used);
      bpcChart.showSeries(2 * i + 1, used);
    });
    markReady();
    samples.reset(s.runs);
    gates.reset(s.runs, s.example);
    status.dataset.ready = 'true';
    status.textContent = t('sequence.readyToTrain');
    info.textContent = t('sequence.ready', {
      chars: s.trainChars.toLocaleString(),
      held: s.validChars.toLocaleString(),
      vocab: s.vocab.toLocaleString(),
      streams: s.streams,
      bptt: state.bptt,
      params: s.runs.map((r) => `${t(`sequence.cell.${r.cell}`)} ${r.params.toLocaleString()}`).join(', '),
    });
    notes.replaceChildren(...s.notices.map((n) => h('p', { class: 'notice notice-info', 'data-testid': 'setup-notice', 'data-code': n.code }, say(n))));
  };
  const markReady = () => {
    ready = true;
    training.setReady(true);
    gradients.setReady(true);
    files.setReady(true);
  };
  const setup = async () => {
    try {
      const reply = await experiment(source(), sequenceConfig(state), state.compare, null);
      if (reply === STALE || reply === null) return;
      show(reply.setup);
      void gradients.refresh();
    } catch (err) {
      status.textContent = '';
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'refused' }, t('training.refused', { reason: (err as Error).message })));
    }
  };

  /** Bits per character now: held out where measured, the slice's training loss otherwise. */
  const showNow = (p: SequenceProgress) => {
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const lines = p.runs
      .filter((r) => r.validLoss != null || r.losses.length > 0)
      .map((r) => {
        const value = (r.validLoss ?? mean(r.losses)) / Math.LN2;
        return `${t(`sequence.cell.${r.cell}`)} ${value.toFixed(2)}`;
      });
    if (lines.length) bpcNow.textContent = t('sequence.bpcNow', { values: lines.join(' · ') });
    // The first run's held-out loss in nats, exactly as measured.
    const held = p.runs[0]?.validLoss;
    if (held != null) bpcNow.dataset.held = String(held);
  };
  /** Measure the held-out text without training: the network as it is now (paused, or just loaded). */
  const heldOut = async () => {
    const reply = await experiment.guard(client.request({ type: 'sequenceTrain', steps: 0, budgetMs: 1, evaluate: true }).done);
    if (reply !== STALE) showNow(reply.value);
  };

  const onProgress = (p: SequenceProgress) => {
    const steps = Math.max(...p.runs.map((r) => r.steps));
    const n = Math.max(...p.runs.map((r) => r.losses.length));
    const first = steps - n;
    for (let i = 0; i < n; i++) {
      lossChart.push(first + i + 1, CELLS.map((c) => p.runs.find((r) => r.cell === c)?.losses[i] ?? null));
    }
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const bpc = CELLS.flatMap((c) => {
      const run = p.runs.find((r) => r.cell === c);
      const train = run && run.losses.length ? mean(run.losses) / Math.LN2 : null;
      const held = run?.validLoss != null ? run.validLoss / Math.LN2 : null;
      if (held !== null) publish(HELD_OUT[c], held, steps);
      return [train, held];
    });
    if (n > 0) bpcChart.push(steps, bpc);
    losses.add(p.runs[0]?.losses ?? []);
    const speed = training.speed;
    losses.mark(speed, steps);
    // The loss curve's fall so far: a blown-up run reads far above 1 (or NaN).
    if (n > 0) publish('sequence.loss.ratio', losses.recent() / losses.first(), steps);
    cps = cps > 0 ? 0.7 * cps + 0.3 * p.charsPerSecond : p.charsPerSecond;
    speed.dataset.cps = String(cps);
    speed.textContent = t('sequence.speed', { cps: Math.round(cps).toLocaleString(), steps: steps.toLocaleString() });
    showNow(p);
    const blown = p.runs.filter((r) => r.diverged).map((r) => t(`sequence.cell.${r.cell}`));
    if (blown.length) {
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'diverged' }, t('sequence.diverged', { runs: blown.join(', ') })));
    }
    return p.runs.some((r) => !r.diverged);
  };

  const slice = async (): Promise<boolean> => {
    const reply = await evalClock.slice((evaluate) => experiment.guard(client.request({ type: 'sequenceTrain', steps: 10_000, budgetMs: SLICE_MS * cells.length, evaluate }).done));
    if (reply === STALE) return true;
    const more = onProgress(reply.value);
    if (performance.now() - lastSample > SAMPLE_EVERY_MS) {
      lastSample = performance.now();
      void samples.refresh();
    }
    return more;
  };

  // Unprefixed, its toggle's test id is 'train': the guided runs press it to
  // start a measured run and again to pause it.
  const training = trainingControls({
    slice,
    afterPause: async () => {
      await heldOut();
      await samples.refresh(true);
      await gradients.refresh();
      await gates.refresh();
    },
    onReset: () => void setup(),
    onRunning: (on, started) => {
      if (ready) status.textContent = on ? t('training.running') : started ? t('training.paused') : status.textContent;
      if (on) lastSample = performance.now();
    },
    onError: (message) => problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message }))),
  });

  // The text: the Tang corpus, or the learner's own (built again when a file brings its own).
  const textPanel = (corpus: Corpus, own: string) =>
    textSourcePanel({
      corpus,
      text: own,
      needs: t('sequence.needsBptt'),
      onChange: (patch) => {
        setState(patch);
        void setup();
      },
    });
  let text = textPanel(state.corpus, state.text);

  const knobs = liveKnobs<typeof state>(
    (onChange) => controls(state, onChange),
    (patch) => {
      setState(patch);
      void setup();
    },
  );

  /** The run that Export saves: the chosen recurrence's (in compare mode too). */
  const exported = () => Math.max(0, cells.indexOf(state.cell));
  /** A model file in place of the network; a refused file leaves the network, whose held-out loss is read again. */
  const load = async (file: Uint8Array): Promise<string> => {
    let reply: Awaited<ReturnType<typeof experiment>>;
    try {
      reply = await experiment(source(), sequenceConfig(state), state.compare, file);
    } catch (err) {
      // Refused: the engine kept the network the page shows; train on from it.
      if (!experiment.busy) {
        markReady();
        status.dataset.ready = 'true';
        status.textContent = t('sequence.file.kept');
        delete bpcNow.dataset.held;
        await heldOut();
      }
      throw err;
    }
    // A newer setup replaced this import while it ran: that setup owns the page now.
    if (reply === STALE || reply === null || reply.imported === null) throw new Error(t('engine.replaced'));
    const { config: c, source: src, steps } = reply.imported;
    resetViews();
    const corpus: Corpus = src.kind;
    const own = src.kind === 'text' ? src.text : '';
    setState({
      corpus,
      text: own.length > MAX_LINK_TEXT ? '' : own,
      cell: c.cell,
      compare: false,
      layers: c.layers,
      hidden: c.hidden,
      embed: c.embed,
      bptt: c.bptt,
      drop: c.dropout,
      clip: c.clip,
      clipAt: c.clipAt,
      opt: c.optimizer,
      lr: c.lr,
      batch: c.batch,
      seed: c.seed,
    });
    const fresh = textPanel(corpus, own);
    text.element.replaceWith(fresh.element);
    text = fresh;
    knobs.refresh();
    show(reply.setup);
    training.speed.dataset.steps = String(steps);
    void gradients.refresh();
    await heldOut();
    return t('sequence.file.imported', {
      cell: t(`sequence.cell.${c.cell}`),
      text: src.kind === 'tang' ? t('corpus.tang') : t('sequence.file.ownText', { chars: Array.from(own).length.toLocaleString() }),
      steps: steps.toLocaleString(),
    });
  };
  const panel = h('section', { class: 'panel' });
  const files = modelFileControls({
    save: async () => {
      const reply = await experiment.guard(client.request({ type: 'sequenceExport', run: exported() }).done);
      if (reply === STALE) throw new Error(t('engine.replaced'));
      return reply.value.file;
    },
    load,
    view: () => cells[exported()] ?? state.cell,
    dropTarget: panel,
    testid: 'seq-',
  });

  const unsubscribe = client.onStatus((s) => {
    if (s.state === 'ready') void setup();
  });

  const explain = explainPanel(t('sequence.explain.title'), 'sequence.explain', ['rnn', 'bptt', 'vanishing', 'clipping', 'lstm', 'gru', 'teacher', 'temperature']);

  const element = h(
    'section',
    { class: 'page page-sequence' },
    h('h1', {}, t('sequence.title')),
    h('p', { class: 'lede' }, t('sequence.intro')),
    text.element,
    knobs.element,
    panel,
    samples.element,
    gradients.element,
    gates.element,
    explain,
  );
  panel.append(training.element, files.element, status, info, notes, problem, bpcNow, h('div', { class: 'charts' }, lossChart.element, bpcChart.element));
  return {
    element,
    dispose: () => {
      training.dispose();
      experiment.reset();
      unsubscribe();
    },
  };
}
