// The count baselines beside word2vec, on the same text and vocabulary:
// PPMI + SVD vectors (count the pairs within the window, weight them by
// pointwise mutual information, keep the top directions) and the bigram
// model's likeliest next tokens. Asked for on demand: the counting and the
// factorisation take a second or two on the whole Tang corpus.
import type { EngineClient } from '../../engine/client';
import type { W2vCountRow, W2vNeighbourRow } from '../../engine/protocol';
import { t } from '../../i18n';
import { h } from '../../ui/dom';

/** Neighbours and followers listed per token. */
const K = 6;

export type CountsProps = {
  client: EngineClient;
  /** The tokens asked about (the nearest-neighbour query). */
  tokens: () => string[];
  /** word2vec's rows for `tokens` now, or null while nothing is trained. */
  w2vRows: (tokens: string[]) => Promise<W2vNeighbourRow[] | null>;
  /** Which run is current: replies asked for under an older one are dropped. */
  current: () => number;
};

export function countsSection(props: CountsProps): { element: HTMLElement; reset: () => void; setReady: () => void } {
  // Enabled once a word2vec run is set up: the counts are of its text and vocabulary.
  const run = h('button', { type: 'button', 'data-testid': 'counts-run', disabled: true }, t('representations.counts.run'));
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'counts-status' });
  const out = h('div', { 'data-testid': 'counts-out' });
  const list = (items: readonly { token: string; value: number }[]) => (items.length ? items.map((n) => `${n.token} ${n.value.toFixed(2)}`).join(' · ') : '—');

  const row = (c: W2vCountRow, w2v: W2vNeighbourRow | undefined) =>
    h(
      'tr',
      { 'data-token': c.token, 'data-known': String(c.known) },
      h('th', { scope: 'row' }, c.token),
      ...(c.known
        ? [
            h('td', { class: 'mono' }, w2v ? list(w2v.now.slice(0, K).map((n) => ({ token: n.token, value: n.cosine }))) : t('representations.counts.untrained')),
            h('td', { class: 'mono', 'data-testid': 'counts-svd' }, list(c.svd.map((n) => ({ token: n.token, value: n.cosine })))),
            h('td', { class: 'mono', 'data-testid': 'counts-next' }, list(c.next.map((n) => ({ token: n.token, value: n.p })))),
          ]
        : [h('td', { class: 'muted', colspan: 3 }, t('representations.unknown'))]),
    );

  run.addEventListener('click', async () => {
    const asked = props.current();
    const tokens = props.tokens();
    run.disabled = true;
    status.textContent = t('representations.counts.running');
    try {
      const reply = await props.client.request({ type: 'w2vCounts', tokens, k: K }).done;
      const w2v = await props.w2vRows(tokens);
      if (asked !== props.current()) return;
      const c = reply.value;
      status.textContent = t(c.fresh ? 'representations.counts.done' : 'representations.counts.kept', {
        entries: c.entries.toLocaleString(),
        share: ((100 * c.entries) / Math.max(1, c.vocab * c.vocab)).toFixed(1),
        vocab: c.vocab.toLocaleString(),
        dim: c.dim,
        ms: Math.round(c.ms).toLocaleString(),
      });
      out.replaceChildren(
        h(
          'table',
          { class: 'results' },
          h(
            'thead',
            {},
            h('tr', {}, h('th', {}, t('representations.nearInput')), h('th', {}, t('representations.counts.w2v')), h('th', {}, t('representations.counts.svd')), h('th', {}, t('representations.counts.next'))),
          ),
          h('tbody', {}, ...c.rows.map((r, i) => row(r, w2v?.[i]))),
        ),
      );
    } catch (err) {
      if (asked !== props.current()) return;
      status.textContent = '';
      out.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'counts-refused' }, t('app.error', { message: (err as Error).message })));
    } finally {
      if (asked === props.current()) run.disabled = false;
    }
  });

  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'counts' },
    h('h2', {}, t('representations.counts.title')),
    h('p', { class: 'muted' }, t('representations.counts.help')),
    h('div', { class: 'controls' }, run),
    status,
    out,
  );
  return {
    element,
    reset: () => {
      run.disabled = true;
      status.textContent = '';
      out.replaceChildren();
    },
    setReady: () => {
      run.disabled = false;
    },
  };
}
