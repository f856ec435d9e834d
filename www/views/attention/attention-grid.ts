// Every head at a glance: one thumbnail of the attention matrix per layer
// and head, plus each layer's mean. Clicking one opens it in the detail view.
// In a causal model the masked cells of each thumbnail are hatched.
import { t } from '../../i18n';
import { drawMatrix, sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { headMatrix, type Run } from './data';
import { drawMask, maskLegend } from './mask';

const THUMB = 46;

/** `onPick` gets the layer from 1 and the head from 1 (0: the layer's mean). */
export function attentionGrid(onPick: (layer: number, head: number) => void): {
  element: HTMLElement;
  show: (run: Run, layer: number, head: number) => void;
} {
  const table = h('div', { class: 'head-grid', role: 'grid', 'data-testid': 'head-grid', 'aria-label': t('attention.grid.label') });
  const title = h('h2', {});
  const legend = maskLegend();
  const element = h(
    'section',
    { class: 'panel' },
    title,
    h('p', { class: 'muted' }, t('attention.grid.intro')),
    legend.element,
    h('div', { class: 'table-scroll' }, table),
  );

  const show = (run: Run, layer: number, head: number) => {
    title.textContent = t('attention.grid.title', { n: run.layers * run.heads });
    legend.show(run.causal);
    const header = h(
      'div',
      { class: 'head-grid-row', role: 'row' },
      h('span', { class: 'head-grid-corner' }),
      ...Array.from({ length: run.heads }, (_, k) => h('span', { class: 'head-grid-col', role: 'columnheader' }, String(k + 1))),
      h('span', { class: 'head-grid-col', role: 'columnheader' }, t('attention.mean')),
    );
    const rows = Array.from({ length: run.layers }, (_, l) => {
      const cells = [...Array.from({ length: run.heads }, (_, k) => k), -1].map((k) => {
        const canvas = h('canvas', { 'aria-hidden': 'true' });
        const ctx = sizeCanvas(canvas, THUMB, THUMB);
        const rect = { x: 0, y: 0, w: THUMB, h: THUMB };
        drawMatrix(ctx, headMatrix(run, l, k), run.seq, run.seq, rect);
        if (run.causal) drawMask(ctx, run.seq, rect);
        const selected = l + 1 === layer && (k + 1 === head || (k === -1 && head === 0));
        const name = k === -1 ? t('attention.layerMean', { layer: l + 1 }) : t('attention.headName', { layer: l + 1, head: k + 1 });
        return h(
          'button',
          {
            type: 'button',
            class: `head-thumb${selected ? ' selected' : ''}${k === -1 ? ' mean' : ''}`,
            role: 'gridcell',
            title: name,
            'aria-label': name,
            // A grid cell says it is the one shown by being selected (aria-pressed is for toggle buttons).
            'aria-selected': selected ? 'true' : 'false',
            'data-layer': l + 1,
            'data-head': k + 1,
            onclick: () => onPick(l + 1, k + 1),
          },
          canvas,
        );
      });
      return h('div', { class: 'head-grid-row', role: 'row' }, h('span', { class: 'head-grid-rowhead', role: 'rowheader' }, t('attention.layerShort', { layer: l + 1 })), ...cells);
    });
    table.replaceChildren(header, ...rows);
  };
  return { element, show };
}
