// What a character-level lab learns from: the Tang poems or the learner's
// own text, pasted (applied when they leave the box). The Sequence and GPT
// labs both offer it; the engine indexes the text (src/corpus/) and says
// what it changed. A paste too long for a link stays in the page only.
import type { TextSource } from '../engine/protocol';
import { t } from '../i18n';
import { MAX_LINK_TEXT } from '../state/common';
import { h } from './dom';

/** Characters of a learner's text sent to the engine (it uses as many). */
export const MAX_TEXT = 200_000;

export type Corpus = 'tang' | 'text';

export type TextSourcePanel = {
  element: HTMLElement;
  /** What to ask the engine for now. */
  source: () => TextSource;
};

export function textSourcePanel(props: {
  corpus: Corpus;
  /** The link's text. */
  text: string;
  /** What the text must be longer than, in the learner's words. */
  needs: string;
  /** The choice or the text changed: the patch for the link. */
  onChange: (patch: { corpus?: Corpus; text?: string }) => void;
}): TextSourcePanel {
  let corpus = props.corpus;
  /** The learner's text: the link's, or a paste too long for a link. */
  let own = props.text;
  const area = h('textarea', { id: 'corpus-text', rows: 6, 'data-testid': 'own-text', placeholder: t('corpus.textHint') });
  area.value = own;
  const notes = h('div', { 'aria-live': 'polite', 'data-testid': 'text-notes' });
  area.addEventListener('change', () => {
    const raw = area.value;
    // By code point, as the engine counts (a UTF-16 cut could split a pair).
    const chars = Array.from(raw);
    own = chars.length > MAX_TEXT ? chars.slice(0, MAX_TEXT).join('') : raw;
    const n: HTMLElement[] = [];
    if (chars.length > MAX_TEXT) n.push(h('p', { class: 'notice notice-info', 'data-testid': 'text-capped' }, t('corpus.textCapped', { max: MAX_TEXT.toLocaleString(), chars: chars.length.toLocaleString() })));
    if (raw.length > MAX_LINK_TEXT) n.push(h('p', { class: 'notice notice-info' }, t('input.notInLink', { max: MAX_LINK_TEXT.toLocaleString() })));
    notes.replaceChildren(...n);
    props.onChange({ text: raw.length > MAX_LINK_TEXT ? '' : raw });
  });
  const box = h(
    'div',
    { class: 'own-text' },
    h('label', { for: 'corpus-text' }, t('corpus.textLabel')),
    area,
    h('p', { class: 'muted' }, t('corpus.textLimits', { max: MAX_TEXT.toLocaleString(), needs: props.needs })),
    notes,
  );
  box.hidden = corpus !== 'text';
  const picker = h(
    'div',
    { class: 'tabs', role: 'radiogroup', 'aria-label': t('corpus.title') },
    ...(['tang', 'text'] as const).map((c) => {
      const b = h('button', { type: 'button', role: 'radio', 'data-corpus': c, 'aria-checked': String(corpus === c) }, t(`corpus.${c}`));
      b.addEventListener('click', () => {
        if (corpus === c) return;
        corpus = c;
        for (const other of picker.children) other.setAttribute('aria-checked', String((other as HTMLElement).dataset.corpus === c));
        box.hidden = c !== 'text';
        props.onChange({ corpus: c });
      });
      return b;
    }),
  );
  return {
    element: h('section', { class: 'panel' }, h('h2', {}, t('corpus.title')), picker, h('p', { class: 'muted' }, t('corpus.tangAbout')), box),
    source: () => (corpus === 'tang' ? { kind: 'tang' } : { kind: 'text', text: own }),
  };
}
