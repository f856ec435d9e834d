// GPT-2's block against LLaMA's, trained side by side on the same text and
// seed for the same steps: held-out bits per character against steps,
// parameters, training speed and what the KV cache holds per token. The
// rest of the model (layers, width, heads, context, training) is the
// learner's.
import type { EngineClient } from '../../engine/client';
import type { GptSettings, LineupSetup, TextSource } from '../../engine/protocol';
import { t } from '../../i18n';
import { lineChart } from '../../ui/chart';
import { formatBytes, h, tableRow } from '../../ui/dom';
import { publish } from '../../ui/readings';
import { GPT2_BLOCK, llamaBlock } from './controls';
import { LINEUP_BATCH, LINEUP_WARMUP, trainLineup } from './lineup';
import { gptSettings } from './settings';
import type { GptState } from './params';

const BLOCKS = ['gpt2', 'llama'] as const;
const COLOURS = { gpt2: '#2563eb', llama: '#c2410c' } as const;

export function blocksPanel(props: {
  client: EngineClient;
  source: () => TextSource;
  state: () => GptState;
  setState: (patch: Partial<GptState>) => void;
  blocked: () => string | null;
}): { element: HTMLElement; dispose: () => void } {
  let generation = 0;
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'blocks-status' });
  const seconds = h(
    'select',
    { id: 'b-seconds', 'data-testid': 'blocks-seconds' },
    ...[10, 30, 60, 120, 300].map((s) => h('option', { value: s, selected: s === props.state().bsecs }, t('gpt.race.seconds', { s }))),
  );
  seconds.addEventListener('change', () => props.setState({ bsecs: Number(seconds.value) }));
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'blocks-run' }, t('gpt.blocks.run'));
  // A request before the engine is up fails: the button waits for it, and for this panel's run.
  let up = false;
  let busy = false;
  const sync = () => {
    button.disabled = !up || busy;
  };
  const unsubscribe = props.client.onStatus((s) => {
    up = s.state === 'ready';
    sync();
  });
  const curve = lineChart({
    title: t('gpt.blocks.chart'),
    xLabel: t('training.steps'),
    yLabel: t('gpt.bpc'),
    integerX: true,
    testid: 'blocks-chart',
    series: BLOCKS.map((b) => ({ label: t(`gpt.preset.${b}`), colour: COLOURS[b] })),
  });
  const table = h('table', { class: 'cost-table', 'data-testid': 'blocks-table' });

  // The learner's model with each block, a short warm-up and a small batch so a minute covers some hundred steps.
  const variants = (state: GptState): GptSettings[] => {
    const schedule = { batch: Math.min(state.batch, LINEUP_BATCH), warmup: Math.min(state.warmup, LINEUP_WARMUP) };
    return [gptSettings({ ...state, ...GPT2_BLOCK, ...schedule }), gptSettings({ ...state, ...llamaBlock(state.heads), ...schedule })];
  };

  const run = async () => {
    const why = props.blocked();
    if (why) {
      status.textContent = why;
      return;
    }
    const mine = ++generation;
    const alive = () => mine === generation;
    busy = true;
    sync();
    curve.clear();
    table.replaceChildren();
    delete table.dataset.done;
    const list = variants(props.state());
    let setup: LineupSetup | null = null;
    const speed = [0, 0];
    const held: (number | null)[] = [null, null];
    let steps = 0;
    const draw = () => {
      if (!setup) return;
      const s = setup;
      const cell = (i: number, f: (r: NonNullable<LineupSetup['runs'][number]>) => string) => {
        const r = s.runs[i];
        return r ? f(r) : '–';
      };
      table.replaceChildren(
        h('thead', {}, tableRow(['', t('gpt.preset.gpt2'), t('gpt.preset.llama')], true)),
        h(
          'tbody',
          {},
          tableRow([t('gpt.blocks.recipe'), t('gpt.blocks.gpt2Recipe'), t('gpt.blocks.llamaRecipe', { kv: list[1]?.kvHeads ?? 0, heads: list[1]?.heads ?? 0 })]),
          tableRow([t('gpt.blocks.params'), cell(0, (r) => r.params.toLocaleString()), cell(1, (r) => r.params.toLocaleString())]),
          tableRow([t('gpt.blocks.cache'), cell(0, (r) => formatBytes(r.cost.cacheBytesPerToken)), cell(1, (r) => formatBytes(r.cost.cacheBytesPerToken))]),
          tableRow([t('gpt.blocks.speed'), ...speed.map((v) => (v > 0 ? Math.round(v).toLocaleString() : '–'))]),
          tableRow([t('gpt.blocks.held', { steps }), ...held.map((v) => (v != null ? v.toFixed(2) : '–'))]),
        ),
      );
      table.dataset.held = JSON.stringify(held);
    };
    try {
      status.textContent = t('training.preparing');
      let charsPerToken = 1;
      const ok = await trainLineup({
        client: props.client,
        kind: 'blocks',
        source: props.source(),
        variants: list,
        reach: 0,
        seconds: Number(seconds.value),
        alive,
        onSetup: (s) => {
          setup = s;
          charsPerToken = s.charsPerToken;
          draw();
        },
        onRound: (p, ms) => {
          steps = p.runs[0]?.steps ?? 0;
          p.runs.forEach((r, i) => {
            if (r.losses.length > 0) speed[i] = speed[i] ? 0.7 * (speed[i] ?? 0) + 0.3 * r.tokensPerSecond : r.tokensPerSecond;
            if (r.validLoss != null) held[i] = r.validLoss / Math.LN2 / charsPerToken;
          });
          if (p.runs.some((r) => r.validLoss != null)) curve.push(steps, p.runs.map((r) => (r.validLoss != null ? r.validLoss / Math.LN2 / charsPerToken : null)));
          status.textContent = t('gpt.blocks.progress', { steps, s: (ms / 1000).toFixed(0) });
          draw();
        },
      });
      if (!alive()) return;
      if (!ok) throw new Error(t('gpt.diverged'));
      table.dataset.done = 'true';
      // Both blocks' held-out bits per character where the time ran out, after the same steps.
      publish('gpt.blocks.gpt2', held[0] ?? NaN, steps);
      publish('gpt.blocks.llama', held[1] ?? NaN, steps);
      status.textContent = t('gpt.blocks.done', { steps });
    } catch (err) {
      if (alive()) status.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      if (alive()) {
        busy = false;
        sync();
      }
    }
  };
  button.addEventListener('click', () => void run());

  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'blocks-panel' },
    h('h2', {}, t('gpt.blocks.title')),
    h('p', { class: 'muted' }, t('gpt.blocks.intro', { batch: LINEUP_BATCH, warmup: LINEUP_WARMUP })),
    h('div', { class: 'controls' }, h('label', { class: 'field', for: 'b-seconds' }, t('gpt.race.budget'), seconds), button),
    status,
    h('div', { class: 'charts' }, curve.element),
    table,
  );
  return {
    element,
    dispose: () => {
      generation++;
      unsubscribe();
    },
  };
}
