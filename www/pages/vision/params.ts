// The Vision lab's link parameters: the CNN, its training and the digit shown.
import { p, type StateOf } from '../../state/params';
import { OPTIMIZERS } from '../../state/common';

const POOLS = ['max', 'avg', 'none'] as const;

/**
 * The Vision lab: the whole architecture, every training knob and the seed.
 * Blocks beyond `blocks` keep their values (so adding one back restores it).
 */
export const visionParams = {
  blocks: p.int(1, 3, 2),
  c1: p.int(1, 64, 8),
  k1: p.int(1, 7, 5),
  s1: p.int(1, 3, 1),
  p1: p.int(0, 3, 2),
  pool1: p.enum(POOLS, 'max'),
  c2: p.int(1, 64, 16),
  k2: p.int(1, 7, 5),
  s2: p.int(1, 3, 1),
  p2: p.int(0, 3, 2),
  pool2: p.enum(POOLS, 'max'),
  c3: p.int(1, 64, 32),
  k3: p.int(1, 7, 3),
  s3: p.int(1, 3, 1),
  p3: p.int(0, 3, 1),
  pool3: p.enum(POOLS, 'none'),
  act: p.enum(['relu', 'sigmoid', 'tanh', 'gelu'], 'relu'),
  bn: p.bool(false),
  drop: p.float(0, 0.9, 0),
  hidden: p.int(0, 512, 0),
  opt: p.enum(OPTIMIZERS, 'adam'),
  lr: p.float(1e-5, 10, 0.001),
  batch: p.int(1, 8000, 64),
  l2: p.float(0, 1, 0),
  l1: p.float(0, 1, 0),
  init: p.enum(['he', 'xavier'], 'he'),
  aug: p.bool(false),
  seed: p.int(0, 1_000_000, 1),
  digit: p.int(0, 1999, 0),
} as const;
export type VisionState = StateOf<typeof visionParams>;
