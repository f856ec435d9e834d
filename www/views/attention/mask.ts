// The causal mask, drawn: in a decoder's attention matrix every cell above
// the diagonal (a key after its query) is 0 because the model may not look
// there, not because it chose not to. Painting those cells the colour of
// weight 0 would hide the difference, so they get a grey hatch of their own,
// the same in the heatmap, the thumbnails and the legend's swatch.
import { t } from '../../i18n';
import { sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { isMasked } from './data';

type Rect = { x: number; y: number; w: number; h: number };

/** Side of one hatch tile, in CSS pixels. */
const TILE = 6;

/**
 * The masked cells of a `seq` x `seq` matrix drawn into `rect`, as one
 * rectangle per query row: the cells from just after the diagonal to the end.
 */
export function maskedRects(seq: number, rect: Rect): Rect[] {
  const cw = rect.w / seq;
  const ch = rect.h / seq;
  const out: Rect[] = [];
  for (let i = 0; i < seq; i++) {
    const first = i + 1; // the first key j with isMasked(i, j)
    if (first >= seq || !isMasked(i, first)) continue;
    out.push({ x: rect.x + first * cw, y: rect.y + i * ch, w: (seq - first) * cw, h: ch });
  }
  return out;
}

let tile: HTMLCanvasElement | null = null;

/** The hatch: light grey with darker diagonals, made once. */
function hatch(ctx: CanvasRenderingContext2D): CanvasPattern | string {
  if (!tile) {
    tile = document.createElement('canvas');
    tile.width = TILE;
    tile.height = TILE;
    const c = tile.getContext('2d');
    if (c) {
      c.fillStyle = '#e7e5e4';
      c.fillRect(0, 0, TILE, TILE);
      c.strokeStyle = '#a8a29e';
      c.lineWidth = 1;
      c.beginPath();
      c.moveTo(0, TILE);
      c.lineTo(TILE, 0);
      c.moveTo(-1, 1);
      c.lineTo(1, -1);
      c.moveTo(TILE - 1, TILE + 1);
      c.lineTo(TILE + 1, TILE - 1);
      c.stroke();
    }
  }
  return ctx.createPattern(tile, 'repeat') ?? '#e7e5e4';
}

/** Hatch the masked cells of a `seq` x `seq` matrix drawn into `rect`. */
export function drawMask(ctx: CanvasRenderingContext2D, seq: number, rect: Rect): void {
  ctx.save();
  ctx.fillStyle = hatch(ctx);
  // One path, one fill: 78 thumbnails of 512 rows stay quick.
  ctx.beginPath();
  for (const r of maskedRects(seq, rect)) ctx.rect(r.x, r.y, r.w, r.h);
  ctx.fill();
  ctx.restore();
}

/** "▨ masked: a token cannot attend to tokens after it", hidden until `show(true)`. */
export function maskLegend(): { element: HTMLElement; show: (causal: boolean) => void } {
  const swatch = h('canvas', { class: 'mask-swatch', 'aria-hidden': 'true' });
  const element = h('p', { class: 'muted mask-legend', 'data-testid': 'mask-legend' }, swatch, ' ', t('attention.masked'));
  element.hidden = true;
  let drawn = false;
  const show = (causal: boolean) => {
    element.hidden = !causal;
    if (!causal || drawn) return;
    const ctx = sizeCanvas(swatch, 14, 14);
    ctx.fillStyle = hatch(ctx);
    ctx.fillRect(0, 0, 14, 14);
    drawn = true;
  };
  return { element, show };
}
