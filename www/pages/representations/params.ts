// The Representations lab's link parameters: the text and how it is cut,
// every word2vec knob and the seed, and the tokens the views ask about.
import { p, type StateOf } from '../../state/params';
import { MAX_LINK_TEXT } from '../../state/common';

/** Longest query a link carries (a few tokens, comma-separated). */
export const MAX_QUERY = 80;
/** Longest sentence of the static-against-contextual comparison (the engine's limit). */
export const MAX_SENTENCE = 400;

export const representationsParams = {
  corpus: p.enum(['tang', 'text'], 'tang'),
  text: p.text(MAX_LINK_TEXT, ''),
  unit: p.enum(['chars', 'words'], 'chars'),
  method: p.enum(['skipGram', 'cbow'], 'skipGram'),
  dim: p.int(2, 300, 50),
  window: p.int(1, 10, 5),
  neg: p.int(1, 20, 5),
  sub: p.float(0, 0.1, 0.001),
  lr: p.float(0.0001, 1, 0.025),
  epochs: p.int(1, 50, 3),
  batch: p.int(16, 4096, 512),
  vocab: p.int(100, 5000, 3000),
  seed: p.int(0, 1_000_000, 1),
  /** Tokens whose neighbours are listed, comma-separated. */
  near: p.text(MAX_QUERY, '月,山,春,酒,君'),
  /** How the map lays the vectors out: principal axes or UMAP. */
  proj: p.enum(['pca', 'umap'], 'pca'),
  /** The analogy a − b + c. */
  a: p.text(20, '日'),
  b: p.text(20, '昼'),
  c: p.text(20, '夜'),
  /** Static against contextual: two sentences and the word they share. */
  cs1: p.text(MAX_SENTENCE, 'She sat on the bank of the river.'),
  cs2: p.text(MAX_SENTENCE, 'He paid the cash into the bank.'),
  cw: p.text(20, 'bank'),
  /** The autoencoder: plain or variational, code size, hidden width, β, rate, batch, seed. */
  ae: p.enum(['plain', 'variational'], 'variational'),
  z: p.int(1, 32, 2),
  hid: p.int(16, 1024, 256),
  beta: p.float(0, 100, 1),
  aelr: p.float(0.00001, 0.1, 0.001),
  aebatch: p.int(1, 1024, 128),
  aeseed: p.int(0, 1_000_000, 1),
  /** Steps per run of the β experiment. */
  bsteps: p.int(50, 5000, 600),
} as const;
export type RepresentationsState = StateOf<typeof representationsParams>;
