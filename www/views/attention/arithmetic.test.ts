import { describe, expect, it } from 'vitest';
import { attend } from './arithmetic';
import { shares, topK } from './data';

describe('one head’s arithmetic', () => {
  const q = new Float32Array([1, 0]);
  const k = new Float32Array([2, 0, 0, 2, -2, 0]);

  it('is softmax of scaled dot products and sums to 1', () => {
    const { raw, weights } = attend(q, k, 2, 1, true);
    expect([...raw]).toEqual([2, 0, -2]);
    const s = Math.SQRT2;
    const e = [Math.exp(2 / s), 1, Math.exp(-2 / s)];
    const z = e[0]! + e[1]! + e[2]!;
    weights.forEach((w, j) => expect(w).toBeCloseTo(e[j]! / z, 12));
  });

  it('saturates without the scale and at low temperature, flattens at high temperature', () => {
    const scaled = attend(q, k, 2, 1, true).weights[0]!;
    const unscaled = attend(q, k, 2, 1, false).weights[0]!;
    const cold = attend(q, k, 2, 0.05, true).weights[0]!;
    const hot = attend(q, k, 2, 20, true).weights;
    expect(unscaled).toBeGreaterThan(scaled);
    expect(cold).toBeGreaterThan(0.9999);
    expect(Math.max(...hot) - Math.min(...hot)).toBeLessThan(0.1);
  });

  it('stays finite for huge scores', () => {
    const big = new Float32Array([1e20, 0]);
    const w = attend(big, k, 2, 0.05, false).weights;
    expect(w.every(Number.isFinite)).toBe(true);
    expect(w[0]).toBe(1);
  });
});

describe('attention summaries', () => {
  it('shares count [CLS], [SEP] and the diagonal', () => {
    const tokens = ['[CLS]', 'a', '[SEP]'].map((text) => ({ id: 0, text, bytes: [], start: 0, end: 0, special: text !== 'a' }));
    // Every query puts all its attention on [SEP].
    const m = new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1]);
    const s = shares(m, tokens);
    expect(s.sep).toBeCloseTo(1);
    expect(s.cls).toBe(0);
    expect(s.self).toBeCloseTo(1 / 3);
    expect(topK([0.1, 0.5, 0.2], 2)).toEqual([1, 2]);
  });
});
