// After training: the confusion matrix of the test split and a gallery of
// the digits the network gets wrong (true label -> its guess).
import type { Evaluation } from '../../engine/protocol';
import { t } from '../../i18n';
import { HEAT, colour } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { digitCanvas, testDigit, type DigitSet } from './digits';

export function results(onPick: (testIndex: number) => void): { element: HTMLElement; show: (e: Evaluation, digits: DigitSet | null) => void } {
  const matrix = h('div', { class: 'table-scroll', 'data-testid': 'confusion' });
  const gallery = h('div', { class: 'gallery', 'data-testid': 'mistakes' });
  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('vision.results')),
    h('div', { class: 'results-grid' }, h('div', {}, h('h3', {}, t('vision.confusion')), h('p', { class: 'muted' }, t('vision.confusionHelp')), matrix), h('div', {}, h('h3', {}, t('vision.mistakes')), gallery)),
  );
  const show = (e: Evaluation, digits: DigitSet | null) => {
    const max = Math.max(1, ...e.confusion.filter((_, i) => i % 11 !== 0));
    const head = h('tr', {}, h('th', {}, t('vision.trueVsPred')), ...Array.from({ length: 10 }, (_, p) => h('th', { class: 'num' }, String(p))));
    const rows = Array.from({ length: 10 }, (_, truth) =>
      h(
        'tr',
        {},
        h('th', {}, String(truth)),
        ...Array.from({ length: 10 }, (_, p) => {
          const n = e.confusion[truth * 10 + p] ?? 0;
          const cell = h('td', { class: 'num cm-cell', 'data-true': truth, 'data-pred': p }, String(n));
          if (truth === p) cell.classList.add('cm-diag');
          else if (n > 0) {
            const level = 0.15 + (0.85 * n) / max;
            cell.style.background = colour(HEAT, level);
            if (level > 0.6) cell.classList.add('on-dark');
          }
          return cell;
        }),
      ),
    );
    matrix.replaceChildren(h('table', { class: 'cm' }, h('thead', {}, head), h('tbody', {}, ...rows)));
    if (!digits) return;
    gallery.replaceChildren(
      ...e.mistakes.map((i, k) => {
        const d = testDigit(digits, i);
        return h(
          'button',
          { type: 'button', class: 'mistake', title: t('vision.mistakeTitle', { truth: d.label, pred: e.mistakenFor[k] ?? 0 }), onclick: () => onPick(i) },
          digitCanvas(d.pixels, 2),
          h('span', {}, `${d.label}→${e.mistakenFor[k] ?? '?'}`),
        );
      }),
    );
  };
  return { element, show };
}
