import { describe, expect, it } from 'vitest';
import { type Columns, halve, pushBounded } from './thin';

describe('halve (a long chart keeps a bounded number of points)', () => {
  it('merges pairs into their mean at the later x', () => {
    const columns: Columns = [
      [1, 2, 3, 4],
      [10, 20, 30, 50],
    ];
    halve(columns);
    expect(columns).toEqual([
      [2, 4],
      [15, 40],
    ]);
  });
  it('keeps a sparse series whole and a gap a gap', () => {
    const columns: Columns = [
      [1, 2, 3, 4, 5],
      [1, 1, 1, 1, 1],
      [null, 0.5, null, null, 0.25],
    ];
    halve(columns);
    expect(columns).toEqual([
      [2, 4, 5],
      [1, 1, 1],
      [0.5, null, 0.25],
    ]);
  });
  it('keeps the x order and the latest x', () => {
    const columns: Columns = [Array.from({ length: 9 }, (_, i) => i), Array.from({ length: 9 }, () => 0)];
    halve(columns);
    expect(columns[0]).toEqual([1, 3, 5, 7, 8]);
  });
});

describe('pushBounded', () => {
  it('holds between max / 2 and max rows however many are pushed, with the last x last', () => {
    const columns: Columns = [[], []];
    for (let step = 1; step <= 100_000; step++) {
      pushBounded(columns, [step, 1 / step], 1000);
      expect(columns[0]!.length).toBeLessThanOrEqual(1000);
    }
    expect(columns[0]!.length).toBeGreaterThanOrEqual(500);
    expect(columns[0]!.at(-1)).toBe(100_000);
    const xs = columns[0] as number[];
    expect(xs.every((x, i) => i === 0 || x > xs[i - 1]!)).toBe(true);
    // A mean of losses, not a pick: still between the extremes it merged.
    expect(columns[1]!.every((y) => y !== null && y > 0 && y <= 1)).toBe(true);
  });
});
