// The Sequence lab's link parameters: corpus, network, training and sampling.
import { p, type StateOf } from '../../state/params';
import { MAX_LINK_TEXT, OPTIMIZERS } from '../../state/common';

/** Longest sampling prefix a link carries. */
export const MAX_PREFIX = 200;

/**
 * The Sequence lab: the corpus (or the learner's text), the network, every
 * training knob and the seed, and how to sample.
 */
export const sequenceParams = {
  corpus: p.enum(['tang', 'text'], 'tang'),
  text: p.text(MAX_LINK_TEXT, ''),
  cell: p.enum(['rnn', 'lstm', 'gru'], 'lstm'),
  compare: p.bool(false),
  layers: p.int(1, 2, 1),
  hidden: p.int(4, 512, 128),
  embed: p.int(2, 256, 64),
  bptt: p.int(2, 256, 32),
  drop: p.float(0, 0.9, 0),
  clip: p.bool(true),
  clipAt: p.float(0.01, 100, 5),
  opt: p.enum(OPTIMIZERS, 'adam'),
  lr: p.float(1e-5, 10, 0.003),
  batch: p.int(1, 256, 32),
  seed: p.int(0, 1_000_000, 1),
  prefix: p.text(MAX_PREFIX, ''),
  acrostic: p.bool(false),
  temp: p.float(0, 10, 0.8),
  len: p.int(1, 2000, 120),
  gtt: p.int(2, 200, 40),
} as const;
export type SequenceState = StateOf<typeof sequenceParams>;
