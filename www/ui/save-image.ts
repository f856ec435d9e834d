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
 * `plot` (a chart's canvas) on white with `title` above and the series'
 * `legend` below, at the canvas's own resolution.
 */
export function composeChart(plot: HTMLCanvasElement, title: string, legend: readonly { label: string; colour: string }[]): HTMLCanvasElement {
  const scale = plot.width / Math.max(1, plot.clientWidth || plot.width);
  const pad = 12 * scale;
  const line = 18 * scale;
  const out = document.createElement('canvas');
  out.width = plot.width + 2 * pad;
  out.height = plot.height + 2 * pad + 2 * line;
  const ctx = out.getContext('2d');
  if (!ctx) return plot;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#1d1b18';
  ctx.font = `600 ${14 * scale}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, pad, pad + line / 2);
  ctx.drawImage(plot, pad, pad + line);
  ctx.font = `${12 * scale}px system-ui, sans-serif`;
  let x = pad;
  const y = pad + line + plot.height + line / 2;
  for (const { label, colour } of legend) {
    ctx.fillStyle = colour;
    ctx.fillRect(x, y - 4 * scale, 12 * scale, 8 * scale);
    ctx.fillStyle = '#1d1b18';
    ctx.fillText(label, x + 16 * scale, y);
    x += 16 * scale + ctx.measureText(label).width + 14 * scale;
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
