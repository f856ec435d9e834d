// One head up close: its attention matrix as a heatmap with token labels, or
// as BertViz-style lines between two columns of tokens. Hovering or focusing
// a token shows where it attends (its row) and what attends to it (its
// column), in the picture and in words. In a causal model the masked half of
// the heatmap is hatched (mask.ts); the lines need nothing, as masked weights
// are 0 and draw no line.
import { t } from '../../i18n';
import { HEAT, colour, drawMatrix, sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { column, headMatrix, label, row, shares, topK, type Run } from './data';
import { drawMask, maskLegend } from './mask';

/** Tokens beyond this are not drawn as lines (the picture would be solid). */
export const MAX_LINE_TOKENS = 96;
const LABEL_W = 96;

export type Draw = 'heatmap' | 'lines';

export function attentionDetail(props: { onDraw: (draw: Draw) => void }): {
  element: HTMLElement;
  show: (run: Run, layer: number, head: number, draw: Draw) => void;
} {
  const title = h('h2', { 'data-testid': 'head-title' });
  const drawButtons = (['heatmap', 'lines'] as const).map((d) =>
    h('button', { type: 'button', class: 'small', 'data-draw': d, onclick: () => props.onDraw(d) }, t(`attention.draw.${d}`)),
  );
  const canvas = h('canvas', { class: 'attention-canvas', 'data-testid': 'attention-canvas' });
  const strip = h('div', { class: 'token-strip', role: 'group', 'aria-label': t('attention.hoverTokens') });
  const readout = h('div', { class: 'readout', 'aria-live': 'polite', 'data-testid': 'attention-readout' });
  const stats = h('p', { class: 'muted', 'data-testid': 'attention-shares' });
  const note = h('p', { class: 'muted' });
  const legend = maskLegend();
  const element = h(
    'section',
    { class: 'panel' },
    h('div', { class: 'row-head' }, title, h('div', { class: 'segmented', role: 'group', 'aria-label': t('attention.draw.label') }, ...drawButtons)),
    h('p', { class: 'muted' }, t('attention.hoverHelp')),
    strip,
    h('div', { class: 'canvas-scroll' }, canvas),
    legend.element,
    note,
    readout,
    stats,
  );

  let current: { run: Run; matrix: Float32Array; draw: Draw } | null = null;
  let focus = -1;
  /** In the line view, whether the focused token is on the right (keys) side. */
  let focusKey = false;

  const describe = () => {
    if (!current || focus < 0) {
      readout.replaceChildren(h('p', { class: 'muted' }, t('attention.hoverNone')));
      return;
    }
    const { run, matrix } = current;
    const list = (values: Float32Array) =>
      topK(values, 4)
        .map((j) => `${label(run.tokens[j])} ${(values[j] as number).toFixed(2)}`)
        .join(' · ');
    readout.replaceChildren(
      h('p', {}, h('strong', {}, t('attention.attendsTo', { token: label(run.tokens[focus]) })), ' ', list(row(matrix, run.seq, focus))),
      h('p', {}, h('strong', {}, t('attention.attendedBy', { token: label(run.tokens[focus]) })), ' ', list(column(matrix, run.seq, focus))),
    );
  };

  const setFocus = (i: number) => {
    focus = i;
    for (const [k, chip] of [...strip.children].entries()) chip.classList.toggle('lit', k === i);
    paint();
    describe();
  };

  const paint = () => {
    if (!current) return;
    if (current.draw === 'heatmap') paintHeatmap(current.run, current.matrix);
    else paintLines(current.run, current.matrix);
  };

  const paintHeatmap = (run: Run, matrix: Float32Array) => {
    const cell = Math.max(1, Math.min(26, Math.floor(560 / run.seq)));
    const labels = cell >= 9;
    const margin = labels ? LABEL_W : 0;
    const size = cell * run.seq;
    const ctx = sizeCanvas(canvas, margin + size + 4, margin + size + 4);
    ctx.clearRect(0, 0, margin + size + 4, margin + size + 4);
    const rect = { x: margin, y: margin, w: size, h: size };
    drawMatrix(ctx, matrix, run.seq, run.seq, rect);
    if (run.causal) drawMask(ctx, run.seq, rect);
    ctx.font = `${Math.min(12, cell)}px system-ui, sans-serif`;
    ctx.fillStyle = '#44403c';
    if (labels) {
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      for (let i = 0; i < run.seq; i++) ctx.fillText(label(run.tokens[i]), margin - 6, margin + (i + 0.5) * cell);
      ctx.save();
      ctx.translate(margin, margin);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'left';
      for (let j = 0; j < run.seq; j++) ctx.fillText(label(run.tokens[j]), 6, (j + 0.5) * cell);
      ctx.restore();
    }
    if (focus >= 0) {
      ctx.strokeStyle = '#1d4ed8';
      ctx.lineWidth = 2;
      ctx.strokeRect(margin, margin + focus * cell, size, cell);
      ctx.strokeStyle = '#15803d';
      ctx.strokeRect(margin + focus * cell, margin, cell, size);
    }
    canvas.onmousemove = (event) => {
      const box = canvas.getBoundingClientRect();
      const i = Math.floor((event.clientY - box.top - margin) / cell);
      if (i >= 0 && i < run.seq && i !== focus) setFocus(i);
    };
  };

  const paintLines = (run: Run, matrix: Float32Array) => {
    const seq = Math.min(run.seq, MAX_LINE_TOKENS);
    const step = 20;
    const width = 460;
    const height = seq * step + 10;
    const ctx = sizeCanvas(canvas, width, height);
    ctx.clearRect(0, 0, width, height);
    const left = 130;
    const right = width - 130;
    const y = (i: number) => 5 + (i + 0.5) * step;
    for (let i = 0; i < seq; i++) {
      if (focus >= 0 && focus < seq && !focusKey && i !== focus) continue;
      for (let j = 0; j < seq; j++) {
        if (focus >= 0 && focus < seq && focusKey && j !== focus) continue;
        const w = matrix[i * run.seq + j] as number;
        if (w < 0.01) continue;
        ctx.strokeStyle = colour(HEAT, 0.35 + 0.65 * w);
        ctx.globalAlpha = Math.min(1, 0.15 + w);
        ctx.lineWidth = 0.5 + 4 * w;
        ctx.beginPath();
        ctx.moveTo(left, y(i));
        ctx.lineTo(right, y(j));
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < seq; i++) {
      ctx.fillStyle = i === focus && !focusKey ? '#1d4ed8' : '#292524';
      ctx.textAlign = 'right';
      ctx.fillText(label(run.tokens[i]), left - 8, y(i));
      ctx.fillStyle = i === focus && focusKey ? '#15803d' : '#292524';
      ctx.textAlign = 'left';
      ctx.fillText(label(run.tokens[i]), right + 8, y(i));
    }
    // Left half: the token as a query (where it looks); right half: as a key
    // (who looks at it), as in BertViz.
    canvas.onmousemove = (event) => {
      const box = canvas.getBoundingClientRect();
      const i = Math.floor((event.clientY - box.top - 5) / step);
      const key = event.clientX - box.left > width / 2;
      if (i >= 0 && i < seq && (i !== focus || key !== focusKey)) {
        focusKey = key;
        setFocus(i);
      }
    };
  };

  canvas.addEventListener('mouseleave', () => {
    focusKey = false;
    setFocus(-1);
  });

  const show = (run: Run, layer: number, head: number, draw: Draw) => {
    const matrix = headMatrix(run, layer - 1, head - 1);
    current = { run, matrix, draw };
    if (focus >= run.seq) focus = -1;
    title.textContent = head === 0 ? t('attention.layerMean', { layer }) : t('attention.headName', { layer, head });
    for (const b of drawButtons) b.setAttribute('aria-pressed', String(b.dataset.draw === draw));
    strip.replaceChildren(
      ...run.tokens.map((token, i) =>
        h(
          'button',
          {
            type: 'button',
            class: `chip${token.special ? ' special' : ''}${i === focus ? ' lit' : ''}`,
            'data-index': i,
            onmouseenter: () => {
              focusKey = false;
              setFocus(i);
            },
            onfocus: () => {
              focusKey = false;
              setFocus(i);
            },
          },
          label(token),
        ),
      ),
    );
    note.textContent = draw === 'lines' && run.seq > MAX_LINE_TOKENS ? t('attention.linesCut', { max: MAX_LINE_TOKENS }) : '';
    legend.show(run.causal && draw === 'heatmap');
    const s = shares(matrix, run.tokens);
    const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
    stats.textContent =
      s.cls === null && s.sep === null
        ? t('attention.sharesSelf', { self: pct(s.self) })
        : t('attention.shares', { cls: pct(s.cls ?? 0), sep: pct(s.sep ?? 0), self: pct(s.self) });
    paint();
    describe();
  };
  return { element, show };
}
