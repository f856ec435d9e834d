// The KV cache, measured on the learner's GPT: the same greedy text written
// with the cache and without it, each token's time both ways against its
// position, the total, the cache's bytes against the formula, the prompt's
// prefill against the one-by-one decode, the first layer's cache growing
// row by row with the new query's weights over it, and fresh models with
// fewer key/value heads timed the same way.
import type { EngineClient } from '../../engine/client';
import type { CacheRun } from '../../engine/protocol';
import { say, t } from '../../i18n';
import { DIVERGING, HEAT, drawMatrix, sizeCanvas } from '../../ui/canvas';
import { lineChart } from '../../ui/chart';
import { formatBytes, h, tableRow } from '../../ui/dom';
import { publish } from '../../ui/readings';
import type { GptState } from './params';

const COLOURS = { cached: '#16a34a', plain: '#dc2626', formula: '#737373' } as const;

export type CachePanel = { element: HTMLElement; setReady: (ready: boolean) => void; dispose: () => void };

export function cachePanel(props: {
  client: EngineClient;
  state: () => GptState;
  setState: (patch: Partial<GptState>) => void;
  blocked: () => string | null;
}): CachePanel {
  let generation = 0;
  let ready = false;
  let cancel: (() => void) | null = null;
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'cache-status' });
  const verdict = h('p', { class: 'big-number', 'data-testid': 'cache-verdict' });
  const tokens = h(
    'select',
    { id: 'c-tokens', 'data-testid': 'cache-tokens' },
    ...[32, 64, 128, 256, 512].map((n) => h('option', { value: n, selected: n === props.state().ctoks }, String(n))),
  );
  tokens.addEventListener('change', () => props.setState({ ctoks: Number(tokens.value) }));
  const sweep = h('input', { type: 'checkbox', id: 'c-sweep', 'data-testid': 'cache-sweep', checked: props.state().csweep });
  sweep.addEventListener('change', () => props.setState({ csweep: sweep.checked }));
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'cache-run', disabled: true }, t('gpt.cache.run'));
  const perToken = lineChart({
    title: t('gpt.cache.perToken'),
    xLabel: t('gpt.cache.position'),
    yLabel: t('gpt.race.ms'),
    testid: 'cache-chart',
    series: [
      { label: t('gpt.cache.with'), colour: COLOURS.cached },
      { label: t('gpt.cache.without'), colour: COLOURS.plain },
    ],
  });
  const total = lineChart({
    title: t('gpt.cache.total'),
    xLabel: t('gpt.cache.written'),
    yLabel: t('gpt.cache.seconds'),
    testid: 'cache-total',
    series: [
      { label: t('gpt.cache.with'), colour: COLOURS.cached },
      { label: t('gpt.cache.without'), colour: COLOURS.plain },
    ],
  });
  const bytes = lineChart({
    title: t('gpt.cache.bytes'),
    xLabel: t('gpt.cache.position'),
    yLabel: 'KB',
    testid: 'cache-bytes',
    series: [
      { label: t('gpt.cache.held'), colour: COLOURS.cached },
      { label: t('gpt.cache.formula'), colour: COLOURS.formula, dash: true },
    ],
  });
  const formula = h('p', { class: 'mono', 'data-testid': 'cache-formula' });
  const speeds = h('p', { 'data-testid': 'cache-speeds' });
  const text = h('p', { class: 'mono small written', 'data-testid': 'cache-text' });
  const sweepTable = h('table', { class: 'cost-table', 'data-testid': 'cache-sweep-table' });

  // The first layer's cache: keys and values, one row per position, and the
  // new query's weights over them at the step the slider picks.
  const step = h('input', { type: 'range', id: 'c-step', min: 0, max: 0, value: 0, 'data-testid': 'cache-step' });
  const stepLabel = h('span', { class: 'muted' });
  const keys = h('canvas', { class: 'mask-matrix', 'data-testid': 'cache-keys', role: 'img', 'aria-label': t('gpt.cache.keys') });
  const values = h('canvas', { class: 'mask-matrix', 'data-testid': 'cache-values', role: 'img', 'aria-label': t('gpt.cache.values') });
  const weights = h('canvas', { class: 'mask-matrix', 'data-testid': 'cache-weights', role: 'img', 'aria-label': t('gpt.cache.weights') });
  let last: CacheRun | null = null;
  const drawGrowth = () => {
    const run = last;
    if (!run) return;
    const g = run.growth;
    const d = g.dHead;
    const k = Math.min(Number(step.value), g.weights.length - 1);
    const row = g.weights[k] ?? [];
    const held = row.length;
    stepLabel.textContent = t('gpt.cache.step', { step: k + 1, held });
    const height = 200;
    const draw = (canvas: HTMLCanvasElement, all: number[]) => {
      const ctx = sizeCanvas(canvas, 120, height);
      ctx.clearRect(0, 0, 120, height);
      let top = 0;
      for (let i = 0; i < held * d; i++) top = Math.max(top, Math.abs(all[i] ?? 0));
      const total = all.length / Math.max(1, d);
      // Rows appended so far, the newest outlined.
      const rowH = height / Math.max(1, total);
      drawMatrix(ctx, all.slice(0, held * d), held, d, { x: 0, y: 0, w: 120, h: rowH * held }, DIVERGING, -(top || 1), top || 1);
      ctx.strokeStyle = '#111';
      ctx.strokeRect(0.5, rowH * (held - 1) + 0.5, 119, Math.max(1, rowH - 1));
      canvas.dataset.rows = String(held);
    };
    draw(keys, g.keys);
    draw(values, g.values);
    const ctx = sizeCanvas(weights, 28, height);
    const top = Math.max(...row, 1e-9);
    const total = g.keys.length / Math.max(1, d);
    drawMatrix(ctx, row, held, 1, { x: 0, y: 0, w: 28, h: (height / Math.max(1, total)) * held }, HEAT, 0, top);
    weights.dataset.rows = String(held);
  };
  step.addEventListener('input', drawGrowth);

  const show = (run: CacheRun) => {
    last = run;
    perToken.clear();
    total.clear();
    bytes.clear();
    let sumCached = 0;
    let sumPlain = 0;
    const perPosition = 2 * run.layers * run.kvHeads * run.dHead * run.bytesPerValue;
    run.steps.forEach((s, i) => {
      sumCached += s.cachedMs;
      sumPlain += s.plainMs;
      perToken.push(s.position, [s.cachedMs, s.plainMs]);
      total.push(i + 1, [sumCached / 1000, sumPlain / 1000]);
      bytes.push(s.position, [s.bytes / 1024, (perPosition * s.position) / 1024]);
    });
    const n = run.steps.length;
    // How many finite points each series of the time chart got.
    const chart = perToken.element.querySelector('[data-testid="cache-chart"]') as HTMLElement | null;
    if (chart) chart.dataset.points = [0, 1].map((i) => perToken.values(i).filter((v) => v != null && Number.isFinite(v)).length).join(',');
    const end = run.steps[n - 1];
    const matches = run.steps.every((s) => s.bytes === perPosition * s.position);
    verdict.textContent = t(run.identical ? 'gpt.cache.identical' : 'gpt.cache.differ', { diff: run.maxDifference.toExponential(1) });
    verdict.dataset.identical = String(run.identical);
    verdict.dataset.diff = String(run.maxDifference);
    formula.textContent = t('gpt.cache.formulaLine', {
      layers: run.layers,
      kv: run.kvHeads,
      d: run.dHead,
      tokens: end?.position ?? 0,
      b: run.bytesPerValue,
      bytes: (perPosition * (end?.position ?? 0)).toLocaleString(),
      held: (end?.bytes ?? 0).toLocaleString(),
    });
    formula.dataset.matches = String(matches);
    const decode = n / Math.max(1e-9, sumCached / 1000);
    const decodePlain = n / Math.max(1e-9, sumPlain / 1000);
    const prefill = run.prefillTokens / Math.max(1e-9, run.prefillMs / 1000);
    speeds.textContent = t('gpt.cache.speeds', {
      decode: Math.round(decode).toLocaleString(),
      plain: Math.round(decodePlain).toLocaleString(),
      prefill: Math.round(prefill).toLocaleString(),
      n: run.prefillTokens,
      x: (prefill / Math.max(1e-9, decode)).toFixed(1),
    });
    speeds.dataset.decode = String(decode);
    speeds.dataset.prefill = String(prefill);
    // Without the cache: the mean time per token over the last quarter of
    // the positions written, against the first quarter's.
    const quarter = Math.max(1, Math.floor(n / 4));
    const mean = (part: typeof run.steps) => part.reduce((sum, s) => sum + s.plainMs, 0) / part.length;
    publish('gpt.cache.plainGrowth', mean(run.steps.slice(n - quarter)) / mean(run.steps.slice(0, quarter)));
    text.textContent = run.text;
    step.max = String(Math.max(0, run.growth.weights.length - 1));
    step.value = step.max;
    drawGrowth();
    sweepTable.replaceChildren(
      ...(run.sweep.length
        ? [
            h('thead', {}, tableRow([t('gpt.kv'), t('gpt.cache.kind'), t('gpt.blocks.params'), t('gpt.cache.bytesAt', { n: end?.position ?? 0 }), t('gpt.cache.tps')], true)),
            h(
              'tbody',
              {},
              ...run.sweep.map((r) =>
                tableRow([
                  String(r.kvHeads),
                  t(r.kvHeads === 1 ? 'gpt.cache.mqa' : r.kvHeads === props.state().heads ? 'gpt.cache.mha' : 'gpt.cache.gqa'),
                  r.params.toLocaleString(),
                  formatBytes(r.bytes),
                  Math.round(r.tokensPerSecond).toLocaleString(),
                ]),
              ),
            ),
          ]
        : []),
    );
    sweepTable.dataset.rows = String(run.sweep.length);
    // The cache with one K/V head against one per query head.
    const mqa = run.sweep.find((r) => r.kvHeads === 1);
    const mha = run.sweep.find((r) => r.kvHeads === props.state().heads);
    if (mqa && mha) publish('gpt.cache.mqaBytes', mqa.bytes / mha.bytes);
  };

  const run = async () => {
    const why = props.blocked();
    if (why) {
      status.textContent = why;
      return;
    }
    if (!ready) {
      status.textContent = t('gpt.cache.notReady');
      return;
    }
    const mine = ++generation;
    button.disabled = true;
    delete verdict.dataset.identical;
    try {
      const state = props.state();
      status.textContent = t('gpt.cache.running');
      const request = props.client.request({ type: 'gptCache', cache: { prompt: state.prompt, tokens: state.ctoks, sweep: state.csweep } }, (p) => {
        if (mine !== generation) return;
        const stage = p.stage.replace('cache:', '');
        status.textContent = t('gpt.cache.progress', { stage: t(`gpt.cache.stage.${stage === 'cached' || stage === 'plain' || stage === 'sweep' ? stage : 'cached'}`), done: p.loaded, total: p.total });
      });
      cancel = request.cancel;
      const reply = await request.done;
      if (mine !== generation) return;
      show(reply.value);
      status.textContent = reply.value.notices.length ? reply.value.notices.map((n) => say(n)).join(' ') : '';
      status.dataset.done = 'true';
    } catch (err) {
      if (mine === generation) status.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      if (mine === generation) {
        button.disabled = false;
        cancel = null;
      }
    }
  };
  button.addEventListener('click', () => void run());

  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'cache-panel' },
    h('h2', {}, t('gpt.cache.title')),
    h('p', { class: 'muted' }, t('gpt.cache.intro')),
    h(
      'div',
      { class: 'controls' },
      h('label', { class: 'field', for: 'c-tokens' }, t('gpt.cache.tokens'), tokens),
      h('label', { class: 'check', for: 'c-sweep' }, sweep, t('gpt.cache.sweep')),
      button,
    ),
    status,
    verdict,
    speeds,
    formula,
    h('div', { class: 'charts' }, perToken.element, total.element, bytes.element),
    h('h3', {}, t('gpt.cache.growthTitle')),
    h('p', {}, t('gpt.cache.growthIntro')),
    h('div', { class: 'controls' }, h('label', { class: 'field', for: 'c-step' }, t('gpt.cache.stepLabel'), step), stepLabel),
    h(
      'div',
      { class: 'mask-row' },
      h('figure', { class: 'mask-figure' }, h('figcaption', {}, t('gpt.cache.keys')), keys),
      h('figure', { class: 'mask-figure' }, h('figcaption', {}, t('gpt.cache.values')), values),
      h('figure', { class: 'mask-figure' }, h('figcaption', {}, t('gpt.cache.weights')), weights),
    ),
    h('h3', {}, t('gpt.cache.sweepTitle')),
    sweepTable,
    h('p', { class: 'muted small' }, t('gpt.cache.sweepNote')),
    text,
  );
  return {
    element,
    setReady: (on) => {
      ready = on;
      // Only a model that is there can write.
      button.disabled = !on;
      if (!on) {
        generation++;
        cancel?.();
      }
    },
    dispose: () => {
      generation++;
      cancel?.();
    },
  };
}
