// The LoRA lab: a GPT pretrained on the Tang poems by the build, adapted in
// the engine worker to the Song ci (or the learner's text) with LoRA at
// several ranks beside full fine-tuning, on the same text, seed and steps:
// what each trains and holds in memory, the new style's held-out loss and
// the old corpus's (what each forgets), samples before and after, the
// singular values of each update against the full fine-tune's, and the
// adapters merged into the weights.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { LoraBase, LoraProgress, LoraRunSpec, LoraSettings, LoraSetup, LoraText } from '../../engine/protocol';
import { say, t } from '../../i18n';
import { lineChart, type LineChart } from '../../ui/chart';
import { formatBytes, h, tableRow } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { check, liveKnobs, number, select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import { trainRounds } from '../../ui/rounds';
import { TARGETS, type LoraState } from './params';

export type LoraPageProps = {
  client: EngineClient;
  state: LoraState;
  setState: (patch: Partial<LoraState>) => void;
};

/** The sweep's ranks; 0 is full fine-tuning. */
const SWEEP = [1, 2, 4, 8, 16, 0];
const COLOURS = ['#93c5fd', '#60a5fa', '#2563eb', '#1d4ed8', '#1e3a8a', '#dc2626'];
const TARGET_KEYS = { query: 'aq', key: 'ak', value: 'av', output: 'ao', mlpIn: 'ami', mlpOut: 'amo' } as const;

export function loraSettings(s: LoraState): LoraSettings {
  const targets = TARGETS.filter((target) => s[TARGET_KEYS[target]]);
  const ranks = s.mode === 'sweep' ? SWEEP : [s.rank, ...(s.full ? [0] : [])];
  // α = 0 in the link: 2r, so α/r is 2 at every rank.
  const runs: LoraRunSpec[] = ranks.map((rank) => ({ rank, alpha: s.alpha > 0 ? s.alpha : 2 * Math.max(1, rank), targets }));
  return { runs, lr: s.lr, batch: s.batch, seed: s.seed, heldOut: s.held };
}

export function loraPage(props: LoraPageProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let state = { ...props.state };
  let generation = 0;
  let setup: LoraSetup | null = null;
  /** Steps the runs of this setup have trained. */
  let trained = 0;
  const setState = (patch: Partial<LoraState>) => {
    state = { ...state, ...patch };
    props.setState(patch);
  };
  const bits = (nats: number) => nats / Math.LN2;
  const label = (rank: number) => (rank === 0 ? t('lora.full') : t('lora.rankLabel', { r: rank }));

  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'lora-status' });
  const problem = h('div', { 'aria-live': 'assertive', 'data-testid': 'lora-problem' });
  const notes = h('div', { 'aria-live': 'polite', 'data-testid': 'lora-notes' });
  const baseLine = h('p', { 'data-testid': 'lora-base' });
  const memory = h('table', { class: 'cost-table', 'data-testid': 'lora-memory' });
  // Enabled once a setup is ready: nothing to train before.
  const trainButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'lora-train', disabled: true }, t('lora.train'));
  const stopButton = h('button', { type: 'button', 'data-testid': 'lora-stop' }, t('lora.stop'));
  const progress = h('p', { class: 'muted', 'data-testid': 'lora-progress' });
  const chartsBox = h('div', { class: 'charts' });
  const result = h('table', { class: 'cost-table', 'data-testid': 'lora-result' });
  let targetChart: LineChart | null = null;
  let baseChart: LineChart | null = null;

  // The text to adapt to.
  const area = h('textarea', { id: 'lora-text', rows: 5, 'data-testid': 'lora-own-text', placeholder: t('corpus.textHint') });
  area.value = state.text;
  area.hidden = state.target !== 'text';
  area.addEventListener('change', () => {
    setState({ text: area.value.length > 2000 ? '' : area.value });
    void prepare();
  });
  const ownText = () => (state.text || area.value);
  const targetOf = (): LoraText => (state.target === 'songCi' ? { kind: 'songCi' } : { kind: 'text', text: ownText() });

  const knobs = liveKnobs<LoraState>(
    (onChange) =>
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, t('lora.setupTitle')),
        h(
          'div',
          { class: 'controls' },
          select(state, 'base', ['built', 'gptLab'] as const, t('lora.base'), onChange, (v) => t(`lora.base.${v}`), 'l'),
          select(state, 'target', ['songCi', 'text'] as const, t('lora.target'), onChange, (v) => t(`lora.target.${v}`), 'l'),
          select(state, 'mode', ['sweep', 'one'] as const, t('lora.mode'), onChange, (v) => t(`lora.mode.${v}`), 'l'),
          ...(state.mode === 'one'
            ? [select(state, 'rank', [1, 2, 4, 8, 16, 32, 64], t('lora.rank'), onChange, String, 'l'), check(state, 'full', t('lora.withFull'), onChange, 'l')]
            : []),
          select(state, 'alpha', [0, 1, 2, 4, 8, 16, 32, 64], t('lora.alpha'), onChange, (v) => (v === 0 ? t('lora.alpha.twoR') : String(v)), 'l'),
          select(state, 'lr', [0.0003, 0.001, 0.002, 0.005, 0.01], t('training.lr'), onChange, String, 'l'),
          select(state, 'steps', [50, 100, 200, 500, 1000], t('lora.steps'), onChange, String, 'l'),
          select(state, 'batch', [4, 8, 16, 32], t('lora.batch'), onChange, String, 'l'),
          select(state, 'held', [512, 2048, 8192], t('lora.held'), onChange, (v) => v.toLocaleString(), 'l'),
          number(state, 'seed', t('training.seed'), { min: 0, max: 1_000_000, step: 1 }, onChange, 'l'),
        ),
        h('p', { class: 'muted' }, t('lora.targetsLabel')),
        h('div', { class: 'controls' }, ...TARGETS.map((target) => check(state, TARGET_KEYS[target], t(`lora.matrix.${target}`), onChange, 'l'))),
        area,
      ),
    (patch) => {
      setState(patch);
      area.hidden = state.target !== 'text';
      void prepare();
    },
  ).element;

  const showMemory = (s: LoraSetup) => {
    memory.replaceChildren(
      h('thead', {}, tableRow([t('lora.run'), t('lora.trainable'), t('lora.share'), t('lora.gradients'), t('lora.optimizer'), t('lora.trainingMemory')], true)),
      h(
        'tbody',
        {},
        ...s.runs.map((r) =>
          tableRow([
            label(r.rank),
            r.trainable.toLocaleString(),
            `${((100 * r.trainable) / s.base.params).toFixed(r.trainable < s.base.params / 100 ? 2 : 1)}%`,
            formatBytes(r.gradientBytes),
            formatBytes(r.optimizerBytes),
            formatBytes(r.weightBytes + r.gradientBytes + r.optimizerBytes),
          ]),
        ),
      ),
    );
    memory.dataset.trainable = JSON.stringify(s.runs.map((r) => r.trainable));
  };

  const freshCharts = (s: LoraSetup) => {
    const series = s.runs.map((r, i) => ({ label: label(r.rank), colour: COLOURS[i % COLOURS.length] ?? '#000' }));
    targetChart = lineChart({ title: t('lora.targetChart'), xLabel: t('training.steps'), yLabel: t('gpt.bpc'), series, integerX: true, testid: 'lora-target-chart' });
    baseChart = lineChart({ title: t('lora.baseChart'), xLabel: t('training.steps'), yLabel: t('gpt.bpc'), series, integerX: true, testid: 'lora-base-chart' });
    chartsBox.replaceChildren(targetChart.element, baseChart.element);
    // Step 0: the base itself, for every run.
    if (s.baseOnTarget != null) targetChart.push(0, s.runs.map(() => bits(s.baseOnTarget ?? NaN)));
    if (s.baseOnBase != null) baseChart.push(0, s.runs.map(() => bits(s.baseOnBase ?? NaN)));
  };

  const experiment = latest((base: LoraBase, target: LoraText, settings: LoraSettings) => {
    generation++;
    setup = null;
    trainButton.disabled = true;
    problem.replaceChildren();
    notes.replaceChildren();
    result.replaceChildren();
    progress.textContent = '';
    delete status.dataset.ready;
    status.textContent = t('training.preparing');
    if (target.kind === 'text' && target.text.length === 0) {
      status.textContent = t('corpus.pasteFirst');
      return Promise.resolve(null);
    }
    return client.request({ type: 'loraSetup', base, target, settings }, (p) => {
      if (p.stage.startsWith('asset:')) status.textContent = t('corpus.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
    }).done;
  });
  const prepare = async () => {
    try {
      const reply = await experiment(state.base, targetOf(), loraSettings(state));
      if (reply === STALE || reply === null) return;
      const s = reply.value;
      setup = s;
      trained = 0;
      imported.clear();
      exported = null;
      const common = {
        params: s.base.params.toLocaleString(),
        layers: s.base.layers,
        width: s.base.width,
        steps: s.base.steps.toLocaleString(),
        chars: s.targetTrain.toLocaleString(),
        onTarget: s.baseOnTarget != null ? bits(s.baseOnTarget).toFixed(2) : '–',
      };
      baseLine.textContent =
        s.base.source === 'built'
          ? t('lora.baseInfo', { ...common, s: (s.base.trainSeconds ?? 0).toFixed(0), bpc: (s.base.heldOutBitsPerChar ?? NaN).toFixed(2) })
          : t('lora.sharedInfo', common);
      notes.replaceChildren(...s.notices.map((n) => h('p', { class: 'notice notice-info', 'data-code': n.code }, say(n))));
      showMemory(s);
      freshCharts(s);
      trainButton.disabled = false;
      status.textContent = t('lora.ready');
      status.dataset.ready = 'true';
    } catch (err) {
      status.textContent = '';
      problem.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'refused' }, t('training.refused', { reason: (err as Error).message })));
    }
  };

  const train = async () => {
    const s = setup;
    if (!s) return;
    const mine = ++generation;
    trainButton.disabled = true;
    result.replaceChildren();
    delete result.dataset.done;
    const last: { target: number | null; base: number | null }[] = s.runs.map(() => ({ target: null, base: null }));
    try {
      const ok = await trainRounds<LoraProgress>({
        round: async (steps, evaluate) => (await client.request({ type: 'loraTrain', steps, evaluate }).done).value,
        diverged: (p) => p.runs.every((r) => r.diverged),
        steps: state.steps,
        alive: () => mine === generation,
        onRound: (p, ms) => {
          const at = p.runs[0]?.steps ?? 0;
          trained = at;
          if (p.runs.some((r) => r.targetLoss != null)) {
            targetChart?.push(at, p.runs.map((r) => (r.targetLoss != null ? bits(r.targetLoss) : null)));
            baseChart?.push(at, p.runs.map((r) => (r.baseLoss != null ? bits(r.baseLoss) : null)));
            p.runs.forEach((r, i) => {
              if (r.targetLoss != null) (last[i] as { target: number | null }).target = bits(r.targetLoss);
              if (r.baseLoss != null) (last[i] as { base: number | null }).base = bits(r.baseLoss);
            });
          }
          progress.textContent = t('lora.progress', { step: at, steps: state.steps, s: (ms / 1000).toFixed(0) });
        },
      });
      if (mine !== generation) return;
      if (!ok) throw new Error(t('gpt.diverged'));
      const before = { target: s.baseOnTarget != null ? bits(s.baseOnTarget) : NaN, base: s.baseOnBase != null ? bits(s.baseOnBase) : NaN };
      const signed = (v: number) => (!Number.isFinite(v) ? '–' : Math.abs(v) < 0.005 ? '0.00' : `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`);
      result.replaceChildren(
        h('thead', {}, tableRow([t('lora.run'), t('lora.onTarget'), t('lora.learned'), t('lora.onBase'), t('lora.forgot')], true)),
        h(
          'tbody',
          {},
          tableRow([t('lora.before'), before.target.toFixed(2), '', before.base.toFixed(2), '']),
          ...s.runs.map((r, i) => {
            const l = last[i] ?? { target: null, base: null };
            const tg = l.target ?? NaN;
            const bs = l.base ?? NaN;
            return tableRow([label(r.rank), tg.toFixed(2), signed(tg - before.target), bs.toFixed(2), signed(bs - before.base)]);
          }),
        ),
      );
      result.dataset.last = JSON.stringify(last);
      result.dataset.done = 'true';
      // The change on the old style: the first adapter's and full fine-tuning's.
      const forgot = (rank: (r: number) => boolean) => {
        const i = s.runs.findIndex((r) => rank(r.rank));
        return i < 0 ? null : (last[i]?.base ?? NaN) - before.base;
      };
      const lora = forgot((r) => r > 0);
      const full = forgot((r) => r === 0);
      if (lora != null) publish('lora.forget.lora', lora, trained);
      if (full != null) publish('lora.forget.full', full, trained);
      progress.textContent = t('lora.done', { steps: state.steps });
      void write();
      // The updates are new: look inside ΔW again.
      void inside();
    } catch (err) {
      if (mine === generation) problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: (err as Error).message })));
    } finally {
      if (mine === generation) trainButton.disabled = false;
    }
  };
  trainButton.addEventListener('click', () => void train());
  stopButton.addEventListener('click', () => {
    generation++;
    trainButton.disabled = setup === null;
    progress.textContent = t('lora.stopped');
  });

  // Writing: the base, then each run, from the same prompt and seed.
  const samples = h('div', { class: 'lora-samples', 'data-testid': 'lora-samples' });
  const writeButton = h('button', { type: 'button', 'data-testid': 'lora-write' }, t('lora.write'));
  const prompt = h('input', { id: 'lora-prompt', type: 'text', maxlength: 40, value: state.prompt, 'data-testid': 'lora-prompt' });
  prompt.addEventListener('change', () => setState({ prompt: prompt.value.slice(0, 40) }));
  const write = async () => {
    const s = setup;
    if (!s) return;
    const mine = generation;
    const items: HTMLElement[] = [];
    samples.replaceChildren();
    delete samples.dataset.done;
    const runs: (number | null)[] = [null, ...s.runs.map((_, i) => i)];
    const name = (run: number) => runLabel(run, s.runs[run]?.rank ?? 0);
    for (const run of runs) {
      const reply = await client.request({ type: 'loraSample', run, prompt: state.prompt, length: state.len, temperature: state.temp, seed: state.seed }).done;
      if (mine !== generation) return;
      items.push(h('div', { class: 'lora-sample' }, h('h3', {}, run === null ? t('lora.before') : name(run)), h('p', { class: 'written' }, reply.value.text)));
      samples.replaceChildren(...items);
    }
    samples.dataset.done = 'true';
  };
  writeButton.addEventListener('click', () => void write());

  // Inside ΔW.
  const insideRun = h('select', { id: 'lora-srun', 'data-testid': 'lora-inside-run' });
  const insideLayer = h('select', { id: 'lora-layer', 'data-testid': 'lora-inside-layer' });
  const insideMatrix = h('select', { id: 'lora-matrix', 'data-testid': 'lora-inside-matrix' }, ...TARGETS.map((m) => h('option', { value: m, selected: m === state.matrix }, t(`lora.matrix.${m}`))));
  const insideButton = h('button', { type: 'button', 'data-testid': 'lora-inside' }, t('lora.inside.show'));
  const insideNote = h('p', { 'data-testid': 'lora-inside-note' });
  const insideHolder = h('div', { class: 'charts' });
  const inside = async () => {
    const s = setup;
    if (!s) return;
    const run = Number(insideRun.value || 0);
    const layer = Number(insideLayer.value || 0);
    const target = insideMatrix.value as (typeof TARGETS)[number];
    setState({ srun: run + 1, layer: layer + 1, matrix: target });
    try {
      const reply = await client.request({ type: 'loraInside', run, layer, target }).done;
      const v = reply.value;
      const n = Math.min(32, v.values.length);
      const chart = lineChart({
        title: t('lora.inside.chart'),
        xLabel: t('lora.inside.index'),
        yLabel: t('lora.inside.value'),
        logY: true,
        integerX: true,
        testid: 'lora-inside-chart',
        series: [
          { label: label(v.rank), colour: '#2563eb' },
          { label: t('lora.full'), colour: '#dc2626', dash: true },
        ],
      });
      insideHolder.replaceChildren(chart.element);
      for (let k = 0; k < n; k++) chart.push(k + 1, [Math.max(v.values[k] ?? 0, 1e-9), v.full ? Math.max(v.full[k] ?? 0, 1e-9) : null]);
      const energy = (values: number[], r: number) => {
        const total = values.reduce((a, b) => a + b * b, 0);
        return total > 0 ? values.slice(0, r).reduce((a, b) => a + b * b, 0) / total : 0;
      };
      const r = v.rank || 8;
      insideNote.textContent = v.full
        ? t('lora.inside.energy', { r, pct: (100 * energy(v.full, r)).toFixed(1) })
        : t('lora.inside.noFull');
      if (v.full) publish('lora.inside.energy', energy(v.full, r), trained);
      insideNote.dataset.values = String(v.values.length);
    } catch (err) {
      insideNote.textContent = t('app.error', { message: (err as Error).message });
    }
  };
  insideButton.addEventListener('click', () => void inside());

  // Merge.
  const mergeRun = h('select', { id: 'lora-mrun', 'data-testid': 'lora-merge-run' });
  const mergeButton = h('button', { type: 'button', 'data-testid': 'lora-merge' }, t('lora.merge.run'));
  const mergeResult = h('p', { 'data-testid': 'lora-merge-result' });
  mergeButton.addEventListener('click', async () => {
    try {
      const reply = await client.request({ type: 'loraMerge', run: Number(mergeRun.value || 0) }).done;
      const m = reply.value;
      mergeResult.textContent = t('lora.merge.result', { diff: m.maxDifference.toExponential(1), adapter: m.adapterMs.toFixed(1), merged: m.mergedMs.toFixed(1), tokens: m.tokens });
      mergeResult.dataset.diff = String(m.maxDifference);
    } catch (err) {
      mergeResult.textContent = t('app.error', { message: (err as Error).message });
    }
  });

  // Keep: export a run's adapters, load a file back as a new run.
  const exportRun = h('select', { id: 'lora-xrun', 'data-testid': 'lora-export-run' });
  const exportButton = h('button', { type: 'button', 'data-testid': 'lora-export' }, t('lora.keep.export'));
  const importInput = h('input', { type: 'file', id: 'lora-import', accept: '.safetensors', 'data-testid': 'lora-import' });
  const keepResult = h('p', { 'data-testid': 'lora-keep-result', 'aria-live': 'polite' });
  /** The run last exported: an import is compared with it. */
  let exported: number | null = null;
  exportButton.addEventListener('click', async () => {
    try {
      const run = Number(exportRun.value || 0);
      const reply = await client.request({ type: 'loraExport', run }).done;
      const x = reply.value;
      exported = run;
      const date = new Date().toISOString().slice(0, 10);
      const url = URL.createObjectURL(new Blob([x.file as BlobPart], { type: 'application/octet-stream' }));
      const link = h('a', { href: url, download: `kindling-lora-r${x.rank}-${date}.safetensors` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      keepResult.textContent = t('lora.keep.exported', { r: x.rank, size: formatBytes(x.file.length), pct: ((100 * x.file.length) / x.baseBytes).toFixed(2), base: formatBytes(x.baseBytes) });
      keepResult.dataset.bytes = String(x.file.length);
    } catch (err) {
      keepResult.textContent = t('app.error', { message: (err as Error).message });
    }
  });
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    const s = setup;
    if (!file || !s) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const reply = await client.request({ type: 'loraImport', file: bytes, compare: exported }).done;
      const v = reply.value;
      s.runs.push({ rank: v.rank, trainable: 0, total: 0, weightBytes: 0, gradientBytes: 0, optimizerBytes: 0 });
      imported.set(v.run, v.rank);
      syncPickers();
      keepResult.textContent = `${t('lora.keep.imported', { run: v.run + 1, r: v.rank, alpha: v.alpha })}${v.maxDifference != null ? ` ${t('lora.keep.same', { diff: v.maxDifference.toExponential(1) })}` : ''}`;
      keepResult.dataset.diff = String(v.maxDifference ?? '');
    } catch (err) {
      keepResult.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      importInput.value = '';
    }
  });
  /** Runs loaded from files, by index: their rank. */
  const imported = new Map<number, number>();
  const runLabel = (i: number, rank: number) => (imported.has(i) ? t('lora.imported', { r: rank }) : label(rank));

  // The pickers follow the runs of the latest setup.
  const syncPickers = () => {
    const s = setup;
    if (!s) return;
    const runs = s.runs.map((r, i) => h('option', { value: i, selected: i === state.srun - 1 }, runLabel(i, r.rank)));
    insideRun.replaceChildren(...runs);
    const adapted = () => s.runs.map((r, i) => h('option', { value: i, disabled: r.rank === 0 }, runLabel(i, r.rank))).filter((o) => !o.disabled);
    mergeRun.replaceChildren(...adapted());
    exportRun.replaceChildren(...adapted());
    insideLayer.replaceChildren(...Array.from({ length: s.base.layers }, (_, i) => h('option', { value: i, selected: i === state.layer - 1 }, String(i + 1))));
  };
  const observer = new MutationObserver(syncPickers);
  observer.observe(memory, { childList: true });

  const unsubscribe = client.onStatus((s) => {
    if (s.state === 'ready') void prepare();
  });

  const explain = explainPanel(t('lora.explain.title'), 'lora.explain', ['lowRank', 'zeroB', 'scale', 'memory', 'merge', 'forgetting', 'others']);

  const element = h(
    'section',
    { class: 'page page-lora' },
    h('h1', {}, t('lora.title')),
    h('p', { class: 'lede' }, t('lora.intro')),
    knobs,
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('lora.memoryTitle')),
      status,
      baseLine,
      notes,
      problem,
      h('div', { class: 'table-scroll' }, memory),
      h('div', { class: 'controls' }, trainButton, stopButton),
      progress,
      chartsBox,
      h('div', { class: 'table-scroll' }, result),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('lora.writeTitle')),
      h('div', { class: 'controls' }, h('label', { class: 'field', for: 'lora-prompt' }, t('lora.prompt'), prompt), writeButton),
      samples,
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('lora.inside.title')),
      h('p', { class: 'muted' }, t('lora.inside.intro')),
      h(
        'div',
        { class: 'controls' },
        h('label', { class: 'field', for: 'lora-srun' }, t('lora.run'), insideRun),
        h('label', { class: 'field', for: 'lora-layer' }, t('lora.layer'), insideLayer),
        h('label', { class: 'field', for: 'lora-matrix' }, t('lora.matrix'), insideMatrix),
        insideButton,
      ),
      insideNote,
      insideHolder,
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('lora.merge.title')),
      h('p', { class: 'muted' }, t('lora.merge.intro')),
      h('div', { class: 'controls' }, h('label', { class: 'field', for: 'lora-mrun' }, t('lora.run'), mergeRun), mergeButton),
      mergeResult,
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('lora.keep.title')),
      h('p', { class: 'muted' }, t('lora.keep.intro')),
      h(
        'div',
        { class: 'controls' },
        h('label', { class: 'field', for: 'lora-xrun' }, t('lora.run'), exportRun),
        exportButton,
        h('label', { class: 'field', for: 'lora-import' }, t('lora.keep.import'), importInput),
      ),
      keepResult,
    ),
    explain,
  );
  return {
    element,
    dispose: () => {
      generation++;
      experiment.reset();
      unsubscribe();
      observer.disconnect();
    },
  };
}
