// Every knob of the Sequence lab: the network (recurrence, layers, sizes,
// dropout), truncated back-propagation, clipping, the optimizer and the
// seed. Each control writes straight into the link state; changing one
// builds a fresh network.
import { t } from '../../i18n';
import { OPTIMIZERS } from '../../state/common';
import type { SequenceState } from './params';
import { h } from '../../ui/dom';
import { check, number, select } from '../../ui/knobs';
import { CELLS } from './colours';

type Patch = Partial<SequenceState>;

export function controls(state: SequenceState, onChange: (patch: Patch) => void): HTMLElement {
  const pick = <K extends keyof SequenceState & string, O extends string | number>(key: K, options: readonly O[], label: string, labelOf?: (v: O) => string) =>
    select(state, key, options, label, onChange, labelOf, 's');
  return h(
    'div',
    { class: 'vision-knobs' },
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('sequence.network')),
      h(
        'div',
        { class: 'controls' },
        pick('cell', CELLS, t('sequence.cell'), (v) => t(`sequence.cell.${v}`)),
        check(state, 'compare', t('sequence.compare'), onChange, 's'),
        pick('layers', [1, 2], t('sequence.layers')),
        pick('hidden', [16, 32, 64, 128, 256, 512], t('sequence.hidden')),
        pick('embed', [8, 16, 32, 64, 128], t('sequence.embed')),
        pick('drop', [0, 0.1, 0.2, 0.3, 0.5], t('sequence.dropout')),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('sequence.training')),
      h(
        'div',
        { class: 'controls' },
        pick('bptt', [4, 8, 16, 32, 64, 128], t('sequence.bptt')),
        pick('batch', [1, 8, 16, 32, 64, 128], t('sequence.batch')),
        pick('opt', OPTIMIZERS, t('training.optimizer'), (v) => t(`training.opt.${v}`)),
        pick('lr', [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], t('training.lr')),
        check(state, 'clip', t('sequence.clip'), onChange, 's'),
        pick('clipAt', [0.1, 0.5, 1, 5, 25], t('sequence.clipAt')),
        number(state, 'seed', t('training.seed'), { min: 0, max: 1_000_000, step: 1 }, onChange, 's'),
      ),
    ),
  );
}
