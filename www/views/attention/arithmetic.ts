// One head's arithmetic, for one query token, done in front of the learner:
// scores q·k_j, the 1/sqrt(d_k) scale, a temperature, in a causal model the
// mask (future keys' scores set to −∞), the softmax and the weighted sum of
// values. The q, k and v come from the model (the page's `fetchHead` asks
// the worker to project the layer's input); everything after is computed
// here, and the softmax is checked against the model's own attention.
import { STALE, latest } from '../../engine/latest';
import type { HeadDetail } from '../../engine/protocol';
import { t } from '../../i18n';
import { DIVERGING, colour } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { floats, headMatrix, label, row, type Run } from './data';

export type ArithmeticState = { layer: number; head: number; query: number; temp: number; scale: boolean };

/** Rows of the score table drawn at most (the largest weights first beyond it). */
const MAX_ROWS = 40;

/**
 * softmax((q·k / (sqrt(d_k) when scaled) − slope·(i − j)) / temp) for one
 * query `i`: `slope` is ALiBi's distance penalty (0 without it). Only the
 * first `visible` keys take part: a causal model's query `i` sees keys 0..i
 * (visible = i + 1), and the rest are masked, their score −∞ in `scores`
 * and their weight exactly 0. `raw` keeps every key's dot product.
 */
export function attend(
  q: Float32Array,
  k: Float32Array,
  dK: number,
  temp: number,
  scale: boolean,
  visible = k.length / dK,
  slope = 0,
): { raw: Float64Array; scores: Float64Array; weights: Float64Array } {
  const seq = k.length / dK;
  const raw = new Float64Array(seq);
  for (let j = 0; j < seq; j++) {
    let dot = 0;
    for (let d = 0; d < dK; d++) dot += (q[d] as number) * (k[j * dK + d] as number);
    raw[j] = dot;
  }
  // At least the query itself is visible, so the max below is finite.
  const seen = Math.max(1, Math.min(seq, visible));
  const scores = raw.map((x, j) => (j < seen ? score(x, j, seen - 1, dK, temp, scale, slope) : -Infinity));
  const max = Math.max(...scores);
  const exps = scores.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return { raw, scores, weights: exps.map((e) => e / sum) };
}

/** One key's score before the softmax: (q·kⱼ / √d_k − slope·(i − j)) / temp. */
function score(dot: number, j: number, i: number, dK: number, temp: number, scale: boolean, slope: number): number {
  return ((scale ? dot / Math.sqrt(dK) : dot) - slope * (i - j)) / temp;
}

/** The step as a formula: `wⱼ = softmax( mask( q·kⱼ / √32 / 1 ) )`. */
function formula(dK: number, state: ArithmeticState, causal: boolean, slope: number): string {
  const dot = state.scale ? `q·kⱼ / √${dK}` : 'q·kⱼ';
  const alibi = slope ? `(${dot} − ${Number(slope.toPrecision(3))}·(i − j))` : dot;
  const score = `${alibi} / ${state.temp}`;
  return causal ? `wⱼ = softmax( mask( ${score} ) )` : `wⱼ = softmax( ${score} )`;
}

/** Entropy in bits. */
function entropy(p: Float64Array): number {
  return -p.reduce((acc, x) => (x > 0 ? acc + x * Math.log2(x) : acc), 0);
}

function vectorStrip(values: ArrayLike<number>, name: string): HTMLElement {
  let maxAbs = 1e-9;
  for (let i = 0; i < values.length; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i] as number));
  const cells = Array.from({ length: values.length }, (_, i) => {
    const v = values[i] as number;
    const cell = h('span', { class: 'vcell', title: `${name}[${i}] = ${v.toFixed(3)}` });
    cell.style.background = colour(DIVERGING, 0.5 + v / maxAbs / 2);
    return cell;
  });
  return h('div', { class: 'vstrip', 'aria-label': name }, ...cells);
}

/**
 * One head's q, k and v for `text`, layer and head from 0 (as the engine and
 * `HeadDetail` count them): the page's request to its own model.
 */
export type FetchHead = (text: string, layer: number, head: number) => Promise<HeadDetail>;

export function arithmeticView(props: {
  fetchHead: FetchHead;
  /** The text the run was made from, as sent to the model. */
  text: () => string;
  setState: (patch: Partial<ArithmeticState>) => void;
}): { element: HTMLElement; show: (run: Run, state: ArithmeticState) => void } {
  const query = h('select', { id: 'attn-query', 'data-testid': 'query-select' });
  query.addEventListener('change', () => props.setState({ query: Number(query.value) }));
  const temp = h('input', { type: 'range', id: 'attn-temp', min: -3, max: 3, step: 0.01, 'data-testid': 'temp-slider' });
  const tempValue = h('output', { for: 'attn-temp', class: 'mono' });
  temp.addEventListener('input', () => {
    const value = Number(Math.pow(10, Number(temp.value) * Math.log10(20) / 3).toPrecision(3));
    props.setState({ temp: value });
  });
  const scale = h('input', { type: 'checkbox', id: 'attn-scale', 'data-testid': 'scale-toggle' });
  scale.addEventListener('change', () => props.setState({ scale: scale.checked }));
  const status = h('p', { class: 'muted', 'data-testid': 'head-status' });
  const body = h('div', { 'data-testid': 'arithmetic' });
  const title = h('h2', { 'data-testid': 'arith-title' }, t('attention.arith.title'));
  const intro = h('p', { class: 'muted' });
  const element = h(
    'section',
    { class: 'panel' },
    title,
    intro,
    h(
      'div',
      { class: 'controls' },
      h('label', { class: 'field', for: 'attn-query' }, t('attention.arith.query'), query),
      h('label', { class: 'field', for: 'attn-temp' }, t('attention.arith.temp'), h('span', { class: 'slider' }, temp, tempValue)),
      h('label', { class: 'check', for: 'attn-scale' }, scale, t('attention.arith.scale')),
    ),
    status,
    body,
  );

  /** The last head fetched, and what is on screen now. */
  let detail: { key: string; value: HeadDetail } | null = null;
  let shown: { run: Run; state: ArithmeticState; requested: ArithmeticState } | null = null;
  // One head's vectors for the newest text, layer and head; asking again
  // for the head in flight (a slider moved) waits for it (engine/latest.ts).
  const headKey = (text: string, layer: number, head: number) => `${layer}/${head}/${text}`;
  const fetchHead = latest((text: string, layer: number, head: number) => props.fetchHead(text, layer - 1, head - 1), { key: headKey });

  const render = (run: Run, state: ArithmeticState, d: HeadDetail) => {
    const dK = d.dK;
    const seq = run.seq;
    const qi = Math.min(state.query, seq - 1);
    const q = floats(d.q).subarray(qi * dK, (qi + 1) * dK);
    const k = floats(d.k);
    const v = floats(d.v);
    // A causal query sees itself and the keys before it.
    const visible = run.causal ? qi + 1 : seq;
    const slope = d.alibiSlope ?? 0;
    const { raw, weights } = attend(q, k, dK, state.temp, state.scale, visible, slope);
    const model = row(headMatrix(run, state.layer - 1, state.head - 1), seq, qi);
    // The check: at temperature 1 with the scale, this is the model's own softmax.
    const reference = attend(q, k, dK, 1, true, visible, slope).weights;
    let diff = 0;
    for (let j = 0; j < seq; j++) diff = Math.max(diff, Math.abs((reference[j] as number) - (model[j] as number)));
    const unscaled = attend(q, k, dK, 1, false, visible, slope).weights;

    const z = new Float64Array(dK);
    for (let j = 0; j < seq; j++) for (let c = 0; c < dK; c++) z[c] = (z[c] as number) + (weights[j] as number) * (v[j * dK + c] as number);

    const order = Array.from({ length: seq }, (_, j) => j);
    const shown = seq <= MAX_ROWS ? order : order.sort((a, b) => (weights[b] as number) - (weights[a] as number)).slice(0, MAX_ROWS);
    const rows = shown.map((j) => {
      const w = weights[j] as number;
      const fill = h('span', { class: 'bar' });
      fill.style.width = `${Math.round(120 * w)}px`;
      const scaled = score(raw[j] as number, j, qi, dK, state.temp, state.scale, slope);
      return h(
        'tr',
        { class: j === qi ? 'is-query' : j >= visible ? 'is-masked' : undefined },
        h('td', {}, h('span', { class: `chip${run.tokens[j]?.special ? ' special' : ''}` }, label(run.tokens[j]))),
        h('td', { class: 'num' }, (raw[j] as number).toFixed(2)),
        h('td', { class: 'num' }, scaled.toFixed(2)),
        ...(run.causal ? [h('td', { class: 'num' }, j < visible ? scaled.toFixed(2) : '−∞')] : []),
        h('td', { class: 'num' }, fill, ` ${w.toFixed(3)}`),
        h('td', { class: 'num muted' }, (model[j] as number).toFixed(3)),
      );
    });
    const top = order.reduce((a, b) => ((weights[a] as number) >= (weights[b] as number) ? a : b), 0);
    const maxUnscaled = Math.max(...unscaled);
    body.replaceChildren(
      h('h3', {}, t('attention.arith.step1', { token: label(run.tokens[qi]), dk: dK })),
      vectorStrip(q, 'q'),
      h('h3', {}, t('attention.arith.step2')),
      h('p', { class: 'formula' }, formula(dK, state, run.causal, slope)),
      ...(run.causal ? [h('p', { 'data-testid': 'mask-step' }, t('attention.arith.mask', { token: label(run.tokens[qi]), n: seq - visible }))] : []),
      h('p', { class: 'muted' }, seq > MAX_ROWS ? t('attention.arith.rowsCut', { shown: MAX_ROWS, seq }) : ''),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'results compact', 'data-testid': 'score-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('attention.arith.key')),
              h('th', { class: 'num' }, 'q·kⱼ'),
              h('th', { class: 'num' }, t('attention.arith.scaled')),
              ...(run.causal ? [h('th', { class: 'num' }, t('attention.arith.masked'))] : []),
              h('th', { class: 'num' }, t('attention.arith.weight')),
              h('th', { class: 'num' }, t('attention.arith.model')),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      ),
      h(
        'p',
        { 'data-testid': 'softmax-summary' },
        t('attention.arith.summary', {
          token: label(run.tokens[top]),
          weight: (weights[top] as number).toFixed(3),
          bits: entropy(weights).toFixed(2),
          uniform: Math.log2(visible).toFixed(2),
        }),
      ),
      h('p', { class: 'muted' }, t('attention.arith.unscaled', { max: maxUnscaled.toFixed(3), dk: dK, sqrt: Math.sqrt(dK).toFixed(2) })),
      h('p', { class: diff < 1e-4 ? 'pass' : 'fail', 'data-testid': 'model-check', 'data-diff': diff }, t('attention.arith.check', { diff: diff.toExponential(1) })),
      h('h3', {}, t('attention.arith.step3', { dk: dK })),
      vectorStrip(z, 'z'),
      h('p', { class: 'muted' }, t('attention.arith.concat', { heads: run.heads, dk: dK, d: run.dModel })),
    );
  };

  const show = (run: Run, requested: ArithmeticState) => {
    const state = { ...requested, head: requested.head === 0 ? 1 : requested.head, query: Math.min(requested.query, run.seq - 1) };
    intro.textContent = t('attention.arith.intro', { dk: Math.round(run.dModel / run.heads) });
    status.textContent = requested.head === 0 ? t('attention.arith.meanHead') : '';
    title.textContent = t('attention.arith.titleHead', { layer: state.layer, head: state.head });
    query.replaceChildren(
      ...run.tokens.map((token, i) => h('option', { value: i, selected: i === state.query }, `${i} · ${label(token)}`)),
    );
    temp.value = String((Math.log10(state.temp) * 3) / Math.log10(20));
    tempValue.textContent = `T = ${state.temp}`;
    scale.checked = state.scale;
    const text = props.text();
    const key = headKey(text, state.layer, state.head);
    shown = { run, state, requested };
    if (detail?.key === key) {
      fetchHead.reset();
      render(run, state, detail.value);
      return;
    }
    status.textContent = t('attention.arith.loading');
    fetchHead(text, state.layer, state.head).then(
      (reply) => {
        if (reply === STALE || !shown) return;
        detail = { key, value: reply };
        status.textContent = shown.requested.head === 0 ? t('attention.arith.meanHead') : '';
        render(shown.run, shown.state, reply);
      },
      (err: Error) => (status.textContent = t('app.error', { message: err.message })),
    );
  };
  return { element, show };
}
