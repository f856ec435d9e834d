// The Embeddings lab (Representations): word2vec trained live in the
// engine worker on the Tang poems or the learner's text, by characters or
// jieba words, skip-gram or CBOW with negative sampling; its loss, any
// token's nearest neighbours (after the first epoch and now), analogies,
// and a map of the most frequent tokens (PCA, or UMAP in a worker:
// ./umap.ts); beside it the count baselines (./counts.ts) and one word in
// two sentences through MiniLM (./contextual.ts). Then an autoencoder
// against a VAE on the digits (./autoencoder.ts) and β = 0, 1 and 4 side by
// side (./beta.ts).
import type { EngineClient } from '../../engine/client';
import { floats } from '../../engine/floats';
import { STALE, latest } from '../../engine/latest';
import type { TextSource, W2vImported, W2vNeighbourRow, W2vSettings, W2vSetup } from '../../engine/protocol';
import { t } from '../../i18n';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { liveKnobs, number, select } from '../../ui/knobs';
import { modelFileControls } from '../../ui/model-file';
import { MAX_LINK_TEXT } from '../../state/common';
import { publish } from '../../ui/readings';
import { type Corpus, textSourcePanel } from '../../ui/text-source';
import { LossEnds, trainingControls } from '../../ui/training';
import { aeSettings, autoencoderSection } from './autoencoder';
import { betaSection } from './beta';
import { contextualSection } from './contextual';
import { countsSection } from './counts';
import { mapView } from './map';
import { umapLayout } from './umap';
import type { RepresentationsState } from './params';
import { MAX_QUERY } from './params';

/** Time per training request. */
const SLICE_MS = 300;
/** Neighbours refreshed about this often while training. */
const NEAR_EVERY_MS = 3000;
/** Tokens on the map. */
const MAP_TOKENS = 300;
/** Neighbours listed per token. */
const NEAR_K = 8;

export type RepresentationsPageProps = {
  client: EngineClient;
  state: RepresentationsState;
  setState: (patch: Partial<RepresentationsState>) => void;
};

export function w2vSettings(s: RepresentationsState): W2vSettings {
  return { method: s.method, dim: s.dim, window: s.window, negatives: s.neg, subsample: s.sub, lr: s.lr, epochs: s.epochs, batch: s.batch, seed: s.seed };
}

/** The tokens of a comma-separated query (either comma), at most 12. */
function tokensOf(query: string): string[] {
  return query
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0)
    .slice(0, 12);
}

export function representationsPage(props: RepresentationsPageProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let state = { ...props.state };
  let trained = false;
  let lastNear = 0;
  let losses = new LossEnds();
  /** Runs set up so far: replies about an older one are dropped. */
  let runs = 0;
  /** Epochs trained so far, for the readings guided runs wait on. */
  let epochs = 0;
  const setState = (patch: Partial<RepresentationsState>) => {
    state = { ...state, ...patch };
    props.setState(patch);
  };

  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'w2v-status' });
  const info = h('p', { 'data-testid': 'w2v-info' });
  const problem = h('div', { 'aria-live': 'assertive', 'data-testid': 'w2v-problem' });
  const lossChart = lineChart({
    title: t('representations.lossChart'),
    xLabel: t('training.steps'),
    yLabel: t('representations.lossAxis'),
    testid: 'w2v-loss',
    series: [{ label: t('representations.lossAxis'), colour: '#c2410c' }],
  });

  // Nearest neighbours of the tokens asked.
  const nearInput = h('input', { id: 'w2v-near', type: 'text', value: state.near, maxlength: MAX_QUERY, size: 24, 'data-testid': 'w2v-near-input' });
  const nearTable = h('div', { 'data-testid': 'w2v-near', 'aria-live': 'polite' });
  const nearRow = (row: W2vNeighbourRow) => {
    const list = (items: readonly { token: string; cosine: number }[] | null) => (items ? items.map((n) => `${n.token} ${n.cosine.toFixed(2)}`).join(' · ') : '—');
    return h(
      'tr',
      { 'data-token': row.token, 'data-known': String(row.known) },
      h('th', { scope: 'row' }, row.token),
      row.known ? h('td', { class: 'mono' }, list(row.firstEpoch)) : h('td', { class: 'muted', colspan: 2 }, t('representations.unknown')),
      ...(row.known ? [h('td', { class: 'mono', 'data-testid': 'w2v-near-now' }, list(row.now))] : []),
    );
  };
  const refreshNear = async () => {
    if (!trained) {
      nearTable.replaceChildren(h('p', { class: 'muted' }, t('representations.trainFirst')));
      return;
    }
    const reply = await experiment.guard(client.request({ type: 'w2vNeighbours', tokens: tokensOf(state.near), k: NEAR_K }).done);
    if (reply === STALE) return;
    const rows = reply.value;
    nearTable.replaceChildren(
      h(
        'table',
        { class: 'results' },
        h('thead', {}, h('tr', {}, h('th', {}, t('representations.nearInput')), h('th', {}, t('representations.nearAfterFirst')), h('th', {}, t('representations.nearNow')))),
        h('tbody', {}, ...rows.map(nearRow)),
      ),
    );
    // The first token's closest neighbour now, for guided runs (at whole epochs done).
    const top = rows[0]?.now[0];
    if (top) publish('representations.near.cosine', top.cosine, Math.floor(epochs));
  };
  nearInput.addEventListener('change', () => {
    setState({ near: nearInput.value.slice(0, MAX_QUERY) });
    void refreshNear();
  });

  // Analogies.
  const term = (key: 'a' | 'b' | 'c') => {
    const input = h('input', { type: 'text', value: state[key], maxlength: 20, size: 6, 'aria-label': key, 'data-testid': `w2v-${key}` });
    input.addEventListener('change', () => setState({ [key]: input.value.trim().slice(0, 20) }));
    return input;
  };
  const [a, b, c] = [term('a'), term('b'), term('c')];
  const analogyRun = h('button', { type: 'button', 'data-testid': 'w2v-analogy-run', disabled: true }, t('representations.analogyRun'));
  const analogyOut = h('p', { class: 'mono', 'aria-live': 'polite', 'data-testid': 'w2v-analogy' });
  analogyRun.addEventListener('click', async () => {
    const reply = await experiment.guard(client.request({ type: 'w2vAnalogy', a: state.a, b: state.b, c: state.c, k: 5 }).done);
    if (reply === STALE) return;
    const answer = reply.value;
    analogyOut.textContent = answer.unknown.length
      ? t('representations.analogyUnknown', { tokens: answer.unknown.join(', ') })
      : `${state.a} − ${state.b} + ${state.c} ≈ ${answer.answers.map((n) => `${n.token} ${n.cosine.toFixed(2)}`).join(' · ')}`;
    analogyOut.dataset.answers = String(answer.answers.length);
  });

  // The map.
  const map = mapView();
  const mapHelp = h('p', { class: 'muted' });
  const mapRefresh = h('button', { type: 'button', 'data-testid': 'w2v-map-refresh', disabled: true }, t('representations.mapRefresh'));
  const umap = umapLayout();
  const refreshMap = async () => {
    const reply = await experiment.guard(client.request({ type: 'w2vMap', n: MAP_TOKENS }).done);
    if (reply === STALE) return;
    const m = reply.value;
    if (state.proj === 'pca') {
      map.draw(m, 'pca');
      mapHelp.textContent = t('representations.mapHelp', { n: m.tokens.length, pct: Math.round(100 * m.explained) });
      return;
    }
    // The layout runs in its own worker and is not awaited: a pause need not wait for it.
    mapHelp.textContent = t('representations.mapUmapRunning', { n: m.tokens.length });
    const run = runs;
    umap.layout(floats(m.vectors), m.tokens.length, m.dim, state.seed).then(
      (laid) => {
        if (!laid || run !== runs || state.proj !== 'umap') return;
        map.draw({ ...m, points: laid.points }, 'umap');
        mapHelp.textContent = t('representations.mapUmap', { n: m.tokens.length, ms: Math.round(laid.ms).toLocaleString() });
      },
      (err: Error) => {
        if (run === runs) mapHelp.textContent = t('app.error', { message: err.message });
      },
    );
  };
  const projection = select(state, 'proj', ['pca', 'umap'] as const, t('representations.mapProj'), (patch) => {
    setState(patch);
    if (trained) void refreshMap();
  }, (v) => t(`representations.mapProj.${v}`), 'm');
  mapRefresh.addEventListener('click', () => void refreshMap());

  /** The run's views start again: a fresh run, or a file's. */
  const resetViews = () => {
    runs += 1;
    counts.reset();
    trained = false;
    epochs = 0;
    losses = new LossEnds();
    lossChart.clear();
    map.clear();
    training.speed.textContent = '';
    problem.replaceChildren();
    info.textContent = '';
    analogyOut.textContent = '';
    nearTable.replaceChildren(h('p', { class: 'muted' }, t('representations.trainFirst')));
  };
  // A fresh run for the newest knobs and text, or a model file's run;
  // replies about the one before are stale. The views are reset only once a
  // file is accepted.
  const experiment = latest((source: TextSource, s: RepresentationsState, file: Uint8Array | null): Promise<{ setup: W2vSetup; imported: W2vImported | null } | null> => {
    training.setReady(false);
    files.setReady(false);
    analogyRun.disabled = true;
    mapRefresh.disabled = true;
    if (!file) resetViews();
    delete status.dataset.ready;
    status.textContent = t('training.preparing');
    const progress = (p: { stage: string; loaded: number; total: number }) => {
      if (p.stage.startsWith('asset:')) status.textContent = t('corpus.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
    };
    if (file) return client.request({ type: 'w2vImport', file }, progress).done.then((r) => ({ setup: r.value.setup, imported: r.value }));
    if (source.kind === 'text' && source.text.trim().length === 0) {
      status.textContent = t('corpus.pasteFirst');
      return Promise.resolve(null);
    }
    return client
      .request({ type: 'w2vSetup', source, unit: s.unit, maxVocab: s.vocab, minCount: s.unit === 'words' ? 2 : 1, settings: w2vSettings(s) }, progress)
      .done.then((r) => ({ setup: r.value, imported: null }));
  });
  /** The run the engine now holds, ready to train. */
  const show = (s: W2vSetup) => {
    training.setReady(true);
    files.setReady(true);
    counts.setReady();
    status.dataset.ready = 'true';
    status.textContent = t('representations.readyToTrain');
    info.textContent = t('representations.ready', {
      vocab: s.vocab.toLocaleString(),
      distinct: s.distinct.toLocaleString(),
      tokens: s.tokens.toLocaleString(),
      sentences: s.sentences.toLocaleString(),
      params: s.params.toLocaleString(),
      top: s.top.slice(0, 12).map((x) => x.token).join(' '),
    });
  };
  const setup = async () => {
    try {
      const reply = await experiment(text.source(), state, null);
      if (reply === STALE || reply === null) return;
      show(reply.setup);
    } catch (err) {
      status.textContent = '';
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'w2v-refused' }, t('training.refused', { reason: (err as Error).message })));
    }
  };

  /** A model file in place of the run: its text, knobs, vectors and steps; a refused file leaves the run. */
  const load = async (file: Uint8Array): Promise<string> => {
    let reply: Awaited<ReturnType<typeof experiment>>;
    try {
      reply = await experiment(text.source(), state, file);
    } catch (err) {
      // Refused: the engine kept the run the page shows; train on from it.
      if (!experiment.busy) {
        training.setReady(true);
        files.setReady(true);
        analogyRun.disabled = !trained;
        mapRefresh.disabled = !trained;
        status.dataset.ready = 'true';
        status.textContent = t('representations.file.kept');
      }
      throw err;
    }
    // A newer setup replaced this import while it ran: that setup owns the page now.
    if (reply === STALE || reply === null || reply.imported === null) throw new Error(t('engine.replaced'));
    const { spec, steps } = reply.imported;
    resetViews();
    const set = spec.settings;
    const own = spec.source.kind === 'text' ? spec.source.text : '';
    setState({
      corpus: spec.source.kind as Corpus,
      text: own.length > MAX_LINK_TEXT ? '' : own,
      unit: spec.unit,
      vocab: spec.maxVocab,
      method: set.method,
      dim: set.dim,
      window: set.window,
      neg: set.negatives,
      sub: set.subsample,
      lr: set.lr,
      epochs: set.epochs,
      batch: set.batch,
      seed: set.seed,
    });
    // The text panel is built again with the file's text (the learner's own words travel in the file).
    const fresh = textPanel(spec.source.kind as Corpus, own);
    text.element.replaceWith(fresh.element);
    text = fresh;
    knobs.refresh();
    show(reply.setup);
    trained = steps > 0;
    analogyRun.disabled = !trained;
    mapRefresh.disabled = !trained;
    training.speed.dataset.steps = String(steps);
    if (trained) {
      await refreshNear();
      await refreshMap();
    }
    return t('representations.file.imported', { vocab: reply.setup.vocab.toLocaleString(), dim: set.dim, steps: steps.toLocaleString() });
  };

  const slice = async (): Promise<boolean> => {
    const reply = await experiment.guard(client.request({ type: 'w2vTrain', budgetMs: SLICE_MS }).done);
    if (reply === STALE) return true;
    const p = reply.value;
    epochs = p.epochs;
    if (p.losses.length) {
      const mean = p.losses.reduce((x, y) => x + y, 0) / p.losses.length;
      lossChart.push(p.steps, [mean]);
      losses.add(p.losses);
      losses.mark(training.speed, p.steps);
      publish('representations.loss.ratio', losses.recent() / losses.first(), p.steps);
    }
    trained = p.steps > 0;
    analogyRun.disabled = !trained;
    mapRefresh.disabled = !trained;
    training.speed.dataset.eps = String(p.examplesPerSecond);
    training.speed.dataset.epochs = String(p.epochs);
    training.speed.textContent = t('representations.speed', {
      eps: Math.round(p.examplesPerSecond).toLocaleString(),
      steps: p.steps.toLocaleString(),
      epoch: p.epochs.toFixed(2),
      lr: p.lr.toPrecision(2),
    });
    if (p.diverged) problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'w2v-diverged' }, t('representations.diverged')));
    if (p.finished) {
      status.dataset.finished = 'true';
      status.textContent = t('representations.finished', { epochs: state.epochs });
    }
    if (performance.now() - lastNear > NEAR_EVERY_MS) {
      lastNear = performance.now();
      void refreshNear();
    }
    return !p.finished && !p.diverged;
  };

  // Its Train/Pause toggle is 'w2v-train': guided runs press it to start a measured run.
  const training = trainingControls({
    slice,
    afterPause: async () => {
      await refreshNear();
      await refreshMap();
    },
    onReset: () => void setup(),
    onRunning: (on, started) => {
      if (on) status.textContent = t('training.running');
      else if (started && status.dataset.finished !== 'true') status.textContent = t('training.paused');
    },
    onError: (message) => problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message }))),
    testid: 'w2v-',
  });
  const trainingPanel = h('section', { class: 'panel' }, training.element, status, info, problem, h('div', { class: 'charts' }, lossChart.element));

  const textPanel = (corpus: Corpus, own: string) =>
    textSourcePanel({
      corpus,
      text: own,
      needs: t('representations.needs'),
      onChange: (patch) => {
        setState(patch);
        void setup();
      },
    });
  let text = textPanel(state.corpus, state.text);

  const knobs = liveKnobs<RepresentationsState>(
    (onChange) => {
      const pick = <K extends keyof RepresentationsState & string, O extends string | number>(key: K, options: readonly O[], label: string, labelOf?: (v: O) => string) =>
        select(state, key, options, label, onChange, labelOf, 'w');
      return h(
        'section',
        { class: 'panel' },
        h('h2', {}, t('representations.model')),
        h(
          'div',
          { class: 'controls' },
          pick('unit', ['chars', 'words'] as const, t('representations.unit'), (v) => t(`representations.unit.${v}`)),
          pick('method', ['skipGram', 'cbow'] as const, t('representations.method'), (v) => t(`representations.method.${v}`)),
          pick('dim', [2, 10, 25, 50, 100, 200, 300], t('representations.dim')),
          pick('window', [1, 2, 3, 5, 8, 10], t('representations.window')),
          pick('neg', [1, 2, 5, 10, 20], t('representations.neg')),
          pick('sub', [0, 0.00001, 0.0001, 0.001, 0.01], t('representations.sub'), (v) => (v === 0 ? t('representations.sub.off') : String(v))),
          pick('lr', [0.001, 0.005, 0.025, 0.05, 0.1, 0.5, 1], t('training.lr')),
          pick('epochs', [1, 2, 3, 5, 10, 20], t('representations.epochs')),
          pick('batch', [64, 128, 256, 512, 1024, 2048], t('representations.batch')),
          pick('vocab', [500, 1000, 2000, 3000, 5000], t('representations.vocab')),
          number(state, 'seed', t('training.seed'), { min: 0, max: 1_000_000, step: 1 }, onChange, 'w'),
        ),
      );
    },
    (patch) => {
      setState(patch);
      void setup();
    },
  );

  const files = modelFileControls({
    save: async () => (await experiment.guard(client.request({ type: 'w2vExport' }).done).then((r) => (r === STALE ? Promise.reject(new Error(t('engine.replaced'))) : r.value.file))),
    load,
    view: () => 'word2vec',
    dropTarget: trainingPanel,
    testid: 'w2v-',
  });
  training.element.after(files.element);

  const counts = countsSection({
    client,
    tokens: () => tokensOf(state.near),
    current: () => runs,
    w2vRows: async (tokens) => {
      if (!trained) return null;
      const reply = await experiment.guard(client.request({ type: 'w2vNeighbours', tokens, k: NEAR_K }).done);
      return reply === STALE ? null : reply.value;
    },
  });
  const contextual = contextualSection({
    client,
    state: () => state,
    setState,
    staticRow: async (word) => {
      if (!trained) return null;
      const reply = await experiment.guard(client.request({ type: 'w2vNeighbours', tokens: [word], k: NEAR_K }).done);
      return reply === STALE ? null : (reply.value[0] ?? null);
    },
  });
  const autoencoder = autoencoderSection({ client, state: () => state, setState });
  const beta = betaSection({ client, settings: () => aeSettings(state), state: () => state, setState });

  const unsubscribe = client.onStatus((s) => {
    contextual.setReady(s.state === 'ready');
    beta.setReady(s.state === 'ready');
    if (s.state !== 'ready') return;
    void (async () => {
      await setup();
      await autoencoder.setup();
    })();
  });

  const element = h(
    'section',
    { class: 'page page-representations' },
    h('h1', {}, t('representations.title')),
    h('p', { class: 'lede' }, t('representations.intro')),
    text.element,
    knobs.element,
    trainingPanel,
    h('section', { class: 'panel' }, h('h2', {}, t('representations.nearTitle')), h('p', { class: 'muted' }, t('representations.nearHelp')), h('label', { class: 'field', for: 'w2v-near' }, t('representations.nearInput'), nearInput), nearTable),
    h('section', { class: 'panel' }, h('h2', {}, t('representations.analogyTitle')), h('p', { class: 'muted' }, t('representations.analogyHelp')), h('div', { class: 'controls' }, a, ' − ', b, ' + ', c, analogyRun), analogyOut),
    h('section', { class: 'panel' }, h('h2', {}, t('representations.mapTitle')), mapHelp, h('div', { class: 'controls' }, projection, mapRefresh), map.element),
    counts.element,
    contextual.element,
    explainPanel(t('representations.explain.title'), 'representations.explain', ['distributional', 'methods', 'negative', 'subsampling', 'window', 'bigram']),
    autoencoder.element,
    beta.element,
    explainPanel(t('representations.ae.explainTitle'), 'representations.explain', ['bottleneck', 'holes', 'reparam', 'kl', 'beta']),
  );
  nearTable.replaceChildren(h('p', { class: 'muted' }, t('representations.trainFirst')));
  return {
    element,
    dispose: () => {
      training.dispose();
      experiment.reset();
      autoencoder.dispose();
      contextual.dispose();
      umap.dispose();
      beta.dispose();
      unsubscribe();
    },
  };
}
