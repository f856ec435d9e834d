// Inside the network for one image: the first layer's learned filters,
// every conv block's feature maps, and the class probabilities. The image
// is a test digit the learner picks, or their own drawing, preprocessed
// like MNIST (www/views/draw-pad.ts) and classified as they draw.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import { floats } from '../../engine/floats';
import type { VisionInspection } from '../../engine/protocol';
import { t } from '../../i18n';
import { DIVERGING, drawMatrix, sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { digitCanvas } from './digits';
import { drawPad } from '../../views/draw-pad';

function mapCanvas(values: Float32Array, side: number, px: number, symmetric = true): HTMLCanvasElement {
  const canvas = h('canvas', { class: 'fmap' });
  const ctx = sizeCanvas(canvas, px, px);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  // Zero is white, positive red, negative blue, each map on its own scale.
  const m = Math.max(Math.abs(lo), Math.abs(hi), 1e-9);
  drawMatrix(ctx, values, side, side, { x: 0, y: 0, w: px, h: px }, DIVERGING, -m, m);
  canvas.dataset.symmetric = String(symmetric);
  return canvas;
}


export function inside(props: { client: EngineClient; ready: () => boolean }): {
  element: HTMLElement;
  showDigit: (pixels: Uint8Array, label: number | null) => void;
  refresh: () => void;
} {
  const pad = drawPad({
    label: t('vision.drawLabel'),
    testid: 'draw-pad',
    onDigit: (pixels) => {
      if (pixels) {
        showDigit(pixels, null);
        return;
      }
      status.textContent = t('vision.drawEmpty');
      probs.replaceChildren();
    },
  });
  const source = h('div', { class: 'source' });
  const probs = h('div', { class: 'probs', 'data-testid': 'probabilities' });
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'draw-status' }, t('vision.drawHint'));
  const filters = h('div', { class: 'fmaps', 'data-testid': 'filters' });
  const maps = h('div', { 'data-testid': 'feature-maps' });
  const clearButton = h('button', { type: 'button', class: 'small', 'data-testid': 'draw-clear' }, t('vision.clear'));
  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('vision.inside')),
    h('p', { class: 'muted' }, t('vision.insideIntro')),
    h(
      'div',
      { class: 'draw-row' },
      h('div', {}, pad.element, h('div', { class: 'controls' }, clearButton)),
      h('div', { class: 'draw-side' }, h('h3', {}, t('vision.input')), source, h('h3', {}, t('vision.probabilities')), probs, status),
    ),
    h('h3', {}, t('vision.filters')),
    h('p', { class: 'muted' }, t('vision.filtersHelp')),
    filters,
    h('h3', {}, t('vision.maps')),
    maps,
  );

  let current: Uint8Array | null = null;
  let currentLabel: number | null = null;

  const render = (r: VisionInspection) => {
    const best = r.probabilities.indexOf(Math.max(...r.probabilities));
    probs.replaceChildren(
      ...r.probabilities.map((p, k) => {
        const bar = h('span', { class: 'bar' });
        bar.style.width = `${Math.round(140 * p)}px`;
        return h('div', { class: `prob${k === best ? ' best' : ''}`, 'data-class': k, 'data-p': p.toFixed(4) }, h('span', { class: 'prob-k' }, String(k)), bar, h('span', { class: 'mono muted' }, ` ${(100 * p).toFixed(1)}%`));
      }),
    );
    probs.dataset.best = String(best);
    const k = r.kernel;
    const f = floats(r.filters);
    filters.replaceChildren(...Array.from({ length: f.length / (k * k) }, (_, c) => mapCanvas(f.subarray(c * k * k, (c + 1) * k * k), k, 44, true)));
    maps.replaceChildren(
      ...r.maps.map((m, b) => {
        const [c = 0, side = 0] = m.shape;
        const values = floats(m.values);
        const px = Math.max(40, Math.min(84, Math.round(560 / Math.max(side, 1))));
        return h(
          'div',
          { class: 'fmap-block' },
          h('p', { class: 'muted' }, t('vision.mapsOf', { block: b + 1, c, side })),
          h('div', { class: 'fmaps' }, ...Array.from({ length: c }, (_, ch) => mapCanvas(values.subarray(ch * side * side, (ch + 1) * side * side), side, px, false))),
        );
      }),
    );
    status.textContent = currentLabel === null ? t('vision.guess', { k: best }) : t('vision.guessOf', { k: best, label: currentLabel });
  };

  // The learner draws faster than the engine answers: strokes meanwhile
  // are coalesced into one more run with the newest image (engine/latest.ts).
  const probe = latest((pixels: Uint8Array) => props.client.request({ type: 'visionInspect', pixels: Array.from(pixels) }).done);
  const run = () => {
    if (!current || !props.ready()) return;
    status.dataset.busy = 'true';
    probe(current).then(
      (reply) => {
        if (reply === STALE) return;
        render(reply.value);
        status.dataset.busy = 'false';
      },
      (err: Error) => {
        status.textContent = t('app.error', { message: err.message });
        status.dataset.busy = 'false';
      },
    );
  };

  const showDigit = (pixels: Uint8Array, label: number | null) => {
    current = pixels;
    currentLabel = label;
    source.replaceChildren(digitCanvas(pixels, 3), label === null ? '' : h('span', { class: 'muted' }, ` ${t('vision.label', { label })}`));
    run();
  };

  clearButton.addEventListener('click', () => {
    pad.clear();
    current = null;
    probs.replaceChildren();
    source.replaceChildren();
    status.textContent = t('vision.drawHint');
  });

  return { element, showDigit, refresh: run };
}

