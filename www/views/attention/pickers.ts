// The layer and head pickers the attention and arithmetic views share, with
// as many layers and heads as the run's model has.
import { t } from '../../i18n';
import { h } from '../../ui/dom';
import type { Run } from './data';

/** Layer from 1; head from 1, or 0 for the mean of the layer's heads. */
export type LayerHead = { layer: number; head: number };

/** Two selects, layer and head (with "mean" first), in a `.controls` row. */
export function layerHeadPickers(run: Run, selected: LayerHead, onPick: (patch: Partial<LayerHead>) => void): HTMLElement {
  const layer = h(
    'select',
    { id: 'attn-layer', 'data-testid': 'layer-select' },
    ...Array.from({ length: run.layers }, (_, l) => h('option', { value: l + 1, selected: l + 1 === selected.layer }, String(l + 1))),
  );
  layer.addEventListener('change', () => onPick({ layer: Number(layer.value) }));
  const head = h(
    'select',
    { id: 'attn-head', 'data-testid': 'head-select' },
    h('option', { value: 0, selected: selected.head === 0 }, t('attention.mean')),
    ...Array.from({ length: run.heads }, (_, k) => h('option', { value: k + 1, selected: k + 1 === selected.head }, String(k + 1))),
  );
  head.addEventListener('change', () => onPick({ head: Number(head.value) }));
  return h(
    'div',
    { class: 'controls' },
    h('label', { class: 'field', for: 'attn-layer' }, t('attention.layer'), layer),
    h('label', { class: 'field', for: 'attn-head' }, t('attention.head'), head),
  );
}
