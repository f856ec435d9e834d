// A drawing made like MNIST's digits: MNIST centred each digit's bounding
// box, scaled it to fit 20x20 (keeping its aspect), and placed it in a 28x28
// frame with its centre of mass at the centre. Without this a digit drawn
// small or in a corner looks nothing like the training data.
import { PIXELS, SIDE } from './digit';

/** `ink` is a square greyscale image (0 = background, 255 = ink) of side `n`. */
export function toMnist(ink: Uint8ClampedArray, n: number): Uint8Array | null {
  let [x0, y0, x1, y1] = [n, n, -1, -1];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if ((ink[y * n + x] ?? 0) > 20) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return null;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const scale = 20 / Math.max(w, h);
  const sw = Math.max(1, Math.round(w * scale));
  const sh = Math.max(1, Math.round(h * scale));
  // Box-filter the bounding box down to sw x sh.
  const small = new Float32Array(sw * sh);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const ax = x0 + Math.floor((x * w) / sw);
      const bx = x0 + Math.max(Math.floor(((x + 1) * w) / sw), Math.floor((x * w) / sw) + 1);
      const ay = y0 + Math.floor((y * h) / sh);
      const by = y0 + Math.max(Math.floor(((y + 1) * h) / sh), Math.floor((y * h) / sh) + 1);
      let sum = 0;
      for (let yy = ay; yy < by; yy++) for (let xx = ax; xx < bx; xx++) sum += ink[yy * n + xx] ?? 0;
      small[y * sw + x] = sum / ((bx - ax) * (by - ay));
    }
  }
  // Centre of mass of the scaled digit.
  let mass = 0;
  let cx = 0;
  let cy = 0;
  small.forEach((v, i) => {
    mass += v;
    cx += v * (i % sw);
    cy += v * Math.floor(i / sw);
  });
  const ox = Math.round(SIDE / 2 - 0.5 - cx / mass);
  const oy = Math.round(SIDE / 2 - 0.5 - cy / mass);
  const out = new Uint8Array(PIXELS);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const tx = x + ox;
      const ty = y + oy;
      if (tx >= 0 && ty >= 0 && tx < SIDE && ty < SIDE) out[ty * SIDE + tx] = Math.round(small[y * sw + x] as number);
    }
  }
  return out;
}
