// Canvas helpers shared by the labs' plots: a crisp canvas at any pixel
// ratio, and the colour ramps the heatmaps use.

/** Size `canvas` to `width` x `height` CSS pixels and return a context in CSS pixels. */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = Math.min(window.devicePixelRatio || 1, 2);
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

type Rgb = [number, number, number];

function ramp(stops: readonly Rgb[]): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * (stops.length - 1);
    const k = Math.min(Math.floor(x), stops.length - 2);
    const f = x - k;
    const a = stops[k] as Rgb;
    const b = stops[k + 1] as Rgb;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = (a[c] as number) + ((b[c] as number) - (a[c] as number)) * f;
  }
  return lut;
}

/** White to deep orange-red: 0 to 1 (attention, probabilities). */
export const HEAT = ramp([
  [255, 255, 255],
  [254, 232, 200],
  [253, 187, 132],
  [239, 101, 72],
  [179, 0, 0],
  [110, 0, 0],
]);

/** Blue through white to red: -1 to 1 (signed values, similarities). */
export const DIVERGING = ramp([
  [33, 102, 172],
  [146, 197, 222],
  [247, 247, 247],
  [244, 165, 130],
  [178, 24, 43],
]);

/** CSS colour of `value` in [0, 1] on `lut`. */
export function colour(lut: Uint8ClampedArray, value: number): string {
  const i = Math.max(0, Math.min(255, Math.round(value * 255))) * 3;
  return `rgb(${lut[i]},${lut[i + 1]},${lut[i + 2]})`;
}

/**
 * `colour`, mixed halfway to white: a background that dark text stays
 * readable on (contrast above 4.5:1 at both ends of the diverging scale).
 */
export function tint(lut: Uint8ClampedArray, value: number): string {
  const i = Math.max(0, Math.min(255, Math.round(value * 255))) * 3;
  const light = (c: number | undefined) => Math.round(((c ?? 0) + 255) / 2);
  return `rgb(${light(lut[i])},${light(lut[i + 1])},${light(lut[i + 2])})`;
}

/**
 * Draw a `rows` x `cols` matrix (row-major, values in [lo, hi]) into the
 * rectangle (x, y, w, h) of `ctx`, one cell per value, unsmoothed.
 */
export function drawMatrix(
  ctx: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  rect: { x: number; y: number; w: number; h: number },
  lut: Uint8ClampedArray = HEAT,
  lo = 0,
  hi = 1,
): void {
  const image = new ImageData(cols, rows);
  const span = hi - lo || 1;
  for (let i = 0; i < rows * cols; i++) {
    const v = Math.max(0, Math.min(1, ((values[i] ?? 0) - lo) / span));
    const k = Math.round(v * 255) * 3;
    image.data[i * 4] = lut[k] as number;
    image.data[i * 4 + 1] = lut[k + 1] as number;
    image.data[i * 4 + 2] = lut[k + 2] as number;
    image.data[i * 4 + 3] = 255;
  }
  const scratch = document.createElement('canvas');
  scratch.width = cols;
  scratch.height = rows;
  scratch.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, rect.x, rect.y, rect.w, rect.h);
}
