// The "how it works" panel every lab ends with: short explanations, each a
// heading and a paragraph, in the page's language.
import { t, type KeySuffix, type MessageKey } from '../i18n';
import { h } from './dom';

/** The topics under `prefix` that have both a `.title` and a `.body`. */
type Topic<Prefix extends string> =
  KeySuffix<`${Prefix}.`> extends infer N
    ? N extends `${infer T}.title`
      ? `${Prefix}.${T}.body` extends MessageKey
        ? T
        : never
      : never
    : never;

/**
 * The Questions page showing the questions whose guided runs use `lab`,
 * in this page's language and backend.
 */
function questionsLink(lab: string): string {
  const here = new URLSearchParams(window.location.search);
  const link = new URLSearchParams();
  for (const name of ['v', 'lang', 'backend']) {
    const value = here.get(name);
    if (value !== null) link.set(name, value);
  }
  link.set('page', 'questions');
  link.set('lab', lab);
  return `?${link}`;
}

/** `prefix` + `.title`/`.body` of each topic, under the heading `title`, and a link to the lab's questions. */
export function explainPanel<Prefix extends string>(title: string, prefix: Prefix, topics: readonly Topic<Prefix>[]): HTMLElement {
  // Topic<Prefix> guarantees both keys exist; the checker cannot follow the
  // template through the generic, hence the casts.
  const text = (topic: string, part: 'title' | 'body') => t(`${prefix}.${topic}.${part}` as MessageKey);
  return h(
    'section',
    { class: 'panel explain' },
    h('h2', {}, title),
    ...topics.map((topic) =>
      h('div', { class: 'explain-item' }, h('h3', {}, text(topic, 'title')), h('p', {}, text(topic, 'body'))),
    ),
    h('p', {}, h('a', { href: questionsLink(prefix.split('.')[0] ?? ''), 'data-testid': 'explain-questions' }, t('explain.questions'))),
  );
}
