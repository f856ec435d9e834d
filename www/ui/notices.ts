// The notice area: fallbacks, bad links, crashes, updates. Each notice is
// text (never HTML), announced to screen readers, and dismissable.
import { t } from '../i18n';
import { h } from './dom';

export type NoticeAction = { label: string; run: () => void };

export class Notices {
  readonly element = h('section', { class: 'notices', 'aria-live': 'polite', 'aria-label': 'Notices' });

  /** Show `text`; the same text is not shown twice at once. */
  show(text: string, kind: 'info' | 'warn' = 'warn', action?: NoticeAction): void {
    for (const existing of this.element.querySelectorAll('.notice-text')) {
      if (existing.textContent === text) return;
    }
    const notice = h('div', { class: `notice notice-${kind}`, role: kind === 'warn' ? 'alert' : 'status' });
    const dismiss = h('button', { class: 'notice-dismiss', type: 'button', 'aria-label': t('notice.dismiss') }, '×');
    dismiss.addEventListener('click', () => notice.remove());
    notice.append(h('span', { class: 'notice-text' }, text));
    if (action) {
      const button = h('button', { type: 'button', class: 'notice-action' }, action.label);
      button.addEventListener('click', action.run);
      notice.append(button);
    }
    notice.append(dismiss);
    this.element.append(notice);
  }

}
