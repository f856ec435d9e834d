// The LoRA lab's link parameters: the target text, one run or the rank
// sweep, the adapter knobs, training, writing, and what the views look at.
import { p, type StateOf } from '../../state/params';
import { MAX_LINK_TEXT } from '../../state/common';

/** The matrices an adapter can attach to, as the engine names them. */
export const TARGETS = ['query', 'key', 'value', 'output', 'mlpIn', 'mlpOut'] as const;

/**
 * The LoRA lab. `mode=sweep` trains ranks 1, 2, 4, 8, 16 and full
 * fine-tuning side by side; `one` trains rank `rank` alone (with full
 * fine-tuning beside it when `full`). `aq` … `amo` pick the adapted
 * matrices; `alpha=0` means α = 2r for each rank (the same scale α/r = 2
 * at every rank); `layer` counts from 1.
 */
export const loraParams = {
  base: p.enum(['built', 'gptLab'], 'built'),
  target: p.enum(['songCi', 'text'], 'songCi'),
  text: p.text(MAX_LINK_TEXT, ''),
  mode: p.enum(['sweep', 'one'], 'sweep'),
  rank: p.int(1, 64, 8),
  full: p.bool(true),
  alpha: p.float(0, 1024, 16),
  aq: p.bool(true),
  ak: p.bool(false),
  av: p.bool(true),
  ao: p.bool(false),
  ami: p.bool(false),
  amo: p.bool(false),
  lr: p.float(1e-5, 1, 0.002),
  steps: p.int(1, 5000, 200),
  batch: p.int(1, 64, 16),
  seed: p.int(0, 1_000_000, 1),
  held: p.int(128, 65_536, 2048),
  prompt: p.text(40, '春风'),
  temp: p.float(0, 5, 0.8),
  len: p.int(10, 400, 60),
  layer: p.int(1, 6, 1),
  matrix: p.enum(TARGETS, 'query'),
  srun: p.int(1, 6, 1),
} as const;
export type LoraState = StateOf<typeof loraParams>;
