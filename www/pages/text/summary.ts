// Summary: what the same text costs under each tokenizer.
import type { TokenRow } from '../../engine/protocol';
import { t } from '../../i18n';
import { h, replace } from '../../ui/dom';
import { tokenizerName } from './token-rows';

export function summary(): { element: HTMLElement; show: (rows: readonly TokenRow[]) => void } {
  const body = h('tbody');
  const columns = ['tokenizer', 'tokens', 'chars', 'bytes', 'ratio', 'time'] as const;
  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('text.summary')),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'results', 'data-testid': 'summary' },
        h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, t(`text.col.${c}`))))),
        body,
      ),
    ),
  );
  const show = (rows: readonly TokenRow[]) => {
    replace(
      body,
      ...rows
        .filter((row) => row.tokenization !== null)
        .map((row) => {
          const tk = row.tokenization!;
          const ratio = row.count === 0 ? '—' : (tk.chars / row.count).toFixed(2);
          return h(
            'tr',
            { 'data-tokenizer': row.tokenizer },
            h('th', { scope: 'row' }, tokenizerName(row)),
            h('td', { class: 'num', 'data-testid': 'tokens' }, String(row.count)),
            h('td', { class: 'num' }, String(tk.chars)),
            h('td', { class: 'num' }, String(tk.bytes)),
            h('td', { class: 'num' }, ratio),
            h('td', { class: 'num' }, `${row.ms.toFixed(1)} ms`),
          );
        }),
    );
  };
  return { element, show };
}
