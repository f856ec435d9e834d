// The parameter tables of the app and of each page. A link is
// `?v=1&page=engine&lang=zh&backend=cpu&n=1024`; every name is declared here.
import { p, type StateOf } from './params';

/** Version of the link format; bump when a parameter changes meaning. */
export const LINK_VERSION = 1;

export const PAGES = ['home', 'engine', 'text', 'transformer', 'vision', 'sequence', 'concepts'] as const;
export type Page = (typeof PAGES)[number];

/** Pages that exist; the others are announced on the lab index as coming. */
export const BUILT_PAGES: readonly Page[] = ['home', 'engine', 'text', 'transformer', 'vision', 'sequence', 'concepts'];

/** Parameters every page shares. */
export const appParams = {
  v: p.int(1, LINK_VERSION, LINK_VERSION),
  page: p.enum(PAGES, 'home'),
  lang: p.enum(['en', 'zh'], 'en'),
  backend: p.enum(['auto', 'webgpu', 'cpu'], 'auto'),
} as const;
export type AppState = StateOf<typeof appParams>;

/** The engine check page. */
export const engineParams = {
  n: p.enum(['128', '256', '512', '1024'], '512'),
} as const;
export type EngineState = StateOf<typeof engineParams>;

/** Tokenizers the Text lab can show, in display order. */
export const TOKENIZERS = ['wordpiece', 'r50kBase', 'cl100kBase', 'o200kBase', 'jieba', 'chars', 'bytes'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];

/** Longest text a link can carry (characters, before compression). */
export const MAX_LINK_TEXT = 20_000;

/** The Text lab. */
export const textParams = {
  text: p.text(MAX_LINK_TEXT, ''),
  sample: p.enum(['en', 'zh', 'code', 'emoji'], 'zh'),
  tok: p.list(TOKENIZERS, TOKENIZERS),
  hmm: p.bool(true),
  corpus: p.enum(['text', 'en', 'zh'], 'zh'),
  merges: p.int(0, 5000, 60),
} as const;
export type TextState = StateOf<typeof textParams>;

/** Views of the Transformer lab. */
export const TRANSFORMER_VIEWS = ['attention', 'head', 'embeddings', 'similarity'] as const;
export type TransformerView = (typeof TRANSFORMER_VIEWS)[number];

/**
 * The Transformer lab. Layers and heads count from 1 as the page shows them;
 * `head=0` is the mean over a layer's heads. `hs` is the hidden state the
 * embeddings view shows (0 = the embeddings' output, 6 = the last layer's).
 */
export const transformerParams = {
  text: p.text(MAX_LINK_TEXT, ''),
  sample: p.enum(['en', 'zh'], 'en'),
  view: p.enum(TRANSFORMER_VIEWS, 'attention'),
  draw: p.enum(['heatmap', 'lines'], 'heatmap'),
  layer: p.int(1, 6, 3),
  head: p.int(0, 12, 1),
  query: p.int(0, 511, 1),
  temp: p.float(0.05, 20, 1),
  scale: p.bool(true),
  hs: p.int(0, 6, 0),
  sentences: p.text(MAX_LINK_TEXT, ''),
  set: p.enum(['en', 'zh'], 'en'),
} as const;
export type TransformerState = StateOf<typeof transformerParams>;

/** Optimizers every training lab offers. */
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamW', 'rmsProp'] as const;

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

/** Each page's own table, by page. */
export const pageParams = {
  home: {},
  engine: engineParams,
  text: textParams,
  transformer: transformerParams,
  vision: visionParams,
  sequence: sequenceParams,
  concepts: conceptsParams,
} as const satisfies Record<Page, object>;
