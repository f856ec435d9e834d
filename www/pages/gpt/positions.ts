// How the learner's GPT knows order, drawn from the model: the sinusoid
// table and (when the model learned its own) the learned one, positions ×
// dimensions, each beside its position-to-position cosine similarity;
// RoPE's rotation with the check that a rotated q·k depends only on the
// distance, on the model's own first query and key; ALiBi's bias per head.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { PositionTable, PositionsView } from '../../engine/protocol';
import { t } from '../../i18n';
import { DIVERGING, drawMatrix, sizeCanvas } from '../../ui/canvas';
import { h, tableRow } from '../../ui/dom';

/** Side of each heatmap, in CSS pixels. */
const SIDE = 200;
/** Positions of each ALiBi matrix drawn. */
const ALIBI_SPAN = 16;

function figure(title: string, testid: string, note = ''): { element: HTMLElement; canvas: HTMLCanvasElement; note: HTMLElement } {
  const canvas = h('canvas', { class: 'mask-matrix', 'data-testid': testid, role: 'img', 'aria-label': title });
  const caption = h('p', { class: 'muted small' }, note);
  return { element: h('figure', { class: 'mask-figure' }, h('figcaption', {}, title), canvas, caption), canvas, note: caption };
}

/** Draw `values` (rows × cols) on a signed scale symmetric around 0. */
function drawSigned(canvas: HTMLCanvasElement, values: ArrayLike<number>, rows: number, cols: number, width = SIDE, height = SIDE): void {
  const ctx = sizeCanvas(canvas, width, height);
  let top = 0;
  for (let i = 0; i < rows * cols; i++) top = Math.max(top, Math.abs(values[i] ?? 0));
  const span = top > 0 ? top : 1;
  drawMatrix(ctx, values, rows, cols, { x: 0, y: 0, w: width, h: height }, DIVERGING, -span, span);
  canvas.dataset.rows = String(rows);
  canvas.dataset.cols = String(cols);
  canvas.dataset.drawn = 'true';
}

function showTable(table: PositionTable, values: { element: HTMLElement; canvas: HTMLCanvasElement }, similarity: { element: HTMLElement; canvas: HTMLCanvasElement }): void {
  drawSigned(values.canvas, table.values, table.positions, table.width);
  drawSigned(similarity.canvas, table.similarity, table.positions, table.positions);
}

export type PositionsPanel = { element: HTMLElement; refresh: () => Promise<void>; reset: (example: string | null) => void };

export function positionsPanel(props: { client: EngineClient }): PositionsPanel {
  let ready = false;
  let example = '';
  const status = h('p', { class: 'muted', 'data-testid': 'positions-status' });
  const uses = h('p', { class: 'big-number', 'data-testid': 'positions-uses' });
  const sin = figure(t('gpt.positions.sinusoidal'), 'pos-sinusoidal', t('gpt.positions.sinusoidalNote'));
  const sinSim = figure(t('gpt.positions.similarity'), 'pos-sinusoidal-sim', t('gpt.positions.similarityNote'));
  const learned = figure(t('gpt.positions.learned'), 'pos-learned');
  const learnedSim = figure(t('gpt.positions.similarity'), 'pos-learned-sim');
  const learnedRow = h('div', { class: 'mask-row' }, learned.element, learnedSim.element);
  const noLearned = h('p', { class: 'muted', 'data-testid': 'pos-no-learned' });
  const ropeWheel = figure(t('gpt.positions.ropeAngles'), 'pos-rope-angles', t('gpt.positions.ropeAnglesNote'));
  const ropeTable = h('table', { class: 'cost-table', 'data-testid': 'rope-check' });
  const ropeNote = h('p', { class: 'muted small' });
  const alibi = h('div', { class: 'mask-row', 'data-testid': 'alibi' });

  const show = (v: PositionsView) => {
    uses.textContent = t('gpt.positions.uses', { what: t(`gpt.pos.${v.positions}`) });
    uses.dataset.positions = v.positions;
    showTable(v.sinusoidal, sin, sinSim);
    if (v.learned) {
      showTable(v.learned, learned, learnedSim);
      learnedRow.hidden = false;
      noLearned.textContent = '';
    } else {
      learnedRow.hidden = true;
      noLearned.textContent = t('gpt.positions.noLearned');
    }
    // cos(m·θ_k) for positions m of the context and each pair k.
    const positions = v.sinusoidal.positions;
    const pairs = v.rope.speeds.length;
    const angles = new Float32Array(positions * pairs);
    for (let m = 0; m < positions; m++) for (let k = 0; k < pairs; k++) angles[m * pairs + k] = Math.cos(m * (v.rope.speeds[k] ?? 0));
    drawSigned(ropeWheel.canvas, angles, positions, pairs);
    ropeTable.replaceChildren(
      h('thead', {}, tableRow([t('gpt.positions.ropeM'), t('gpt.positions.ropeN'), 'm − n', t('gpt.positions.ropeDot')], true)),
      h('tbody', {}, ...v.rope.rows.map((r) => tableRow([r.m, r.n, r.m - r.n, r.dot.toFixed(5)]))),
    );
    ropeTable.dataset.dots = JSON.stringify(v.rope.rows.map((r) => r.dot));
    ropeNote.textContent = t('gpt.positions.ropeNote', { plain: v.rope.plain.toFixed(5), d: v.rope.dHead });
    alibi.replaceChildren(
      ...v.alibiSlopes.map((slope, head) => {
        const f = figure(t('gpt.positions.alibiHead', { head: head + 1, slope: slope.toPrecision(3) }), `alibi-${head}`);
        const n = ALIBI_SPAN;
        const bias = new Float32Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) bias[i * n + j] = j <= i ? -slope * (i - j) : Number.NaN;
        const ctx = sizeCanvas(f.canvas, 120, 120);
        // Most negative (far) darkest blue, 0 white; the masked future grey.
        drawMatrix(ctx, bias.map((b) => (Number.isNaN(b) ? 0 : b)), n, n, { x: 0, y: 0, w: 120, h: 120 }, DIVERGING, -slope * (n - 1), slope * (n - 1));
        ctx.fillStyle = 'rgba(163,163,163,0.6)';
        for (let i = 0; i < n; i++) ctx.fillRect(((i + 1) * 120) / n, (i * 120) / n, 120 - ((i + 1) * 120) / n, 120 / n);
        f.canvas.dataset.drawn = 'true';
        return f.element;
      }),
    );
  };

  const look = latest(() => props.client.request({ type: 'gptPositions', text: example || '\n' }).done);
  const refresh = async () => {
    if (!ready) return;
    status.textContent = t('gpt.viewLoading');
    try {
      const reply = await look();
      if (reply === STALE) return;
      show(reply.value);
      status.textContent = '';
      status.dataset.ready = 'true';
    } catch (err) {
      status.textContent = t('app.error', { message: (err as Error).message });
    }
  };

  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'positions-panel' },
    h('h2', {}, t('gpt.positions.title')),
    h('p', { class: 'muted' }, t('gpt.positions.intro')),
    uses,
    status,
    h('h3', {}, t('gpt.positions.absolute')),
    h('div', { class: 'mask-row' }, sin.element, sinSim.element),
    learnedRow,
    noLearned,
    h('h3', {}, t('gpt.positions.rope')),
    h('p', {}, t('gpt.positions.ropeIntro')),
    h('div', { class: 'mask-row' }, ropeWheel.element, h('div', {}, ropeTable, ropeNote)),
    h('h3', {}, t('gpt.positions.alibi')),
    h('p', {}, t('gpt.positions.alibiIntro')),
    alibi,
  );
  return {
    element,
    refresh,
    reset: (line) => {
      ready = line !== null;
      example = line ?? '';
      delete status.dataset.ready;
      look.reset();
    },
  };
}
