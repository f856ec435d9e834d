// The digits as the page sees them (for galleries and the feature-map
// picker): the same asset the worker trains on, parsed here too.
// Format: `KDIGITS1`, u32 count, count x 784 pixel bytes, count labels.

import { PIXELS } from '../../views/digit';

export { PIXELS, SIDE, digitCanvas } from '../../views/digit';
export const TRAIN = 8000;

export type DigitSet = { count: number; pixels: Uint8Array; labels: Uint8Array };

export function parseDigits(bytes: Uint8Array): DigitSet {
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== 'KDIGITS1') throw new Error('not a digits file');
  const count = new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true);
  return {
    count,
    pixels: bytes.subarray(12, 12 + count * PIXELS),
    labels: bytes.subarray(12 + count * PIXELS, 12 + count * PIXELS + count),
  };
}

/** Test digit `i` (0-based within the 2,000 test digits). */
export function testDigit(set: DigitSet, i: number): { pixels: Uint8Array; label: number } {
  const k = TRAIN + i;
  return { pixels: set.pixels.subarray(k * PIXELS, (k + 1) * PIXELS), label: set.labels[k] ?? 0 };
}
