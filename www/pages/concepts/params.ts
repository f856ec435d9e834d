// The Concepts lab's link parameters: every experiment's knobs and seeds.
import { p, type StateOf } from '../../state/params';
import { OPTIMIZERS } from '../../state/common';

/**
 * The Concepts lab: every experiment's knobs and seeds. The gradient-flow
 * net's data and shape; dropout and L1/L2 strengths; the normalisation
 * demo's batch; the optimizer race.
 */
export const conceptsParams = {
  ds: p.enum(['spiral', 'circles', 'xor', 'blobs'], 'spiral'),
  noise: p.float(0, 1, 0.1),
  n: p.int(10, 2000, 300),
  depth: p.int(2, 50, 10),
  width: p.int(2, 64, 16),
  act: p.enum(['sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu'], 'sigmoid'),
  init: p.enum(['small', 'xavier', 'he', 'large'], 'xavier'),
  res: p.bool(false),
  norm: p.enum(['none', 'batch', 'layer'], 'none'),
  opt: p.enum(OPTIMIZERS, 'adam'),
  lr: p.float(1e-5, 10, 0.01),
  seed: p.int(0, 1_000_000, 1),
  nb: p.int(1, 32, 8),
  dp: p.float(0, 0.9, 0.5),
  lam: p.float(0, 1, 0.001),
  surface: p.enum(['bowl', 'rosenbrock', 'saddle', 'himmelblau'], 'bowl'),
  rlr: p.float(1e-5, 10, 0.05),
  mom: p.float(0, 0.999, 0.9),
  b1: p.float(0, 0.999, 0.9),
  b2: p.float(0, 0.9999, 0.999),
  rsteps: p.int(1, 2000, 150),
} as const;
export type ConceptsState = StateOf<typeof conceptsParams>;
