// The one progress component every long job uses: a label, a bar, a count.
import { h } from './dom';

export type ProgressView = {
  element: HTMLElement;
  update: (loaded: number, total: number, text: string) => void;
};

export function progressBar(label: string): ProgressView {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': label });
  const count = h('span', { class: 'progress-count' });
  const element = h('div', { class: 'progress', role: 'group', 'aria-label': label }, h('span', {}, label), bar, count);
  return {
    element,
    update(loaded, total, text) {
      if (total > 0) {
        bar.max = total;
        bar.value = Math.min(loaded, total);
      } else {
        bar.removeAttribute('value');
      }
      count.textContent = text;
    },
  };
}
