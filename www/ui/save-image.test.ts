import { describe, expect, it } from 'vitest';
import { wrapText } from './save-image';

/** Every character 10 units wide: the line breaking alone, without a canvas. */
const ctx = { measureText: (text: string) => ({ width: 10 * text.length }) } as unknown as CanvasRenderingContext2D;

describe('wrapText (saved charts wrap their title and legend)', () => {
  it('keeps a line that fits whole', () => {
    expect(wrapText(ctx, 'test loss', 100)).toEqual(['test loss']);
  });
  it('breaks English between words', () => {
    expect(wrapText(ctx, 'held-out bits per character', 120)).toEqual(['held-out', 'bits per', 'character']);
  });
  it('breaks Chinese between characters', () => {
    expect(wrapText(ctx, '训练损失随步数的变化', 40)).toEqual(['训练损失', '随步数的', '变化']);
  });
  it('breaks a word longer than a line, and no line is wider than asked', () => {
    const lines = wrapText(ctx, 'a supercalifragilistic label 与中文', 60);
    expect(lines.join('').replace(/ /g, '')).toBe('asupercalifragilisticlabel与中文');
    for (const line of lines) expect(line.length * 10).toBeLessThanOrEqual(60);
  });
});
