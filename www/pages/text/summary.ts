// Summary: what the same text costs under each tokenizer.
import type { TokenizerId, TokenRow } from '../../engine/protocol';
import { t } from '../../i18n';
import { h, replace } from '../../ui/dom';
import { publish } from '../../ui/readings';
import { tokenizerName } from './token-rows';

/** Each tokenizer's token count, as published for guided runs. */
const TOKENS: Record<TokenizerId, string> = {
  wordpiece: 'text.tokens.wordpiece',
  r50kBase: 'text.tokens.r50kBase',
  cl100kBase: 'text.tokens.cl100kBase',
  o200kBase: 'text.tokens.o200kBase',
  jieba: 'text.tokens.jieba',
  jiebaHmm: 'text.tokens.jieba',
  chars: 'text.tokens.chars',
  bytes: 'text.tokens.bytes',
};

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
          publish(TOKENS[row.tokenizer], row.count);
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
