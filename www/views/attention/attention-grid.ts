// All 72 heads at a glance: one thumbnail of the attention matrix per layer
// and head, plus each layer's mean. Clicking one opens it in the detail view.
import { t } from '../../i18n';
import { drawMatrix, sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { headMatrix, type Run } from './data';

const THUMB = 46;

export function attentionGrid(onPick: (layer: number, head: number) => void): {
  element: HTMLElement;
  show: (run: Run, layer: number, head: number) => void;
} {
  const table = h('div', { class: 'head-grid', role: 'grid', 'data-testid': 'head-grid', 'aria-label': t('transformer.grid.label') });
  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('transformer.grid.title')),
    h('p', { class: 'muted' }, t('transformer.grid.intro')),
    h('div', { class: 'table-scroll' }, table),
  );

  const show = (run: Run, layer: number, head: number) => {
    const header = h(
      'div',
      { class: 'head-grid-row', role: 'row' },
      h('span', { class: 'head-grid-corner' }),
      ...Array.from({ length: run.heads }, (_, k) => h('span', { class: 'head-grid-col', role: 'columnheader' }, String(k + 1))),
      h('span', { class: 'head-grid-col', role: 'columnheader' }, t('transformer.mean')),
    );
    const rows = Array.from({ length: run.layers }, (_, l) => {
      const cells = [...Array.from({ length: run.heads }, (_, k) => k), -1].map((k) => {
        const canvas = h('canvas', { 'aria-hidden': 'true' });
        const ctx = sizeCanvas(canvas, THUMB, THUMB);
        drawMatrix(ctx, headMatrix(run, l, k), run.seq, run.seq, { x: 0, y: 0, w: THUMB, h: THUMB });
        const selected = l + 1 === layer && (k + 1 === head || (k === -1 && head === 0));
        const name = k === -1 ? t('transformer.layerMean', { layer: l + 1 }) : t('transformer.headName', { layer: l + 1, head: k + 1 });
        return h(
          'button',
          {
            type: 'button',
            class: `head-thumb${selected ? ' selected' : ''}${k === -1 ? ' mean' : ''}`,
            role: 'gridcell',
            title: name,
            'aria-label': name,
            'aria-pressed': selected ? 'true' : 'false',
            'data-layer': l + 1,
            'data-head': k + 1,
            onclick: () => onPick(l + 1, k + 1),
          },
          canvas,
        );
      });
      return h('div', { class: 'head-grid-row', role: 'row' }, h('span', { class: 'head-grid-rowhead', role: 'rowheader' }, t('transformer.layerShort', { layer: l + 1 })), ...cells);
    });
    table.replaceChildren(header, ...rows);
  };
  return { element, show };
}
