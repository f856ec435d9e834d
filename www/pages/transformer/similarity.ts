// Sentence similarity: each line's sentence embedding (mean over tokens,
// then unit length, as sentence-transformers does) and the cosine of every
// pair, as a heatmap with the values written in.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { Similarity } from '../../engine/protocol';
import { t } from '../../i18n';
import { DIVERGING, colour } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { SENTENCE_SETS } from './samples';

export type SimilarityState = { sentences: string; set: 'en' | 'zh' };

/** Sentences compared at most (the engine's limit too). */
export const MAX_SENTENCES = 16;

export function similarityView(props: {
  client: EngineClient;
  state: SimilarityState;
  setState: (patch: Partial<SimilarityState>) => void;
  onDone: () => void;
}): { element: HTMLElement; run: () => void } {
  const input = h('textarea', { id: 'tf-sentences', rows: 7, spellcheck: false, 'data-testid': 'sentences-input' });
  input.value = props.state.sentences || SENTENCE_SETS[props.state.set];
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'similarity-status' });
  const matrix = h('div', { class: 'table-scroll', 'data-testid': 'similarity-matrix' });
  const examples = (['en', 'zh'] as const).map((set) =>
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        'data-set': set,
        onclick: () => {
          input.value = SENTENCE_SETS[set];
          props.setState({ set, sentences: '' });
          run();
        },
      },
      t(`transformer.sim.example.${set}`),
    ),
  );
  const compare = h('button', { type: 'button', 'data-testid': 'similarity-run', onclick: () => run() }, t('transformer.sim.compare'));
  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('transformer.sim.title')),
    h('p', { class: 'muted' }, t('transformer.sim.intro')),
    h('label', { for: 'tf-sentences', class: 'field-label' }, t('transformer.sim.input', { max: MAX_SENTENCES })),
    input,
    h('div', { class: 'input-foot' }, h('div', { class: 'samples' }, h('span', { class: 'muted' }, t('transformer.sim.examples')), ...examples), compare),
    status,
    matrix,
    h('p', { class: 'muted' }, t('transformer.sim.note')),
  );
  input.addEventListener('input', () => props.setState({ sentences: input.value }));

  const draw = (sim: Similarity) => {
    const n = sim.sentences.length;
    const short = (s: string) => (s.length > 36 ? `${s.slice(0, 35)}…` : s);
    const head = h('tr', {}, h('th', {}), ...sim.sentences.map((_, j) => h('th', { class: 'num', title: sim.sentences[j] }, String(j + 1))));
    const rows = sim.sentences.map((s, i) =>
      h(
        'tr',
        {},
        h('th', { class: 'sim-label', title: s }, `${i + 1}. ${short(s)}`),
        ...Array.from({ length: n }, (_, j) => {
          const v = sim.matrix[i * n + j] as number;
          const cell = h('td', { class: 'sim-cell num', 'data-i': i, 'data-j': j, title: `${v.toFixed(4)}` }, v.toFixed(2));
          cell.style.background = colour(DIVERGING, 0.5 + v / 2);
          if (Math.abs(v) > 0.6) cell.classList.add('on-dark');
          return cell;
        }),
      ),
    );
    matrix.replaceChildren(h('table', { class: 'sim-table' }, h('thead', {}, head), h('tbody', {}, ...rows)));
    const cut = sim.truncated.filter(Boolean).length;
    status.textContent = t('transformer.sim.done', { n, ms: sim.forwardMs.toFixed(0) }) + (cut ? ` ${t('transformer.sim.truncated', { n: cut })}` : '');
  };

  // A new comparison cancels the one in flight (it may take seconds) and
  // runs when that one has stopped; only the newest is drawn (engine/latest.ts).
  const compareAll = latest(
    (sentences: string[]) =>
      props.client.request({ type: 'similarity', sentences }, (p) => {
        if (p.stage === 'sentences') status.textContent = t('transformer.sim.progress', { done: p.loaded, n: p.total });
        else if (p.stage.startsWith('asset:')) status.textContent = t('transformer.model.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
      }),
    { cancel: true },
  );
  const run = () => {
    const lines = input.value.split('\n').map((s) => s.toWellFormed().trim()).filter((s) => s !== '');
    if (lines.length === 0) {
      status.textContent = t('transformer.sim.empty');
      matrix.replaceChildren();
      return;
    }
    const notes: string[] = [];
    if (lines.length > MAX_SENTENCES) notes.push(t('transformer.sim.tooMany', { max: MAX_SENTENCES, n: lines.length }));
    const sentences = lines.slice(0, MAX_SENTENCES);
    void compareAll(sentences).then(
      (reply) => {
        if (reply === STALE) return;
        draw(reply.value);
        props.onDone();
        if (notes.length) status.textContent = `${notes.join(' ')} ${status.textContent ?? ''}`;
      },
      (err: Error) => {
        if (err.name !== 'CancelledError') status.textContent = t('app.error', { message: err.message });
      },
    );
  };
  return { element, run };
}
