// The map: the most frequent tokens' vectors on their two principal axes,
// each a dot with its token beside it (the most frequent ones always, the
// rest as room allows), hover for any token, and a search that rings one.
import type { W2vMap } from '../../engine/protocol';
import { t } from '../../i18n';
import { sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { saveButton } from '../../ui/save-image';

const HEIGHT = 420;
/** Tokens always labelled, most frequent first. */
const LABELLED = 60;

export type MapView = {
  element: HTMLElement;
  /** Draw `map`'s points, laid out by `projection` (named on the canvas for tests). */
  draw: (map: W2vMap, projection: 'pca' | 'umap') => void;
  clear: () => void;
};

export function mapView(): MapView {
  const canvas = h('canvas', { 'data-testid': 'w2v-map', role: 'img', 'aria-label': t('representations.mapEmpty') });
  const tip = h('p', { class: 'mono muted', 'aria-live': 'polite', 'data-testid': 'w2v-map-tip' });
  const find = h('input', { id: 'w2v-map-find', type: 'search', maxlength: 20, size: 10 });
  let map: W2vMap | null = null;
  let screen: [number, number][] = [];
  let ringed = -1;

  const render = () => {
    const width = Math.max(280, Math.min(760, canvas.parentElement?.clientWidth ?? 640));
    const ctx = sizeCanvas(canvas, width, HEIGHT);
    ctx.clearRect(0, 0, width, HEIGHT);
    if (!map || map.points.length === 0) return;
    const xs = map.points.map((p) => p[0]);
    const ys = map.points.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const pad = 24;
    const sx = (width - 2 * pad) / Math.max(1e-9, x1 - x0);
    const sy = (HEIGHT - 2 * pad) / Math.max(1e-9, y1 - y0);
    screen = map.points.map(([x, y]) => [pad + (x - x0) * sx, HEIGHT - pad - (y - y0) * sy]);
    ctx.font = '13px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    // Labels claim room in frequency order; a label that would overlap a placed one is left to hover.
    const placed: [number, number, number, number][] = [];
    screen.forEach(([x, y], i) => {
      ctx.fillStyle = i === ringed ? '#c2410c' : 'rgba(29, 78, 216, 0.55)';
      ctx.beginPath();
      ctx.arc(x, y, i === ringed ? 5 : 2.5, 0, 2 * Math.PI);
      ctx.fill();
      const label = map?.tokens[i] ?? '';
      const w = ctx.measureText(label).width;
      const box: [number, number, number, number] = [x + 4, y - 8, x + 6 + w, y + 8];
      const free = !placed.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]);
      if (i === ringed || (i < LABELLED && free)) {
        placed.push(box);
        ctx.fillStyle = i === ringed ? '#c2410c' : '#1d1b18';
        ctx.fillText(label, x + 5, y);
      }
    });
    if (ringed >= 0) {
      const [x, y] = screen[ringed] as [number, number];
      ctx.strokeStyle = '#c2410c';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(x, y, 10, 0, 2 * Math.PI);
      ctx.stroke();
    }
  };

  canvas.addEventListener('pointermove', (event) => {
    if (!map) return;
    const rect = canvas.getBoundingClientRect();
    const [px, py] = [event.clientX - rect.left, event.clientY - rect.top];
    let best = -1;
    let bestD = 12 * 12;
    screen.forEach(([x, y], i) => {
      const d = (x - px) ** 2 + (y - py) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    });
    tip.textContent = best >= 0 ? `${map.tokens[best]} · #${best + 1}` : '';
  });
  find.addEventListener('input', () => {
    const token = find.value.trim().toLowerCase();
    ringed = map ? map.tokens.indexOf(token) : -1;
    find.dataset.found = String(ringed >= 0);
    render();
  });

  return {
    element: h(
      'div',
      {},
      h('div', { class: 'controls' }, h('label', { class: 'field', for: 'w2v-map-find' }, t('representations.mapFind'), find), saveButton(() => (map ? canvas : null), 'map', 'w2v-map-save')),
      h('div', { class: 'map-holder' }, canvas),
      tip,
    ),
    draw: (next, projection) => {
      map = next;
      canvas.dataset.projection = projection;
      ringed = find.value ? next.tokens.indexOf(find.value.trim().toLowerCase()) : -1;
      const aria = projection === 'umap' ? t('representations.mapAriaUmap', { n: next.tokens.length }) : t('representations.mapAria', { n: next.tokens.length });
      canvas.setAttribute('aria-label', `${aria} ${next.tokens.slice(0, 20).join(' ')}`);
      canvas.dataset.points = String(next.points.length);
      render();
    },
    clear: () => {
      map = null;
      canvas.setAttribute('aria-label', t('representations.mapEmpty'));
      delete canvas.dataset.points;
      tip.textContent = '';
      render();
    },
  };
}
