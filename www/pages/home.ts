// The lab index: one card per lab; labs not built yet are marked as coming.
import { t, type MessageKey } from '../i18n';
import { BUILT_PAGES, type Page } from '../state/routes';
import { h } from '../ui/dom';

const LABS: readonly { page: Page; icon: string }[] = [
  { page: 'text', icon: 'Aa' },
  { page: 'transformer', icon: '⇄' },
  { page: 'vision', icon: '▦' },
  { page: 'sequence', icon: '∿' },
  { page: 'concepts', icon: '∇' },
  { page: 'engine', icon: '⚙' },
];

export function homePage(href: (page: Page) => string): HTMLElement {
  const cards = LABS.map(({ page, icon }) => {
    const built = BUILT_PAGES.includes(page);
    const title = t(`lab.${page}.title` as MessageKey);
    const body = t(`lab.${page}.body` as MessageKey);
    const content = [
      h('span', { class: 'card-icon', 'aria-hidden': 'true' }, icon),
      h('h3', {}, title),
      h('p', {}, body),
      built
        ? h('span', { class: 'card-cta' }, `${t('home.open')} →`)
        : h('span', { class: 'tag' }, t('home.coming')),
    ];
    return built
      ? h('a', { class: 'card', href: href(page), 'data-nav': page, 'data-lab': page }, ...content)
      : h('div', { class: 'card card-coming', 'aria-disabled': 'true', 'data-lab': page }, ...content);
  });
  return h(
    'section',
    { class: 'page page-home' },
    h('h1', {}, t('home.title')),
    h('p', { class: 'lede' }, t('home.intro')),
    h('div', { class: 'cards' }, ...cards),
  );
}
