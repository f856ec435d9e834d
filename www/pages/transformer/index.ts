// The Transformer lab: the learner's text through a real pretrained BERT
// encoder (all-MiniLM-L6-v2) in the engine worker, and four ways to look
// inside it: every attention head (AttentionGrid, AttentionDetail,
// AttentionStats), one head's arithmetic (Arithmetic), the embeddings and how
// they move through the layers (Embeddings), and sentence similarity. The
// first three are the shared attention views (www/views/attention/), drawn
// here with bidirectional attention and this model's head and nearest-token
// requests.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import { floats } from '../../engine/floats';
import type { Inspection } from '../../engine/protocol';
import { t } from '../../i18n';
import { TRANSFORMER_VIEWS, type TransformerState, type TransformerView } from './params';
import { formatBytes, h } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { progressBar } from '../../ui/progress';
import { publish } from '../../ui/readings';
import {
  arithmeticView,
  attend,
  attentionDetail,
  attentionGrid,
  attentionStats,
  embeddingsView,
  headMatrix,
  layerHeadPickers,
  shares,
  toRun,
  type Run,
} from '../../views/attention';
import { TEXTS } from './samples';
import { similarityView } from './similarity';

/** Characters sent to the model at most: far beyond its 512 tokens. */
export const MAX_CHARS = 20_000;
const MAX_TOKENS = 512;
const DEBOUNCE_MS = 250;

export type TransformerPageProps = {
  client: EngineClient;
  state: TransformerState;
  setState: (patch: Partial<TransformerState>) => void;
};

export function transformerPage(props: TransformerPageProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let state = { ...props.state };
  let run: Run | null = null;
  const setState = (patch: Partial<TransformerState>) => {
    state = { ...state, ...patch };
    props.setState(patch);
    render();
  };
  const currentText = () => (state.text === '' ? TEXTS[state.sample] : state.text);
  const modelText = () => input.value.toWellFormed().slice(0, MAX_CHARS);

  // The model and its download.
  const download = progressBar(t('transformer.model.download'));
  download.element.hidden = true;
  const modelStatus = h('p', { class: 'muted', 'data-testid': 'model-status' }, t('transformer.model.notLoaded'));
  const modelPanel = h(
    'section',
    { class: 'panel model-card' },
    h('h2', {}, t('transformer.model.title')),
    h('p', {}, t('transformer.model.about')),
    download.element,
    modelStatus,
  );

  // Input.
  const input = h('textarea', { id: 'tf-input', rows: 3, spellcheck: false, 'data-testid': 'tf-input' });
  input.value = currentText();
  const counts = h('p', { class: 'muted', 'data-testid': 'tf-counts' });
  const warnings = h('div', { class: 'text-warnings', 'aria-live': 'polite', 'data-testid': 'tf-warnings' });
  const samples = h(
    'div',
    { class: 'samples', role: 'group', 'aria-label': t('input.samples') },
    h('span', { class: 'muted' }, t('input.samples')),
    ...(['en', 'zh'] as const).map((sample) =>
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          'data-sample': sample,
          onclick: () => {
            input.value = TEXTS[sample];
            setState({ sample, text: '' });
            schedule(true);
          },
        },
        t(`transformer.sample.${sample}`),
      ),
    ),
  );
  const inputPanel = h(
    'section',
    { class: 'panel' },
    h('label', { for: 'tf-input', class: 'field-label' }, t('transformer.input')),
    input,
    h('div', { class: 'input-foot' }, counts, samples),
    warnings,
  );
  input.addEventListener('input', () => {
    state = { ...state, text: input.value.length > MAX_CHARS ? '' : input.value };
    props.setState({ text: state.text });
    schedule();
  });

  // Views.
  const tabs = h(
    'div',
    { class: 'tabs', role: 'tablist', 'aria-label': t('transformer.views') },
    ...TRANSFORMER_VIEWS.map((view) =>
      h('button', { type: 'button', role: 'tab', 'data-view': view, onclick: () => setState({ view }) }, t(`transformer.view.${view}`)),
    ),
  );
  const grid = attentionGrid((layer, head) => setState({ layer, head }));
  const detail = attentionDetail({ onDraw: (draw) => setState({ draw }) });
  const stats = attentionStats();
  const arithmetic = arithmeticView({
    fetchHead: (text, layer, head) =>
      client.request({ type: 'head', text, layer, head }).done.then((reply) => {
        // The query's largest weight with and without the 1/√d_k scale, at
        // temperature 1, as the view computes and prints them.
        const d = reply.value;
        const query = run ? Math.min(state.query, run.seq - 1) : 0;
        const q = floats(d.q).subarray(query * d.dK, (query + 1) * d.dK);
        const largest = (scale: boolean) => Math.max(...attend(q, floats(d.k), d.dK, 1, scale).weights);
        publish('transformer.head.maxScaled', largest(true));
        publish('transformer.head.maxUnscaled', largest(false));
        return d;
      }),
    text: modelText,
    setState,
  });
  const embeddings = embeddingsView({
    setState,
    vectorsIntro: t('transformer.emb.vectorsIntro'),
    nearest: {
      fetch: (token) => client.request({ type: 'nearest', token, count: 12 }).done.then((reply) => reply.value),
      intro: t('transformer.emb.nearestIntro'),
    },
  });
  const similarity = similarityView({
    client,
    state,
    setState: (patch) => {
      state = { ...state, ...patch };
      props.setState(patch);
    },
    onDone: () => {
      download.element.hidden = true;
      if (modelStatus.dataset.ready !== 'true') modelStatus.textContent = t('transformer.model.ready');
    },
  });
  const viewBox = h('div', { class: 'view', 'data-testid': 'tf-view' });

  const explain = explainPanel(t('transformer.explain.title'), 'transformer.explain', ['attention', 'multihead', 'scale', 'special', 'position', 'bertgpt']);

  const render = () => {
    for (const tab of tabs.children) tab.setAttribute('aria-selected', String((tab as HTMLElement).dataset.view === state.view));
    inputPanel.hidden = state.view === 'similarity';
    const view: TransformerView = state.view;
    if (view === 'similarity') {
      viewBox.replaceChildren(similarity.element);
      return;
    }
    if (!run) {
      viewBox.replaceChildren();
      return;
    }
    if (view === 'attention') {
      grid.show(run, state.layer, state.head);
      detail.show(run, state.layer, state.head, state.draw);
      stats.show(run);
      // The chosen layer's row of the stats table: its share on [CLS] and [SEP] together.
      const share = shares(headMatrix(run, state.layer - 1, -1), run.tokens);
      publish('transformer.stats.special', (share.cls ?? 0) + (share.sep ?? 0));
      viewBox.replaceChildren(layerHeadPickers(run, state, setState), detail.element, grid.element, stats.element);
    } else if (view === 'head') {
      arithmetic.show(run, state);
      viewBox.replaceChildren(layerHeadPickers(run, state, setState), arithmetic.element);
    } else {
      embeddings.show(run, state);
      viewBox.replaceChildren(embeddings.element);
    }
  };

  const showWarnings = (raw: string, inspection: Inspection | null) => {
    const notes: string[] = [];
    if (raw.toWellFormed() !== raw) notes.push(t('input.surrogates'));
    if (raw.length > MAX_CHARS) notes.push(t('transformer.tooLongChars', { max: MAX_CHARS.toLocaleString() }));
    if (inspection && inspection.totalTokens > MAX_TOKENS) notes.push(t('transformer.truncated', { total: inspection.totalTokens, max: MAX_TOKENS }));
    if (inspection && inspection.unknown > 0 && inspection.unknown === inspection.tokens.length - 2) notes.push(t('transformer.allUnknown'));
    else if (inspection && inspection.unknown > 0) notes.push(t('transformer.someUnknown', { n: inspection.unknown }));
    warnings.replaceChildren(...notes.map((note) => h('p', { class: 'notice notice-warn' }, note)));
  };

  // Inspect the latest text after a quiet moment: one request at a time,
  // keystrokes meanwhile coalesced into one more run (engine/latest.ts).
  // Every answer updates the model's status (its load time comes once, with
  // the first); only the newest is drawn.
  const inspect = latest(
    (): Promise<{ raw: string; inspection: Inspection } | null> => {
      if (state.view === 'similarity') return Promise.resolve(null);
      const raw = input.value;
      const text = modelText();
      counts.textContent = t('input.count', { chars: [...raw].length, bytes: new TextEncoder().encode(raw).length });
      if (text.trim() === '') {
        run = null;
        showWarnings(raw, null);
        viewBox.replaceChildren(h('p', { class: 'notice notice-info', 'data-testid': 'tf-empty' }, t('transformer.empty')));
        return Promise.resolve(null);
      }
      const job = client.request({ type: 'inspect', text }, (p) => {
        if (p.stage.startsWith('asset:') && p.stage.endsWith('.safetensors')) {
          download.element.hidden = false;
          download.update(p.loaded, p.total, t('progress.bytes', { loaded: formatBytes(p.loaded), total: formatBytes(p.total) }));
          modelStatus.textContent = t('transformer.model.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
        }
      });
      return job.done.then((reply) => {
        const inspection = reply.value;
        download.element.hidden = true;
        const backend = client.status.state === 'ready' && client.status.backend.kind === 'webgpu' ? 'WebGPU' : 'CPU';
        modelStatus.textContent =
          (inspection.loadMs !== null ? `${t('transformer.model.loaded', { ms: inspection.loadMs.toFixed(0) })} ` : '') +
          t('transformer.model.forward', { n: inspection.tokens.length, ms: inspection.forwardMs.toFixed(0), backend });
        return { raw, inspection };
      });
    },
    { delayMs: DEBOUNCE_MS },
  );
  /** Inspect again, after a quiet moment or (`now`) at once. */
  const schedule = (now = false) => {
    void (now ? inspect.now() : inspect()).then(
      (result) => {
        if (result === STALE || result === null) return;
        run = toRun(result.inspection, { causal: false });
        showWarnings(result.raw, result.inspection);
        render();
        modelStatus.dataset.ready = 'true';
      },
      (err: Error) => {
        modelStatus.textContent = t('app.error', { message: err.message });
      },
    );
  };

  // Views switch without a new forward pass; similarity computes on demand.
  tabs.addEventListener('click', () => {
    if (state.view === 'similarity') similarity.run();
    else if (!run) schedule(true);
  });

  const element = h(
    'section',
    { class: 'page page-transformer' },
    h('h1', {}, t('transformer.title')),
    h('p', { class: 'lede' }, t('transformer.intro')),
    modelPanel,
    inputPanel,
    tabs,
    viewBox,
    explain,
  );
  render();
  // After the first render: an engine that is ready already inspects at once.
  const unsubscribe = client.onStatus((s) => {
    if (s.state === 'ready') {
      if (state.view === 'similarity') similarity.run();
      else schedule(true);
    }
  });
  return {
    element,
    dispose: () => {
      inspect.reset();
      unsubscribe();
      embeddings.dispose();
    },
  };
}
