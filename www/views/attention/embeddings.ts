// Embeddings: what the model starts from and how each token's vector moves.
// A 2-D PCA of every hidden state (computed in the worker) with a slider
// and a play button to move through the layers; the word, position and
// hidden vectors of one token as colour strips; and, where the page can
// search its model's vocabulary, the tokens whose input embeddings are
// nearest to it. What the input embedding is made of differs by model (BERT
// adds a segment embedding and normalises), so the page says it in words.
import { STALE, latest } from '../../engine/latest';
import type { Neighbour } from '../../engine/protocol';
import { t } from '../../i18n';
import { DIVERGING, colour, sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { label, type Run } from './data';
import { reducedMotion } from '../../ui/motion';

export type EmbeddingsState = { hs: number; query: number };

const W = 560;
const H = 380;
const PAD = 28;

function strip(values: Float32Array, name: string, testid: string): HTMLElement {
  const canvas = h('canvas', { class: 'embed-strip', 'aria-label': name, 'data-testid': testid });
  const ctx = sizeCanvas(canvas, values.length, 18);
  let maxAbs = 1e-9;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  values.forEach((v, i) => {
    ctx.fillStyle = colour(DIVERGING, 0.5 + v / maxAbs / 2);
    ctx.fillRect(i, 0, 1, 18);
  });
  let norm = 0;
  for (const v of values) norm += v * v;
  return h('div', { class: 'embed-row' }, h('span', { class: 'embed-name' }, name), canvas, h('span', { class: 'mono muted' }, `‖·‖ = ${Math.sqrt(norm).toFixed(2)}`));
}

/** A search of the model's vocabulary, by the page: the panel shows it when given. */
export type NearestSearch = {
  /** The vocabulary tokens nearest to the token with id `token`, nearest first. */
  fetch: (token: number) => Promise<readonly Neighbour[]>;
  /** What the search covers, in words (cosine over the model's whole vocabulary). */
  intro: string;
};

export function embeddingsView(props: {
  setState: (patch: Partial<EmbeddingsState>) => void;
  /** What the model's input vector is made of, in words. */
  vectorsIntro: string;
  nearest?: NearestSearch;
}): { element: HTMLElement; show: (run: Run, state: EmbeddingsState) => void; dispose: () => void } {
  const canvas = h('canvas', { class: 'pca-canvas', 'data-testid': 'pca-canvas', role: 'img', 'aria-label': t('app.chartEmpty') });
  const slider = h('input', { type: 'range', id: 'attn-hs', min: 0, step: 1, 'data-testid': 'hs-slider' });
  const sliderLabel = h('output', { for: 'attn-hs', class: 'mono', 'data-testid': 'hs-label' });
  const play = h('button', { type: 'button', class: 'small', 'data-testid': 'pca-play' }, t('attention.emb.play'));
  const explained = h('p', { class: 'muted', 'data-testid': 'pca-explained' });
  const tokenSelect = h('select', { id: 'attn-emb-token', 'data-testid': 'emb-token' });
  const strips = h('div', { class: 'embed-strips' });
  const neighbours = h('ol', { class: 'neighbours', 'data-testid': 'neighbours' });
  const nearestStatus = h('p', { class: 'muted' });
  const pcaIntro = h('p', { class: 'muted' });
  const element = h(
    'div',
    {},
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('attention.emb.pcaTitle')),
      pcaIntro,
      h('div', { class: 'controls' }, h('label', { class: 'field', for: 'attn-hs' }, t('attention.emb.layer'), h('span', { class: 'slider' }, slider, sliderLabel)), play),
      h('div', { class: 'canvas-scroll' }, canvas),
      explained,
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('attention.emb.vectorsTitle')),
      h('p', { class: 'muted' }, props.vectorsIntro),
      h('div', { class: 'controls' }, h('label', { class: 'field', for: 'attn-emb-token' }, t('attention.emb.token'), tokenSelect)),
      strips,
      ...(props.nearest ? [h('h3', {}, t('attention.emb.nearestTitle')), h('p', { class: 'muted' }, props.nearest.intro), nearestStatus, neighbours] : []),
    ),
  );

  let current: { run: Run; state: EmbeddingsState } | null = null;
  let frame = 0;
  let nearestFor = -1;

  /** Draw the projection at fractional layer `at` (between two layers while playing). */
  const paint = (run: Run, at: number, chosen: number) => {
    const ctx = sizeCanvas(canvas, W, H);
    ctx.clearRect(0, 0, W, H);
    const per = run.seq * 2;
    // Each layer scaled to fit (vector norms grow through the layers), the
    // scale itself interpolated while playing so the motion stays smooth.
    const extent = (layer: number) => {
      let m = 1e-9;
      for (let k = layer * per; k < (layer + 1) * per; k++) m = Math.max(m, Math.abs(run.pca[k] as number));
      return m;
    };
    const lo = Math.floor(at);
    const hi = Math.min(lo + 1, run.layers);
    const f = at - lo;
    const maxAbs = extent(lo) + (extent(hi) - extent(lo)) * f;
    const x = (i: number) => {
      const a = run.pca[lo * per + i * 2] as number;
      const b = run.pca[hi * per + i * 2] as number;
      return W / 2 + ((a + (b - a) * f) / maxAbs) * (W / 2 - PAD);
    };
    const y = (i: number) => {
      const a = run.pca[lo * per + i * 2 + 1] as number;
      const b = run.pca[hi * per + i * 2 + 1] as number;
      return H / 2 - ((a + (b - a) * f) / maxAbs) * (H / 2 - PAD);
    };
    ctx.strokeStyle = '#e7e5e4';
    ctx.beginPath();
    ctx.moveTo(W / 2, PAD / 2);
    ctx.lineTo(W / 2, H - PAD / 2);
    ctx.moveTo(PAD / 2, H / 2);
    ctx.lineTo(W - PAD / 2, H / 2);
    ctx.stroke();
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const labelled = run.seq <= 80;
    for (let i = 0; i < run.seq; i++) {
      const token = run.tokens[i];
      ctx.fillStyle = i === chosen ? '#1d4ed8' : token?.special ? '#a8a29e' : `hsl(${(i * 37) % 360} 60% 42%)`;
      ctx.beginPath();
      ctx.arc(x(i), y(i), i === chosen ? 6 : 4, 0, Math.PI * 2);
      ctx.fill();
      if (labelled || i === chosen) ctx.fillText(label(token), x(i) + 7, y(i));
    }
    canvas.setAttribute('aria-label', t('attention.emb.pcaAria', { layer: Math.round(at) }));
  };

  const stateName = (hs: number) => (hs === 0 ? t('attention.emb.layer0') : t('attention.emb.layerN', { layer: hs }));

  const stop = () => {
    cancelAnimationFrame(frame);
    frame = 0;
    play.textContent = t('attention.emb.play');
  };
  play.addEventListener('click', () => {
    if (frame) {
      stop();
      return;
    }
    if (!current) return;
    const { run } = current;
    const begin = performance.now();
    const perLayer = 900;
    const reduced = reducedMotion();
    play.textContent = t('attention.emb.pause');
    const tick = (now: number) => {
      if (!current) return;
      // With reduced motion the points jump from layer to layer instead of gliding.
      const glide = (now - begin) / perLayer;
      const at = Math.min(run.layers, reduced ? Math.floor(glide) : glide);
      paint(run, at, current.state.query);
      slider.value = String(Math.round(at));
      sliderLabel.textContent = stateName(Math.round(at));
      if (at < run.layers) frame = requestAnimationFrame(tick);
      else {
        stop();
        props.setState({ hs: run.layers });
      }
    };
    frame = requestAnimationFrame(tick);
  });
  slider.addEventListener('input', () => {
    stop();
    props.setState({ hs: Number(slider.value) });
  });
  tokenSelect.addEventListener('change', () => props.setState({ query: Number(tokenSelect.value) }));

  // The newest token's neighbours win (engine/latest.ts).
  const search = props.nearest?.fetch;
  const fetchNearest = search ? latest((token: number) => search(token)) : null;
  const loadNearest = (run: Run, i: number) => {
    const id = run.tokens[i]?.id;
    if (!fetchNearest || id === null || id === undefined || nearestFor === id) return;
    nearestFor = id;
    nearestStatus.textContent = t('attention.emb.nearestLoading');
    fetchNearest(id).then(
      (reply) => {
        if (reply === STALE) return;
        nearestStatus.textContent = t('attention.emb.nearestOf', { token: label(run.tokens[i]) });
        neighbours.replaceChildren(
          ...reply.map((n: Neighbour) => h('li', {}, h('span', { class: 'chip' }, n.token), h('span', { class: 'mono muted' }, ` ${n.cosine.toFixed(3)}`))),
        );
      },
      (err: Error) => {
        nearestFor = -1;
        nearestStatus.textContent = t('app.error', { message: err.message });
      },
    );
  };

  const show = (run: Run, requested: EmbeddingsState) => {
    stop();
    const state = { hs: Math.min(requested.hs, run.layers), query: Math.min(requested.query, run.seq - 1) };
    current = { run, state };
    pcaIntro.textContent = t('attention.emb.pcaIntro', { d: run.dModel });
    slider.max = String(run.layers);
    slider.value = String(state.hs);
    sliderLabel.textContent = stateName(state.hs);
    paint(run, state.hs, state.query);
    explained.textContent = t('attention.emb.explained', { pct: (100 * (run.inspection.explained[state.hs] ?? 0)).toFixed(0), name: stateName(state.hs) });
    tokenSelect.replaceChildren(...run.tokens.map((token, i) => h('option', { value: i, selected: i === state.query }, `${i} · ${label(token)}`)));
    const d = run.dModel;
    const i = state.query;
    const hiddenAt = run.hidden.subarray((state.hs * run.seq + i) * d, (state.hs * run.seq + i + 1) * d);
    strips.replaceChildren(
      strip(run.word.subarray(i * d, (i + 1) * d), t('attention.emb.word'), 'strip-word'),
      strip(run.position.subarray(i * d, (i + 1) * d), t('attention.emb.position', { pos: i }), 'strip-position'),
      strip(hiddenAt, stateName(state.hs), 'strip-hidden'),
    );
    loadNearest(run, i);
  };
  return { element, show, dispose: stop };
}
