// The digits as the page sees them (for galleries and the feature-map
// picker): the same asset the worker trains on, parsed here too.
// Format: `KDIGITS1`, u32 count, count x 784 pixel bytes, count labels.

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
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

/** Draw a 28x28 digit (0 = background) into a small canvas. */
export function digitCanvas(pixels: Uint8Array, scale = 2): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  canvas.style.width = `${SIDE * scale}px`;
  canvas.style.height = `${SIDE * scale}px`;
  canvas.className = 'digit';
  const image = new ImageData(SIDE, SIDE);
  for (let i = 0; i < PIXELS; i++) {
    const v = 255 - (pixels[i] ?? 0);
    image.data.set([v, v, v, 255], i * 4);
  }
  canvas.getContext('2d')?.putImageData(image, 0, 0);
  return canvas;
}
