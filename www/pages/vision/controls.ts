// Every knob of the Vision lab: the architecture (blocks, channels, kernel,
// stride, padding, pooling, activation, BatchNorm, dropout, hidden layer)
// and training (optimizer, learning rate, batch, L2, L1, init,
// augmentation, seed). Each control writes straight into the link state.
import { t } from '../../i18n';
import type { VisionState } from './params';
import { h } from '../../ui/dom';
import { check as knobCheck, number as knobNumber, select as knobSelect } from '../../ui/knobs';

type Patch = Partial<VisionState>;
const select = <K extends keyof VisionState & string, O extends string | number>(state: VisionState, key: K, options: readonly O[], label: string, onChange: (patch: Patch) => void, labelOf?: (v: O) => string) =>
  knobSelect(state, key, options, label, onChange, labelOf, 'v');
const number = <K extends keyof VisionState & string>(state: VisionState, key: K, label: string, attrs: { min: number; max: number; step: number | 'any' }, onChange: (patch: Patch) => void) =>
  knobNumber(state, key, label, attrs, onChange, 'v');
const check = <K extends keyof VisionState & string>(state: VisionState, key: K, label: string, onChange: (patch: Patch) => void) => knobCheck(state, key, label, onChange, 'v');

export function controls(state: VisionState, onChange: (patch: Patch) => void): HTMLElement {
  const blocks = [1, 2, 3].map((n) => {
    const k = (name: string) => `${name}${n}` as keyof VisionState;
    return h(
      'fieldset',
      { class: 'block-knobs', disabled: n > state.blocks, 'data-block': n },
      h('legend', {}, t('vision.block', { n })),
      select(state, k('c'), [1, 2, 4, 8, 16, 32, 64], t('vision.channels'), onChange),
      select(state, k('k'), [1, 2, 3, 4, 5, 6, 7], t('vision.kernel'), onChange),
      select(state, k('s'), [1, 2, 3], t('vision.stride'), onChange),
      select(state, k('p'), [0, 1, 2, 3], t('vision.padding'), onChange),
      select(state, k('pool'), ['max', 'avg', 'none'], t('vision.pool'), onChange, (v) => t(`vision.pool.${v}`)),
    );
  });
  return h(
    'div',
    { class: 'vision-knobs' },
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('vision.arch')),
      h(
        'div',
        { class: 'controls' },
        select(state, 'blocks', [1, 2, 3], t('vision.blocks'), onChange),
        select(state, 'act', ['relu', 'sigmoid', 'tanh', 'gelu'], t('training.activation'), onChange, (v) => t(`vision.act.${v}`)),
        check(state, 'bn', t('vision.bn'), onChange),
        select(state, 'drop', [0, 0.1, 0.25, 0.5, 0.75], t('vision.dropout'), onChange),
        select(state, 'hidden', [0, 32, 64, 128, 256, 512], t('vision.hidden'), onChange, (v) => (v === 0 ? t('vision.none') : String(v))),
      ),
      h('div', { class: 'blocks-row' }, ...blocks),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('vision.training')),
      h(
        'div',
        { class: 'controls' },
        select(state, 'opt', ['sgd', 'momentum', 'adam', 'adamW', 'rmsProp'], t('training.optimizer'), onChange, (v) => t(`training.opt.${v}`)),
        select(state, 'lr', [0.00001, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], t('training.lr'), onChange),
        select(state, 'batch', [8, 16, 32, 64, 128, 256, 512], t('vision.batch'), onChange),
        select(state, 'l2', [0, 0.00001, 0.0001, 0.001, 0.01], t('vision.l2'), onChange),
        select(state, 'l1', [0, 0.00001, 0.0001, 0.001], t('vision.l1'), onChange),
        select(state, 'init', ['he', 'xavier'], t('training.init'), onChange, (v) => t(`vision.init.${v}`)),
        check(state, 'aug', t('vision.augment'), onChange),
        number(state, 'seed', t('training.seed'), { min: 0, max: 1_000_000, step: 1 }, onChange),
      ),
    ),
  );
}
