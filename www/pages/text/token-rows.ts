// TokenRows: one row per tokenizer, the text drawn as chips at the token
// boundaries. Hovering or focusing a chip shows its id and bytes and lights
// up, in every row, the chips that cover the same characters.
import type { Token, TokenRow } from '../../engine/protocol';
import { say, t } from '../../i18n';
import { h, replace } from '../../ui/dom';
import { visible } from './visible';

/** Chips drawn per row; counts always cover the whole text. */
export const MAX_DRAWN = 2000;

/** How a token looks in a chip: whitespace made visible. */
function chipText(token: Token): string {
  if (token.special) return token.text;
  return visible(token.text) || '∅';
}

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export function tokenizerName(row: TokenRow): string {
  const key = row.tokenizer === 'jiebaHmm' ? 'jieba' : row.tokenizer;
  return t(`text.tok.${key}`);
}

export type TokenRowsView = { element: HTMLElement; show: (rows: readonly TokenRow[]) => void };

export function tokenRows(): TokenRowsView {
  const detail = h('div', { class: 'token-detail', 'aria-live': 'polite', 'data-testid': 'token-detail' }, t('text.detail'));
  const list = h('div', { class: 'token-rows' });
  const element = h('section', { class: 'panel' }, detail, list);
  let chips: HTMLElement[] = [];
  /** The token and row behind each chip, for the delegated listeners. */
  let behind = new WeakMap<Element, { token: Token; row: TokenRow }>();

  const light = (chip: HTMLElement | null) => {
    const start = Number(chip?.dataset.start ?? -1);
    const end = Number(chip?.dataset.end ?? -1);
    for (const other of chips) {
      const s = Number(other.dataset.start);
      const e = Number(other.dataset.end);
      const overlaps = chip !== null && (s < end && e > start || (s === e && s === start && other.dataset.special !== '1'));
      other.classList.toggle('lit', overlaps);
      other.classList.toggle('active', other === chip);
    }
  };

  const describe = (chip: HTMLElement, token: Token, row: TokenRow) => {
    replace(
      detail,
      h('strong', {}, tokenizerName(row)),
      ' ',
      h('code', { class: 'token-text' }, token.text),
      token.id === null ? null : h('span', {}, ` ${t('text.detail.id')} `, h('code', { 'data-testid': 'detail-id' }, String(token.id))),
      h('span', {}, ` ${t('text.detail.bytes')} `, h('code', { 'data-testid': 'detail-bytes' }, hex(token.bytes) || '—')),
      h('span', { class: 'muted' }, ` ${t('text.detail.span', { start: token.start, end: token.end })}`),
    );
    light(chip);
  };

  const show = (rows: readonly TokenRow[]) => {
    chips = [];
    behind = new WeakMap();
    const rendered = rows.map((row) => {
      const name = tokenizerName(row);
      const head = h('div', { class: 'row-head' }, h('h3', {}, name));
      if (row.error !== null || row.tokenization === null) {
        return h('div', { class: 'token-row', 'data-tokenizer': row.tokenizer }, head, h('p', { class: 'fail' }, t('text.failed', { name, message: row.error ? say(row.error) : '?' })));
      }
      const tokens = row.tokenization.tokens;
      head.append(h('span', { class: 'muted', 'data-testid': 'row-count' }, t('text.tokens', { count: row.count })));
      const line = h('div', { class: 'chips', role: 'list', 'aria-label': name });
      tokens.forEach((token, i) => {
        const chip = h(
          'span',
          {
            class: `chip c${i % 6}${token.special ? ' special' : ''}`,
            role: 'listitem',
            tabindex: i === 0 ? 0 : -1,
            'data-start': token.start,
            'data-end': token.end,
            'data-special': token.special ? '1' : undefined,
            title: token.id === null ? token.text : `${token.text} · ${token.id}`,
          },
          chipText(token),
        );
        behind.set(chip, { token, row });
        chips.push(chip);
        line.append(chip);
      });
      // Arrow keys move along a row; one tab stop per row.
      line.addEventListener('keydown', (event) => {
        const current = (event.target as HTMLElement).closest('.chip');
        const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
        if (!current || step === 0) return;
        const next = (step > 0 ? current.nextElementSibling : current.previousElementSibling) as HTMLElement | null;
        if (next?.classList.contains('chip')) {
          event.preventDefault();
          next.focus();
        }
      });
      if (row.count > tokens.length) {
        line.append(h('span', { class: 'muted not-drawn' }, t('text.notDrawn', { count: row.count - tokens.length })));
      }
      const ids = row.ids.join(', ');
      const copy = h('button', { type: 'button', class: 'small' }, t('text.copy'));
      copy.addEventListener('click', () => {
        void navigator.clipboard.writeText(`[${ids}]`).then(() => (copy.textContent = t('text.copied')));
      });
      const idsView =
        row.ids.length === 0
          ? null
          : h('details', { class: 'ids' }, h('summary', {}, t('text.ids')), h('code', { 'data-testid': 'ids' }, `[${ids}]`), copy);
      return h('div', { class: 'token-row', 'data-tokenizer': row.tokenizer }, head, line, idsView);
    });
    replace(list, ...rendered);
  };

  // Thousands of chips: one listener for all of them.
  const onChip = (event: Event) => {
    const chip = (event.target as Element | null)?.closest<HTMLElement>('.chip');
    const found = chip ? behind.get(chip) : undefined;
    if (chip && found) describe(chip, found.token, found.row);
  };
  list.addEventListener('mouseover', onChip);
  list.addEventListener('focusin', onChip);
  element.addEventListener('mouseleave', () => light(null));
  return { element, show };
}
