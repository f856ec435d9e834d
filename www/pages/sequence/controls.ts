// Every knob of the Sequence lab: the network (recurrence, layers, sizes,
// dropout), truncated back-propagation, clipping, the optimizer and the
// seed. Each control writes straight into the link state; changing one
// builds a fresh network.
import { t, type MessageKey } from '../../i18n';
import { OPTIMIZERS, type SequenceState } from '../../state/routes';
import { h } from '../../ui/dom';
import { check, number, select } from '../../ui/knobs';
import { CELLS } from './colours';

type Patch = Partial<SequenceState>;

export function controls(state: SequenceState, onChange: (patch: Patch) => void): HTMLElement {
  const pick = <K extends keyof SequenceState & string>(key: K, options: readonly (string | number)[], label: string, labelOf?: (v: string | number) => string) =>
    select(state, key, options, label, onChange, labelOf, 's');
  return h(
    'div',
    { class: 'vision-knobs' },
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('seq.network')),
      h(
        'div',
        { class: 'controls' },
        pick('cell', CELLS, t('seq.cell'), (v) => t(`seq.cell.${v}` as MessageKey)),
        check(state, 'compare', t('seq.compare'), onChange, 's'),
        pick('layers', [1, 2], t('seq.layers')),
        pick('hidden', [16, 32, 64, 128, 256, 512], t('seq.hidden')),
        pick('embed', [8, 16, 32, 64, 128], t('seq.embed')),
        pick('drop', [0, 0.1, 0.2, 0.3, 0.5], t('seq.dropout')),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('seq.training')),
      h(
        'div',
        { class: 'controls' },
        pick('bptt', [4, 8, 16, 32, 64, 128], t('seq.bptt')),
        pick('batch', [1, 8, 16, 32, 64, 128], t('seq.batch')),
        pick('opt', OPTIMIZERS, t('vision.optimizer'), (v) => t(`vision.opt.${v}` as MessageKey)),
        pick('lr', [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], t('vision.lr')),
        check(state, 'clip', t('seq.clip'), onChange, 's'),
        pick('clipAt', [0.1, 0.5, 1, 5, 25], t('seq.clipAt')),
        number(state, 'seed', t('vision.seed'), { min: 0, max: 1_000_000, step: 1 }, onChange, 's'),
      ),
    ),
  );
}
