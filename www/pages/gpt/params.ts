// The GPT lab's link parameters: the text, the model, every training knob
// and the seed, how to write, and what the attention views look at.
import { p, type StateOf } from '../../state/params';
import { MAX_LINK_TEXT, OPTIMIZERS } from '../../state/common';

/** Longest prompt (and view text) a link carries. */
export const MAX_PROMPT = 200;

/** Where a model takes order from, as the engine names them. */
export const POSITIONS = ['none', 'learned', 'sinusoidal', 'rope', 'alibi'] as const;

/** The views of the trained model. */
export const GPT_VIEWS = ['attention', 'head', 'embeddings', 'masks'] as const;
export type GptView = (typeof GPT_VIEWS)[number];

/**
 * The GPT lab. Layers and heads count from 1 as the page shows them;
 * `head=0` is the mean over a layer's heads. `topK=0` and `topP=1` switch
 * those filters off; `merges=0` reads characters, more learns byte-level
 * BPE tokens from the text. `kv=0` gives every head its own keys and
 * values. `xsteps` is the positions experiment's steps per model, `bsecs`
 * the block comparison's seconds, `ctoks` the tokens the cache run writes.
 */
export const gptParams = {
  corpus: p.enum(['tang', 'text'], 'tang'),
  text: p.text(MAX_LINK_TEXT, ''),
  layers: p.int(1, 6, 2),
  width: p.int(32, 256, 128),
  heads: p.int(1, 8, 4),
  ctx: p.int(16, 256, 64),
  mlp: p.int(1, 8, 4),
  drop: p.float(0, 0.9, 0),
  tie: p.bool(true),
  norm: p.enum(['pre', 'post'], 'pre'),
  pos: p.enum(POSITIONS, 'learned'),
  nk: p.enum(['layerNorm', 'rmsNorm'], 'layerNorm'),
  ffn: p.enum(['gelu', 'swiGlu'], 'gelu'),
  kv: p.int(0, 8, 0),
  opt: p.enum(OPTIMIZERS, 'adamW'),
  lr: p.float(1e-5, 10, 0.003),
  warmup: p.int(0, 10_000, 100),
  decay: p.int(0, 100_000, 3000),
  wd: p.float(0, 1, 0.01),
  batch: p.int(1, 128, 32),
  clip: p.bool(true),
  clipAt: p.float(0.01, 100, 1),
  seed: p.int(0, 1_000_000, 1),
  merges: p.int(0, 1000, 0),
  prompt: p.text(MAX_PROMPT, ''),
  acrostic: p.bool(false),
  temp: p.float(0, 10, 0.8),
  topK: p.int(0, 4000, 0),
  topP: p.float(0.01, 1, 1),
  len: p.int(1, 2000, 120),
  view: p.enum(GPT_VIEWS, 'attention'),
  vtext: p.text(MAX_PROMPT, ''),
  draw: p.enum(['heatmap', 'lines'], 'heatmap'),
  layer: p.int(1, 6, 1),
  head: p.int(0, 8, 1),
  query: p.int(0, 255, 1),
  scale: p.bool(true),
  atemp: p.float(0.05, 20, 1),
  hs: p.int(0, 6, 0),
  xsteps: p.int(10, 2000, 100),
  bsecs: p.int(10, 600, 60),
  ctoks: p.int(2, 512, 128),
  csweep: p.bool(true),
} as const;
export type GptState = StateOf<typeof gptParams>;
