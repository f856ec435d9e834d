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

  it('leave out [CLS] and [SEP] when the text has none (a GPT’s)', () => {
    const tokens = ['The', ' cat'].map((text) => ({ id: 0, text, bytes: [], start: 0, end: 0, special: false }));
    const s = shares(new Float32Array([1, 0, 0.5, 0.5]), tokens);
    expect(s.cls).toBeNull();
    expect(s.sep).toBeNull();
    expect(s.self).toBeCloseTo(0.75);
  });
});

describe('the causal mask in one head’s arithmetic', () => {
  it('gives the keys after the query −∞ scores and zero weight; each row sums to 1', () => {
    // Four tokens, d_k = 2: every key would outscore the early ones unmasked.
    const k = new Float32Array([0, 1, 1, 0, 3, 0, 5, 0]);
    const seq = 4;
    for (let i = 0; i < seq; i++) {
      const q = new Float32Array([1, 0.5]);
      const { scores, weights } = attend(q, k, 2, 1, true, i + 1);
      let sum = 0;
      for (let j = 0; j < seq; j++) {
        sum += weights[j]!;
        if (j > i) {
          expect(scores[j]).toBe(-Infinity);
          expect(weights[j]).toBe(0);
        } else {
          expect(Number.isFinite(scores[j])).toBe(true);
          expect(weights[j]).toBeGreaterThan(0);
        }
      }
      expect(sum).toBeCloseTo(1, 12);
    }
    // The first token can only attend to itself.
    expect(attend(new Float32Array([1, 0.5]), k, 2, 1, true, 1).weights[0]).toBe(1);
  });

  it('leaves the visible keys as an unmasked softmax over them would', () => {
    const k = new Float32Array([0, 1, 1, 0, 3, 0, 5, 0]);
    const q = new Float32Array([1, 0.5]);
    const masked = attend(q, k, 2, 1, true, 2).weights;
    const alone = attend(q, k.subarray(0, 4), 2, 1, true).weights;
    expect(masked[0]).toBeCloseTo(alone[0]!, 12);
    expect(masked[1]).toBeCloseTo(alone[1]!, 12);
  });
});
