import { describe, expect, it } from 'vitest';
import { isMasked } from './data';
import { maskedRects } from './mask';

describe('the causal mask, drawn', () => {
  it('masks exactly the keys after the query', () => {
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(isMasked(i, j), `${i},${j}`).toBe(j > i);
  });

  it('is drawn over exactly the cells above the diagonal', () => {
    for (const seq of [1, 2, 5, 9]) {
      // Which rectangles hold each cell's centre, in a matrix placed and
      // scaled as the labelled heatmap places it.
      const cell = 7;
      const rect = { x: 96, y: 96, w: seq * cell, h: seq * cell };
      const covered = Array.from({ length: seq }, () => new Array<number>(seq).fill(0));
      for (const r of maskedRects(seq, rect)) {
        for (let i = 0; i < seq; i++) {
          for (let j = 0; j < seq; j++) {
            const cx = rect.x + (j + 0.5) * cell;
            const cy = rect.y + (i + 0.5) * cell;
            if (cx > r.x && cx < r.x + r.w && cy > r.y && cy < r.y + r.h) covered[i]![j]! += 1;
          }
        }
      }
      for (let i = 0; i < seq; i++) {
        for (let j = 0; j < seq; j++) expect(covered[i]![j], `seq ${seq}, cell ${i},${j}`).toBe(j > i ? 1 : 0);
      }
    }
  });
});
