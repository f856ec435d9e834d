// Every knob of the GPT: its tokens (characters or BPE), its shape (layers, width, heads, context, MLP
// ratio, dropout, weight tying, where the norms sit, positions, norm, MLP,
// key/value heads, with GPT-2 and LLaMA presets) and its training
// (optimizer, peak rate, warm-up, cosine decay, weight decay, batch,
// clipping, seed). Each writes straight into the link state; changing one
// builds a fresh model.
import { t } from '../../i18n';
import { OPTIMIZERS } from '../../state/common';
import { h } from '../../ui/dom';
import { check, number, select } from '../../ui/knobs';
import { POSITIONS, type GptState } from './params';

type Patch = Partial<GptState>;

/** GPT-2's block: learned positions, LayerNorm, a GELU MLP, one K/V head per head. */
export const GPT2_BLOCK = { pos: 'learned', nk: 'layerNorm', ffn: 'gelu', kv: 0, norm: 'pre' } as const satisfies Patch;

/** LLaMA's block: RoPE, RMSNorm, SwiGLU, and K/V heads shared in pairs (LLaMA 2 and 3's grouped-query attention). */
export function llamaBlock(heads: number): Patch {
  return { pos: 'rope', nk: 'rmsNorm', ffn: 'swiGlu', kv: Math.max(1, Math.floor(heads / 2)), norm: 'pre' };
}

export function controls(state: GptState, onChange: (patch: Patch) => void): HTMLElement {
  const pick = <K extends keyof GptState & string, O extends string | number>(key: K, options: readonly O[], label: string, labelOf?: (v: O) => string) =>
    select(state, key, options, label, onChange, labelOf, 'g');
  return h(
    'div',
    { class: 'vision-knobs' },
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('gpt.model')),
      h(
        'div',
        { class: 'controls' },
        pick('merges', [0, 100, 300, 1000], t('gpt.merges'), (v) => (v === 0 ? t('gpt.merges.chars') : t('gpt.merges.bpe', { n: v }))),
        pick('layers', [1, 2, 3, 4, 5, 6], t('gpt.layers')),
        pick('width', [32, 64, 96, 128, 192, 256], t('gpt.width')),
        pick('heads', [1, 2, 4, 8], t('gpt.heads')),
        pick('ctx', [16, 32, 64, 128, 256], t('gpt.context')),
        pick('mlp', [1, 2, 4, 8], t('gpt.mlp')),
        pick('drop', [0, 0.1, 0.2, 0.3, 0.5], t('gpt.dropout')),
        pick('norm', ['pre', 'post'] as const, t('gpt.norm'), (v) => t(`gpt.norm.${v}`)),
        check(state, 'tie', t('gpt.tie'), onChange, 'g'),
        pick('pos', POSITIONS, t('gpt.pos'), (v) => t(`gpt.pos.${v}`)),
        pick('nk', ['layerNorm', 'rmsNorm'] as const, t('gpt.normKind'), (v) => t(`gpt.normKind.${v}`)),
        pick('ffn', ['gelu', 'swiGlu'] as const, t('gpt.ffn'), (v) => t(`gpt.ffn.${v}`)),
        pick('kv', [0, 1, 2, 4, 8], t('gpt.kv'), (v) => (v === 0 ? t('gpt.kv.all') : String(v))),
      ),
      h(
        'div',
        { class: 'controls' },
        h('span', { class: 'muted' }, t('gpt.preset')),
        h('button', { type: 'button', 'data-testid': 'preset-gpt2', onclick: () => onChange(GPT2_BLOCK) }, t('gpt.preset.gpt2')),
        h('button', { type: 'button', 'data-testid': 'preset-llama', onclick: () => onChange(llamaBlock(state.heads)) }, t('gpt.preset.llama')),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('gpt.training')),
      h(
        'div',
        { class: 'controls' },
        pick('opt', OPTIMIZERS, t('training.optimizer'), (v) => t(`training.opt.${v}`)),
        pick('lr', [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 1, 10], t('training.lr')),
        pick('warmup', [0, 10, 100, 500, 1000], t('gpt.warmup')),
        pick('decay', [0, 1000, 3000, 10000, 30000], t('gpt.decay')),
        pick('wd', [0, 0.01, 0.1], t('gpt.weightDecay')),
        pick('batch', [4, 8, 16, 32, 64, 128], t('gpt.batch')),
        check(state, 'clip', t('gpt.clip'), onChange, 'g'),
        pick('clipAt', [0.1, 0.5, 1, 5, 25], t('gpt.clipAt')),
        number(state, 'seed', t('training.seed'), { min: 0, max: 1_000_000, step: 1 }, onChange, 'g'),
      ),
    ),
  );
}
