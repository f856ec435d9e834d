// Where attention goes, layer by layer: the mean share (over heads and
// query tokens) that lands on [CLS], on [SEP] and on the token itself.
// Many BERT heads park their attention on [SEP] when they have nothing to
// do; this table makes that visible.
import { t } from '../../i18n';
import { h } from '../../ui/dom';
import { headMatrix, shares, type Run } from './data';

export function attentionStats(): { element: HTMLElement; show: (run: Run) => void } {
  const body = h('tbody');
  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('transformer.stats.title')),
    h('p', { class: 'muted' }, t('transformer.stats.intro')),
    h(
      'table',
      { class: 'results', 'data-testid': 'attention-stats' },
      h('thead', {}, h('tr', {}, h('th', {}, t('transformer.layer')), h('th', { class: 'num' }, '[CLS]'), h('th', { class: 'num' }, '[SEP]'), h('th', { class: 'num' }, t('transformer.stats.self')))),
      body,
    ),
  );
  const bar = (x: number) => {
    const fill = h('span', { class: 'bar' });
    fill.style.width = `${Math.round(60 * x)}px`; // CSSOM: allowed under the CSP
    return h('td', { class: 'num' }, fill, ` ${(100 * x).toFixed(0)}%`);
  };
  const show = (run: Run) => {
    body.replaceChildren(
      ...Array.from({ length: run.layers }, (_, l) => {
        const s = shares(headMatrix(run, l, -1), run.tokens);
        return h('tr', {}, h('td', {}, String(l + 1)), bar(s.cls), bar(s.sep), bar(s.self));
      }),
    );
  };
  return { element, show };
}
