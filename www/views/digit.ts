// A 28 × 28 digit drawn as ink on paper: the Vision lab's galleries and
// the Embeddings lab's reconstructions and decodings share it.

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

/** Draw a 28 × 28 digit (0 = background) into a small canvas, `scale` CSS pixels per pixel. */
export function digitCanvas(pixels: Uint8Array, scale = 2): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  canvas.style.width = `${SIDE * scale}px`;
  canvas.style.height = `${SIDE * scale}px`;
  canvas.className = 'digit';
  drawDigit(canvas, pixels);
  return canvas;
}

/** Redraw `canvas` (28 × 28) with `pixels`. */
export function drawDigit(canvas: HTMLCanvasElement, pixels: Uint8Array): void {
  const image = new ImageData(SIDE, SIDE);
  for (let i = 0; i < PIXELS; i++) {
    const v = 255 - (pixels[i] ?? 0);
    image.data.set([v, v, v, 255], i * 4);
  }
  canvas.getContext('2d')?.putImageData(image, 0, 0);
}
