// The Concepts lab's pictures: a decision region with its points (as in
// TensorFlow Playground), histograms as small bar charts, and a small
// matrix of numbers as a coloured table.
import type { Histogram, Points } from '../../engine/protocol';
import { DIVERGING, drawMatrix, sizeCanvas, tint } from '../../ui/canvas';
import { h } from '../../ui/dom';

/** Half-width of the square the engine's grid covers (train.rs EXTENT). */
export const EXTENT = 1.25;
const CLASS_COLOURS = ['#1d4ed8', '#c2410c'] as const;

/** P(class 1) on a `side`² grid, with the training points filled and the test points hollow. */
export function drawRegion(canvas: HTMLCanvasElement, grid: Float32Array | null, side: number, train: Points, test: Points | null, size = 260): void {
  const ctx = sizeCanvas(canvas, size, size);
  ctx.clearRect(0, 0, size, size);
  if (grid) drawMatrix(ctx, grid, side, side, { x: 0, y: 0, w: size, h: size }, DIVERGING, -0.25, 1.25);
  const at = (v: number) => ((v + EXTENT) / (2 * EXTENT)) * size;
  const dots = (points: Points, filled: boolean) => {
    for (let i = 0; i < points.labels.length; i++) {
      const x = at(points.xy[2 * i] ?? 0);
      const y = size - at(points.xy[2 * i + 1] ?? 0);
      ctx.beginPath();
      ctx.arc(x, y, 2.6, 0, Math.PI * 2);
      const c = CLASS_COLOURS[points.labels[i] ?? 0] as string;
      if (filled) {
        ctx.fillStyle = c;
        ctx.fill();
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 0.8;
        ctx.stroke();
      } else {
        ctx.strokeStyle = c;
        ctx.lineWidth = 1.2;
        ctx.stroke();
      }
    }
  };
  if (test) dots(test, false);
  dots(train, true);
}

/** One histogram as a bar chart with its range under it. */
export function histogramFigure(hist: Histogram, caption: string, width = 120, height = 52): HTMLElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': caption });
  const ctx = sizeCanvas(canvas, width, height);
  const peak = Math.max(1, ...hist.counts);
  const bar = width / hist.counts.length;
  ctx.fillStyle = '#c2410c';
  hist.counts.forEach((c, i) => {
    const hgt = (c / peak) * (height - 2);
    ctx.fillRect(i * bar + 0.5, height - hgt, Math.max(1, bar - 1), hgt);
  });
  const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(0) : String(Number(v.toPrecision(2))));
  return h('figure', { class: 'mini-hist' }, h('figcaption', {}, caption), canvas, h('div', { class: 'mini-range mono' }, h('span', {}, fmt(hist.lo)), h('span', {}, fmt(hist.hi))));
}

/** A `rows` x `cols` matrix as a table, cells coloured blue–white–red over ±`scale`. */
export function matrixTable(values: readonly number[], rows: number, cols: number, scale: number, testid?: string): HTMLElement {
  const body = [];
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c] ?? 0;
      const cell = h('td', { class: 'num mono' }, v.toFixed(2));
      cell.style.background = tint(DIVERGING, Math.max(0, Math.min(1, 0.5 + v / (2 * scale))));
      cells.push(cell);
    }
    body.push(h('tr', {}, ...cells));
  }
  return h('div', { class: 'table-scroll' }, h('table', { class: 'matrix', 'data-testid': testid }, h('tbody', {}, ...body)));
}
