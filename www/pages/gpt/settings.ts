// The link state's model and training knobs as the engine's GptSettings.
import type { GptSettings } from '../../engine/protocol';
import type { GptState } from './params';

/** The engine's settings for the knobs in `s`. */
export function gptSettings(s: GptState): GptSettings {
  return {
    layers: s.layers,
    width: s.width,
    heads: s.heads,
    context: s.ctx,
    mlpRatio: s.mlp,
    dropout: s.drop,
    tie: s.tie,
    preNorm: s.norm === 'pre',
    positions: s.pos,
    norm: s.nk,
    mlp: s.ffn,
    kvHeads: s.kv,
    optimizer: s.opt,
    lr: s.lr,
    warmup: s.warmup,
    decay: s.decay,
    weightDecay: s.wd,
    batch: s.batch,
    clip: s.clip,
    clipAt: s.clipAt,
    seed: s.seed,
    merges: s.merges,
  };
}
