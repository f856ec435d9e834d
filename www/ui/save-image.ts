// Save a view as a PNG file, made in the page (nothing is uploaded): a
// canvas as it is drawn, or a chart composed with its title and legend on
// white. The file is named for the lab, the view and the day:
// kindling-vision-loss-2026-12-02.png. Charts are canvases (uPlot draws no
// SVG), so every view saves as PNG.
import { t } from '../i18n';
import { h } from './dom';

/** `kindling-<lab>-<view>-<date>.<ext>`, the lab read from the link. */
export function datedName(view: string, ext: string, now = new Date()): string {
  const lab = new URLSearchParams(window.location.search).get('page') ?? 'home';
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'view';
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `kindling-${slug(lab)}-${slug(view)}-${day}.${ext}`;
}

/** Offer `blob` as a download named `name` (made in the page; nothing leaves it). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offer `canvas` as a PNG download named for `view`. */
export async function downloadCanvas(canvas: HTMLCanvasElement, view: string): Promise<void> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the image could not be made');
  download(blob, datedName(view, 'png'));
}

/**
 * `text` in lines no wider than `width` as `ctx` measures them, broken
 * between words, or between any two characters of Chinese (which has no
 * spaces) or of a word too long for a line.
 */
export function wrapText(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const pieces = text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  const push = (piece: string) => {
    if (line && ctx.measureText(line + piece).width > width) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else line += piece;
  };
  for (const piece of pieces) {
    if (ctx.measureText(piece).width > width) for (const char of piece) push(char);
    else push(piece);
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/**
 * `plot` (a chart's canvas) on white with `title` above and the series'
 * `legend` below, at the canvas's own resolution. Both wrap to the chart's
 * width (long Chinese labels included), so nothing runs off the image.
 */
export function composeChart(plot: HTMLCanvasElement, title: string, legend: readonly { label: string; colour: string }[]): HTMLCanvasElement {
  const scale = plot.width / Math.max(1, plot.clientWidth || plot.width);
  const pad = 12 * scale;
  const line = 18 * scale;
  const swatch = 16 * scale;
  const gap = 14 * scale;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  if (!ctx) return plot;
  const width = plot.width;
  const titleFont = `600 ${14 * scale}px system-ui, sans-serif`;
  const legendFont = `${12 * scale}px system-ui, sans-serif`;
  ctx.font = titleFont;
  const titleLines = wrapText(ctx, title, width);
  // Legend entries in rows: an entry that would cross the right edge starts a new row; a label wider than a row wraps.
  ctx.font = legendFont;
  const rows: { x: number; label: string[]; colour: string }[][] = [[]];
  let x = 0;
  for (const { label, colour } of legend) {
    const lines = wrapText(ctx, label, width - swatch);
    const entry = swatch + Math.max(...lines.map((l) => ctx.measureText(l).width), 0);
    let row = rows[rows.length - 1] as { x: number; label: string[]; colour: string }[];
    if (row.length > 0 && x + entry > width) {
      row = [];
      rows.push(row);
      x = 0;
    }
    row.push({ x, label: lines, colour });
    x += entry + gap;
  }
  const rowHeight = (row: { label: string[] }[]) => line * Math.max(1, ...row.map((e) => e.label.length));
  const legendHeight = rows.reduce((sum, row) => sum + rowHeight(row), 0);
  out.width = width + 2 * pad;
  out.height = plot.height + 2 * pad + line * titleLines.length + legendHeight;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#1d1b18';
  ctx.textBaseline = 'middle';
  ctx.font = titleFont;
  titleLines.forEach((text, i) => ctx.fillText(text, pad, pad + line * (i + 0.5)));
  const plotTop = pad + line * titleLines.length;
  ctx.drawImage(plot, pad, plotTop);
  ctx.font = legendFont;
  let y = plotTop + plot.height;
  for (const row of rows) {
    for (const entry of row) {
      ctx.fillStyle = entry.colour;
      ctx.fillRect(pad + entry.x, y + line / 2 - 4 * scale, 12 * scale, 8 * scale);
      ctx.fillStyle = '#1d1b18';
      entry.label.forEach((text, i) => ctx.fillText(text, pad + entry.x + swatch, y + line * (i + 0.5)));
    }
    y += rowHeight(row);
  }
  return out;
}

/** A small button that saves the view `source()` gives as a PNG named for `view`. */
export function saveButton(source: () => HTMLCanvasElement | null, view: string, testid?: string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'small save-image', 'data-testid': testid, 'aria-label': t('app.saveImageOf', { view }) }, t('app.saveImage'));
  button.addEventListener('click', () => {
    const canvas = source();
    if (canvas) void downloadCanvas(canvas, view);
  });
  return button;
}
