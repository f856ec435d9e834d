// One inspection as the attention views see it: typed-array views of the
// byte buffers the worker sends, whether the model's attention is causal,
// and the slices every view asks for. Nothing here knows which model ran:
// layer and head counts come from the inspection.
import { floats } from '../../engine/floats';
import type { Inspection, Token } from '../../engine/protocol';

export { floats };

export type Run = {
  readonly inspection: Inspection;
  readonly tokens: readonly Token[];
  /**
   * Causal (decoder) attention: a token attends only to itself and the
   * tokens before it, so every weight above the diagonal is 0 by
   * construction, and the views draw those cells as masked.
   */
  readonly causal: boolean;
  /** Tokens the model saw. */
  readonly seq: number;
  readonly layers: number;
  readonly heads: number;
  readonly dModel: number;
  /** [layers, heads, seq, seq] */
  readonly attention: Float32Array;
  /** [layers + 1, seq, dModel] */
  readonly hidden: Float32Array;
  /** [seq, dModel] */
  readonly word: Float32Array;
  /** [seq, dModel] */
  readonly position: Float32Array;
  /** [layers + 1, seq, 2] */
  readonly pca: Float32Array;
};

export type RunOptions = {
  /** The model masks the future (GPT); false for an encoder (BERT). */
  causal?: boolean;
};

export function toRun(inspection: Inspection, options: RunOptions = {}): Run {
  return {
    inspection,
    tokens: inspection.tokens,
    causal: options.causal ?? false,
    seq: inspection.tokens.length,
    layers: inspection.layers,
    heads: inspection.heads,
    dModel: inspection.dModel,
    attention: floats(inspection.attention),
    hidden: floats(inspection.hidden),
    word: floats(inspection.word),
    position: floats(inspection.position),
    pca: floats(inspection.pca),
  };
}

/**
 * One head's attention matrix (row = query), layer and head from 0; head -1
 * is the mean over the layer's heads.
 */
export function headMatrix(run: Run, layer: number, head: number): Float32Array {
  const n = run.seq * run.seq;
  if (head >= 0) {
    const start = (layer * run.heads + head) * n;
    return run.attention.subarray(start, start + n);
  }
  const mean = new Float32Array(n);
  for (let h = 0; h < run.heads; h++) {
    const m = headMatrix(run, layer, h);
    for (let i = 0; i < n; i++) mean[i] = (mean[i] as number) + (m[i] as number) / run.heads;
  }
  return mean;
}

/**
 * Whether the cell (query `i`, key `j`) is masked in causal attention: the
 * key comes after the query.
 */
export function isMasked(i: number, j: number): boolean {
  return j > i;
}

/** Row `i` (what token i attends to) and column `j` (what attends to j). */
export function row(matrix: Float32Array, seq: number, i: number): Float32Array {
  return matrix.subarray(i * seq, (i + 1) * seq);
}
export function column(matrix: Float32Array, seq: number, j: number): Float32Array {
  const out = new Float32Array(seq);
  for (let i = 0; i < seq; i++) out[i] = matrix[i * seq + j] as number;
  return out;
}

/** Token `i` as a short label (the piece's text, `##` kept). */
export function label(token: Token | undefined): string {
  if (!token) return '';
  return token.text.length > 14 ? `${token.text.slice(0, 13)}…` : token.text;
}

/**
 * Mean share of attention going to [CLS], to [SEP] and to the token itself.
 * `cls` and `sep` are null when the text has no such token (a GPT's text,
 * say): "0% to [SEP]" would claim a token that is not there.
 */
export function shares(matrix: Float32Array, tokens: readonly Token[]): { cls: number | null; sep: number | null; self: number } {
  const seq = tokens.length;
  let cls = 0;
  let sep = 0;
  let self = 0;
  for (let i = 0; i < seq; i++) {
    for (let j = 0; j < seq; j++) {
      const w = matrix[i * seq + j] as number;
      const text = tokens[j]?.text;
      if (text === '[CLS]') cls += w;
      else if (text === '[SEP]') sep += w;
      if (i === j) self += w;
    }
  }
  const has = (text: string) => tokens.some((token) => token.text === text);
  return { cls: has('[CLS]') ? cls / seq : null, sep: has('[SEP]') ? sep / seq : null, self: self / seq };
}

/** Indices of the `k` largest values, largest first. */
export function topK(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i)
    .sort((a, b) => (values[b] as number) - (values[a] as number))
    .slice(0, k);
}
