// The link state's model and training knobs as the engine's GptSettings,
// and back (a model file's settings into the link).
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

/** The knobs of engine settings `g` (a model file's), as a link patch. */
export function gptState(g: GptSettings): Partial<GptState> {
  return {
    layers: g.layers,
    width: g.width,
    heads: g.heads,
    ctx: g.context,
    mlp: g.mlpRatio,
    drop: g.dropout,
    tie: g.tie,
    norm: g.preNorm ? 'pre' : 'post',
    pos: g.positions,
    nk: g.norm,
    ffn: g.mlp,
    kv: g.kvHeads,
    opt: g.optimizer,
    lr: g.lr,
    warmup: g.warmup,
    decay: g.decay,
    wd: g.weightDecay,
    batch: g.batch,
    clip: g.clip,
    clipAt: g.clipAt,
    seed: g.seed,
    merges: g.merges,
  };
}
