// The Precision lab's canvases: a matrix's histogram with its quantization
// grid drawn over it, a bar per output channel, and the gradients' sizes on
// a log2 axis with the format's limits marked. Hand-drawn: the grid over
// the values is the lesson.
import { sizeCanvas } from '../../ui/canvas';

const INK = '#334155';
const MUTED = '#94a3b8';
const BAR = '#60a5fa';
const HOT = '#dc2626';

/** Draw `counts` (equal bins from `min` to `max`) and a tick at every value of `grid`. */
export function drawHistogram(
  canvas: HTMLCanvasElement,
  counts: readonly number[],
  min: number,
  max: number,
  grid: readonly number[],
  width: number,
  marks: readonly Marker[] = [],
): void {
  const height = 180;
  const ctx = sizeCanvas(canvas, width, height);
  const pad = { l: 8, r: 8, t: 8, b: 22 };
  const w = width - pad.l - pad.r;
  const hgt = height - pad.t - pad.b;
  // The grid may reach past the values (a symmetric grid spans ±max|w|).
  const lo = Math.min(min, ...grid.filter((g) => g >= min - (max - min))), hi = Math.max(max, ...grid.filter((g) => g <= max + (max - min)));
  const x = (v: number) => pad.l + ((v - lo) / Math.max(hi - lo, 1e-30)) * w;
  const top = Math.max(1, ...counts);
  // log-scaled counts: the tails (outliers) stay visible beside the peak.
  const y = (c: number) => (c <= 0 ? 0 : (Math.log1p(c) / Math.log1p(top)) * hgt);
  ctx.fillStyle = BAR;
  const binW = (max - min) / Math.max(1, counts.length);
  counts.forEach((c, i) => {
    const x0 = x(min + i * binW);
    const x1 = x(min + (i + 1) * binW);
    const bh = y(c);
    ctx.fillRect(x0, pad.t + hgt - bh, Math.max(1, x1 - x0 - 0.5), bh);
  });
  // The grid: one tick per level (dense for int8, sparse for int4).
  ctx.strokeStyle = grid.length > 64 ? 'rgba(220,38,38,0.35)' : HOT;
  ctx.lineWidth = 1;
  for (const g of grid) {
    if (g < lo || g > hi) continue;
    const gx = Math.round(x(g)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(gx, pad.t + hgt);
    ctx.lineTo(gx, pad.t + hgt + 6);
    ctx.stroke();
    if (grid.length <= 64) {
      ctx.beginPath();
      ctx.setLineDash([2, 3]);
      ctx.moveTo(gx, pad.t);
      ctx.lineTo(gx, pad.t + hgt);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  marks.forEach((m, i) => {
    if (m.at < lo || m.at > hi) return;
    const mx = Math.round(x(m.at)) + 0.5;
    ctx.strokeStyle = m.colour;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(mx, pad.t);
    ctx.lineTo(mx, pad.t + hgt);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = m.colour;
    // A mark at the edge (a range that is the largest value) keeps its label inside the canvas.
    const half = ctx.measureText(m.label).width / 2 + 1;
    ctx.fillText(m.label, Math.min(Math.max(mx, half), width - half), pad.t + 10 + 11 * (i % 3));
  });
  ctx.fillStyle = INK;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.fillText(lo.toPrecision(3), pad.l, height - 4);
  ctx.textAlign = 'right';
  ctx.fillText(hi.toPrecision(3), width - pad.r, height - 4);
  if (lo < 0 && hi > 0 && x(0) > pad.l + 40 && x(0) < width - pad.r - 40) {
    ctx.textAlign = 'center';
    ctx.fillText('0', x(0), height - 4);
  }
}

/** One bar per value; bars in `hot` drawn red. */
export function drawBars(canvas: HTMLCanvasElement, values: readonly number[], hot: ReadonlySet<number>, width: number): void {
  const height = 120;
  const ctx = sizeCanvas(canvas, width, height);
  const pad = { l: 4, r: 4, t: 6, b: 6 };
  const w = width - pad.l - pad.r;
  const hgt = height - pad.t - pad.b;
  const top = Math.max(1e-30, ...values.map((v) => (Number.isFinite(v) ? v : 0)));
  const bw = w / Math.max(1, values.length);
  values.forEach((v, i) => {
    const bh = (Math.max(0, Number.isFinite(v) ? v : 0) / top) * hgt;
    ctx.fillStyle = hot.has(i) ? HOT : BAR;
    ctx.fillRect(pad.l + i * bw, pad.t + hgt - bh, Math.max(1, bw - (bw > 3 ? 1 : 0)), Math.max(hot.has(i) ? 2 : 0, bh));
  });
}

export type Marker = { at: number; label: string; colour: string };

/**
 * Counts of log2|g| in unit bins from `low` (the last count is exact
 * zeros, drawn apart at the left), with vertical markers at log2 values.
 */
export function drawLog2Histogram(canvas: HTMLCanvasElement, histogram: readonly number[], low: number, markers: readonly Marker[], width: number): void {
  const height = 200;
  const ctx = sizeCanvas(canvas, width, height);
  const bins = Math.max(0, histogram.length - 1);
  const pad = { l: 34, r: 8, t: 18, b: 24 };
  const w = width - pad.l - pad.r;
  const hgt = height - pad.t - pad.b;
  const top = Math.max(1, ...histogram);
  const y = (c: number) => (c <= 0 ? 0 : (Math.log1p(c) / Math.log1p(top)) * hgt);
  const bw = w / Math.max(1, bins);
  const x = (e: number) => pad.l + (e - low) * bw;
  ctx.fillStyle = BAR;
  for (let i = 0; i < bins; i++) {
    const bh = y(histogram[i] ?? 0);
    ctx.fillRect(x(low + i), pad.t + hgt - bh, Math.max(1, bw - 1), bh);
  }
  // Exact zeros, left of the axis.
  const zeros = histogram[bins] ?? 0;
  ctx.fillStyle = zeros > 0 ? HOT : MUTED;
  const zh = y(zeros);
  ctx.fillRect(4, pad.t + hgt - zh, 22, zh);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.fillText('0', 15, height - 8);
  for (const m of markers) {
    const mx = Math.round(x(m.at)) + 0.5;
    ctx.strokeStyle = m.colour;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(mx, pad.t - 4);
    ctx.lineTo(mx, pad.t + hgt);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = m.colour;
    ctx.fillText(m.label, mx, pad.t - 6);
  }
  ctx.fillStyle = INK;
  for (let e = Math.ceil(low / 8) * 8; e <= low + bins; e += 8) {
    if (x(e) < pad.l + 12 || x(e) > width - 14) continue;
    ctx.fillText(`2^${e}`, x(e), height - 8);
  }
}
