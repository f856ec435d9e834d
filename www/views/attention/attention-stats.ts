// Where attention goes, layer by layer: the mean share (over heads and
// query tokens) that lands on [CLS], on [SEP] and on the token itself.
// Many BERT heads park their attention on [SEP] when they have nothing to
// do; this table makes that visible. A text without those tokens (a GPT's)
// gets the self column alone.
import { t } from '../../i18n';
import { h } from '../../ui/dom';
import { headMatrix, shares, type Run } from './data';

export function attentionStats(): { element: HTMLElement; show: (run: Run) => void } {
  const intro = h('p', { class: 'muted' });
  const head = h('tr');
  const body = h('tbody');
  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('attention.stats.title')),
    intro,
    h('table', { class: 'results', 'data-testid': 'attention-stats' }, h('thead', {}, head), body),
  );
  const bar = (x: number) => {
    const fill = h('span', { class: 'bar' });
    fill.style.width = `${Math.round(60 * x)}px`; // CSSOM: allowed under the CSP
    return h('td', { class: 'num' }, fill, ` ${(100 * x).toFixed(0)}%`);
  };
  const show = (run: Run) => {
    const perLayer = Array.from({ length: run.layers }, (_, l) => shares(headMatrix(run, l, -1), run.tokens));
    // The text has [CLS] or [SEP] in every layer or in none.
    const special = perLayer.some((s) => s.cls !== null || s.sep !== null);
    intro.textContent = t(special ? 'attention.stats.intro' : 'attention.stats.introSelf', { heads: run.heads });
    head.replaceChildren(
      h('th', {}, t('attention.layer')),
      ...(special ? [h('th', { class: 'num' }, '[CLS]'), h('th', { class: 'num' }, '[SEP]')] : []),
      h('th', { class: 'num' }, t('attention.stats.self')),
    );
    body.replaceChildren(
      ...perLayer.map((s, l) =>
        h('tr', {}, h('td', {}, String(l + 1)), ...(special ? [bar(s.cls ?? 0), bar(s.sep ?? 0)] : []), bar(s.self)),
      ),
    );
  };
  return { element, show };
}
