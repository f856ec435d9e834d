// Inside the trained GPT: the attention views the Transformer lab draws for
// BERT (www/views/attention/), here on the learner's own decoder, its
// causal mask drawn as masked; and BERT against GPT on the same sentence.
// The text is any the learner types (characters outside the vocabulary are
// left out; the context caps its length).
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import { t } from '../../i18n';
import { h } from '../../ui/dom';
import { arithmeticView, attentionDetail, attentionGrid, attentionStats, embeddingsView, layerHeadPickers, toRun, type Run } from '../../views/attention';
import { masksView } from './masks';
import { GPT_VIEWS, MAX_PROMPT, type GptState } from './params';

export type InsidePanel = {
  element: HTMLElement;
  /** Look again (the model trained on, or a new one is ready). */
  refresh: () => Promise<void>;
  /** A new model: its example line, or null while there is none. */
  reset: (example: string | null) => void;
};

export function insidePanel(props: { client: EngineClient; state: () => GptState; setState: (patch: Partial<GptState>) => void }): InsidePanel {
  const { client } = props;
  let run: Run | null = null;
  let example = '';
  let ready = false;
  const text = () => props.state().vtext || example;
  const patch = (p: Partial<GptState>) => {
    props.setState(p);
    render();
  };

  const input = h('input', { id: 'g-vtext', type: 'text', maxlength: MAX_PROMPT, 'data-testid': 'gpt-view-text' });
  input.addEventListener('change', () => {
    props.setState({ vtext: input.value.slice(0, MAX_PROMPT) });
    void refresh();
  });
  const status = h('p', { class: 'muted', 'data-testid': 'gpt-view-status' });
  const tabs = h(
    'div',
    { class: 'tabs', role: 'tablist', 'aria-label': t('gpt.views') },
    ...GPT_VIEWS.map((view) => h('button', { type: 'button', role: 'tab', 'data-view': view, onclick: () => patch({ view }) }, t(`gpt.view.${view}`))),
  );
  const grid = attentionGrid((layer, head) => patch({ layer, head }));
  const detail = attentionDetail({ onDraw: (draw) => patch({ draw }) });
  const stats = attentionStats();
  const arithmetic = arithmeticView({
    fetchHead: (t, layer, head) => client.request({ type: 'gptHead', text: t, layer, head }).done.then((r) => r.value),
    text,
    setState: ({ temp, ...rest }) => patch({ ...rest, ...(temp !== undefined ? { atemp: temp } : {}) }),
  });
  const embeddings = embeddingsView({ setState: patch, vectorsIntro: t('gpt.vectorsIntro') });
  const masks = masksView({ client });
  const box = h('div', { class: 'view', 'data-testid': 'gpt-view' });

  const render = () => {
    const state = props.state();
    for (const tab of tabs.children) tab.setAttribute('aria-selected', String((tab as HTMLElement).dataset.view === state.view));
    if (!run) {
      box.replaceChildren();
      return;
    }
    const layer = Math.min(state.layer, run.layers);
    const head = Math.min(state.head, run.heads);
    const pickers = () => layerHeadPickers(run as Run, { layer, head }, patch);
    if (state.view === 'attention') {
      grid.show(run, layer, head);
      detail.show(run, layer, head, state.draw);
      stats.show(run);
      box.replaceChildren(pickers(), detail.element, grid.element, stats.element);
    } else if (state.view === 'head') {
      arithmetic.show(run, { layer, head, query: Math.min(state.query, run.seq - 1), temp: state.atemp, scale: state.scale });
      box.replaceChildren(pickers(), arithmetic.element);
    } else if (state.view === 'embeddings') {
      embeddings.show(run, { hs: Math.min(state.hs, run.layers), query: state.query });
      box.replaceChildren(embeddings.element);
    } else {
      masks.show(run, text());
      box.replaceChildren(masks.element);
    }
  };

  const look = latest(() => client.request({ type: 'gptInspect', text: text() }).done);
  const refresh = async () => {
    if (!ready) return;
    status.textContent = t('gpt.viewLoading');
    try {
      const reply = await look();
      if (reply === STALE) return;
      run = toRun(reply.value, { causal: true });
      status.textContent = t('gpt.viewReady', { n: run.seq, ms: reply.value.forwardMs.toFixed(0) });
      box.dataset.tokens = String(run.seq);
      render();
    } catch (err) {
      status.textContent = t('app.error', { message: (err as Error).message });
    }
  };
  tabs.addEventListener('click', () => {
    if (!run) void refresh();
  });

  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('gpt.insideTitle')),
    h('p', { class: 'muted' }, t('gpt.insideIntro')),
    h('label', { class: 'field', for: 'g-vtext' }, t('gpt.viewText'), input),
    status,
    tabs,
    box,
  );
  return {
    element,
    refresh,
    reset: (line) => {
      ready = line !== null;
      example = line ?? '';
      input.value = props.state().vtext || example;
      run = null;
      look.reset();
      status.textContent = '';
      render();
    },
  };
}
