// The lab index: one card per lab of the lab table (www/labs.ts); labs not
// built yet are marked as coming.
import { t } from '../i18n';
import { LABS } from '../labs';
import type { Page } from '../state/routes';
import { h } from '../ui/dom';

export function homePage(href: (page: Page) => string): HTMLElement {
  const cards = LABS.map(({ id, icon, coming }) => {
    const content = [
      h('span', { class: 'card-icon', 'aria-hidden': 'true' }, icon),
      h('h3', {}, t(`${id}.card.title`)),
      h('p', {}, t(`${id}.card.body`)),
      coming
        ? h('span', { class: 'tag' }, t('home.coming'))
        : h('span', { class: 'card-cta' }, `${t('home.open')} →`),
    ];
    return coming
      ? h('div', { class: 'card card-coming', 'aria-disabled': 'true', 'data-lab': id }, ...content)
      : h('a', { class: 'card', href: href(id), 'data-nav': id, 'data-lab': id }, ...content);
  });
  return h(
    'section',
    { class: 'page page-home' },
    h('h1', {}, t('home.title')),
    h('p', { class: 'lede' }, t('home.intro')),
    h('div', { class: 'cards' }, ...cards),
  );
}
