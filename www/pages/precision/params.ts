// The Precision lab's link parameters: the model and the matrix on view,
// the scheme, the values compared across formats, round()'s grid, and the
// knobs of the PTQ/QAT and mixed-precision experiments.
import { p, type StateOf } from '../../state/params';

export const MODELS = ['builtGpt', 'gptLab', 'miniLm', 'cnn'] as const;
export const GRANULARITIES = ['tensor', 'channel', 'group32', 'group64', 'group128'] as const;

/**
 * The Precision lab. `m` names a matrix by its path in the model (empty:
 * the first MLP matrix); `bits`, `sym` and `gran` are the scheme of the
 * matrix view and the model table; `q*` are the PTQ/QAT run's knobs, `mx*`
 * the mixed-precision runs', where `scale` is the static loss scale and
 * `dyn` the dynamic one's start, doubled after `grow` good steps. `held`
 * held-out characters are read by every GPT measurement; `site` is the
 * activation drawn (counted from 0 in the order the forward pass meets them);
 * `cnnsteps` is how long the CNN trains before it is quantized.
 */
export const precisionParams = {
  model: p.enum(MODELS, 'builtGpt'),
  m: p.text(80, ''),
  bits: p.enum(['8', '4'], '8'),
  sym: p.bool(true),
  gran: p.enum(GRANULARITIES, 'tensor'),
  vals: p.text(200, '65504, 70000, 1.0001, 0.0001, 1e-8'),
  sbits: p.int(2, 4, 3),
  qgran: p.enum(GRANULARITIES, 'channel'),
  qsym: p.bool(true),
  qsteps: p.int(1, 2000, 100),
  qlr: p.float(1e-5, 0.1, 0.0005),
  qbatch: p.int(1, 64, 16),
  mxsteps: p.int(1, 5000, 300),
  mxlr: p.float(1e-5, 0.1, 0.003),
  mxbatch: p.int(1, 64, 16),
  scale: p.float(1, 16_777_216, 1024),
  dyn: p.float(1, 16_777_216, 65_536),
  grow: p.int(1, 10_000, 100),
  seed: p.int(0, 1_000_000, 1),
  held: p.int(128, 65_536, 4096),
  cnnsteps: p.int(1, 3000, 300),
  hsize: p.int(16, 2048, 512),
  site: p.int(0, 64, 3),
} as const;
export type PrecisionState = StateOf<typeof precisionParams>;
