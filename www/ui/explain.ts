// The "how it works" panel every lab ends with: short explanations, each a
// heading and a paragraph, in the page's language.
import { t, type MessageKey } from '../i18n';
import { h } from './dom';

/** `prefix` + `.title`/`.body` of each topic, under the heading `title`. */
export function explainPanel(title: string, prefix: string, topics: readonly string[]): HTMLElement {
  return h(
    'section',
    { class: 'panel explain' },
    h('h2', {}, title),
    ...topics.map((topic) =>
      h('div', { class: 'explain-item' }, h('h3', {}, t(`${prefix}.${topic}.title` as MessageKey)), h('p', {}, t(`${prefix}.${topic}.body` as MessageKey))),
    ),
  );
}
