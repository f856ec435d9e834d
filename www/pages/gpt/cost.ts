// The parameter and operation table: every part of the model with its
// trainable values and forward FLOPs per token (computed in the engine from
// the shapes, and checked there against burn's own count), the 12·L·d² rule
// of thumb against the exact count of the blocks, and the measured training
// speed turned into achieved GFLOP/s.
import type { Cost } from '../../engine/protocol';
import { t } from '../../i18n';
import { h } from '../../ui/dom';
import { publish } from '../../ui/readings';

const compact = (n: number) =>
  n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0);
/** `compact` in a table cell, its number and unit kept on one line. */
const cell = (n: number) => compact(n).replace(' ', '\u00a0');

export function costPanel(): { element: HTMLElement; show: (cost: Cost | null, width: number) => void; speed: (tokensPerSecond: number) => void } {
  const table = h('table', { class: 'data-table', 'data-testid': 'cost-table' });
  const rule = h('p', { 'data-testid': 'cost-rule' });
  const flops = h('p', { 'data-testid': 'cost-flops' });
  const achieved = h('p', { class: 'big-number', 'data-testid': 'gflops' });
  let current: Cost | null = null;
  // On a phone the table scrolls sideways rather than squeezing its numbers.
  const scroll = h('div', { class: 'table-scroll' }, table);
  const element = h('section', { class: 'panel' }, h('h2', {}, t('gpt.cost.title')), h('p', { class: 'muted' }, t('gpt.cost.intro')), scroll, rule, flops, achieved);
  return {
    element,
    show: (cost, width) => {
      current = cost;
      achieved.textContent = '';
      if (!cost) {
        table.replaceChildren();
        rule.textContent = '';
        flops.textContent = '';
        return;
      }
      const head = h('tr', {}, ...['part', 'count', 'params', 'share', 'flops'].map((k) => h('th', { scope: 'col' }, t(`gpt.cost.${k}` as 'gpt.cost.part'))));
      const rows = cost.rows.map((r) =>
        h(
          'tr',
          { 'data-part': r.part },
          h('th', { scope: 'row' }, t(`gpt.part.${r.part}`)),
          h('td', { class: 'mono' }, `×${r.count}`),
          h('td', { class: 'mono' }, r.params.toLocaleString()),
          h('td', { class: 'mono' }, `${((100 * r.params) / cost.params).toFixed(1)}%`),
          h('td', { class: 'mono' }, cell(r.flops)),
        ),
      );
      const total = h(
        'tr',
        { class: 'total' },
        h('th', { scope: 'row' }, t('gpt.cost.total')),
        h('td', {}),
        h('td', { class: 'mono', 'data-testid': 'cost-total' }, cost.params.toLocaleString()),
        h('td', { class: 'mono' }, '100%'),
        h('td', { class: 'mono' }, cell(cost.forwardFlops)),
      );
      table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...rows, total));
      rule.textContent = t('gpt.cost.rule', {
        rule: cost.ruleOfThumb.toLocaleString(),
        exact: cost.blockParams.toLocaleString(),
        ratio: (cost.blockParams / cost.ruleOfThumb).toFixed(3),
      });
      flops.textContent = t('gpt.cost.perToken', { forward: compact(cost.forwardFlops), train: compact(cost.trainFlops) });
      const part = (name: string) => cost.rows.filter((r) => r.part === name);
      const params = (name: string) => part(name).reduce((sum, r) => sum + r.params, 0);
      publish('gpt.cost.attention', params('attention'));
      publish('gpt.cost.mlp', params('mlp'));
      // The choices take the token embedding and the output layer together (one matrix when tied).
      publish('gpt.cost.embedding', params('embedding') + params('output'));
      // Each norm's values per feature of the width: LayerNorm's γ and β, RMSNorm's gain.
      const norms = part('norms')[0];
      if (norms) publish('gpt.cost.normsPerFeature', norms.params / (norms.count * width));
    },
    speed: (tokensPerSecond) => {
      if (!current || !(tokensPerSecond > 0)) return;
      const gflops = (tokensPerSecond * current.trainFlops) / 1e9;
      achieved.dataset.gflops = String(gflops);
      achieved.textContent = t('gpt.cost.achieved', { tps: Math.round(tokensPerSecond).toLocaleString(), gflops: gflops.toFixed(2) });
    },
  };
}
