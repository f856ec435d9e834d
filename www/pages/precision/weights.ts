// Quantizing real weights: load a model, put any of its matrices on an
// int8 or int4 grid (its histogram with the grid drawn over it, every
// output channel's range and rounding error, the outlier channels), then
// the whole model under each scheme: bytes against quality.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { LayerView, PrecisionLoaded, PrecisionModel, PrecisionTable, Scheme } from '../../engine/protocol';
import { t } from '../../i18n';
import { formatBytes, h, tableRow } from '../../ui/dom';
import { check, liveKnobs, select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import { drawBars, drawHistogram } from './draw';
import { GRANULARITIES, MODELS, type PrecisionState } from './params';
import { TABLE_SCHEMES, schemeName } from './scheme';
import { SENTENCES } from './sentences';

export type WeightsProps = {
  client: EngineClient;
  state: () => PrecisionState;
  setState: (patch: Partial<PrecisionState>) => void;
};

const WIDTH = 520;
/** The matrix shown when the link names none (or one the model lacks): the first MLP matrix, else the first conv, else the first. */
const DEFAULT_MATRIX = [/mlp\.input\.weight$/, /intermediate\.dense\.weight$/, /conv\.weight$/];

export function weightsPanel(props: WeightsProps): { element: HTMLElement; ready: () => void; dispose: () => void } {
  const { client } = props;
  let loaded: PrecisionLoaded | null = null;
  const tables = new Map<PrecisionModel, PrecisionTable>();
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'precision-status' });
  const notice = h('div', { 'aria-live': 'polite', 'data-testid': 'precision-notice' });
  const matrixSelect = h('select', { id: 'precision-matrix', 'data-testid': 'precision-matrix' });
  const summary = h('p', { 'data-testid': 'precision-layer-summary' });
  const histogram = h('canvas', { role: 'img', 'aria-label': t('app.chartEmpty'), 'data-testid': 'precision-histogram' });
  const channels = h('canvas', { role: 'img', 'aria-label': t('app.chartEmpty'), 'data-testid': 'precision-channels' });
  const errors = h('canvas', { role: 'img', 'aria-label': t('app.chartEmpty'), 'data-testid': 'precision-errors' });
  const outliers = h('p', { class: 'muted', 'data-testid': 'precision-outliers' });
  const compareButton = h('button', { type: 'button', 'data-testid': 'precision-layer-compare', disabled: true }, t('precision.layer.compare'));
  const compareTable = h('table', { class: 'cost-table', 'data-testid': 'precision-layer-compare-table' });
  const tableButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'precision-table-run', disabled: true }, t('precision.table.run'));
  const tableStatus = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'precision-table-status' });
  const tableBox = h('div', { 'data-testid': 'precision-tables' });

  const scheme = (): Scheme => {
    const s = props.state();
    return { bits: Number(s.bits), symmetric: s.sym, granularity: s.gran };
  };

  const knobs = liveKnobs<PrecisionState>(
    (onChange) => {
      const s = props.state();
      return h(
        'div',
        { class: 'controls' },
        select(s, 'model', MODELS, t('precision.model'), onChange, (v) => t(`precision.model.${v}`), 'p'),
        h('label', { class: 'field', for: 'precision-matrix' }, t('precision.matrix'), matrixSelect),
        select(s, 'bits', ['8', '4'] as const, t('precision.bits'), onChange, (v) => `int${v}`, 'p'),
        select(s, 'gran', GRANULARITIES, t('precision.granularity'), onChange, (v) => t(`precision.gran.${v}`), 'p'),
        check(s, 'sym', t('precision.symmetric'), onChange, 'p'),
      );
    },
    (patch) => {
      props.setState(patch);
      if (patch.model !== undefined) void load();
      else void showLayer();
    },
  );
  matrixSelect.addEventListener('change', () => {
    const m = loaded?.matrices[Number(matrixSelect.value)];
    if (m) props.setState({ m: m.path });
    void showLayer();
  });

  const load = async () => {
    const model = props.state().model;
    loaded = null;
    // Both need a model to measure.
    compareButton.disabled = tableButton.disabled = true;
    compareTable.replaceChildren();
    notice.replaceChildren();
    summary.textContent = '';
    delete summary.dataset.ready;
    status.textContent = t('precision.loading');
    try {
      const reply = await client.request({ type: 'precisionLoad', model, cnnSteps: props.state().cnnsteps }, (p) => {
        if (p.stage.startsWith('asset:')) status.textContent = t('corpus.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
        if (p.stage === 'training') status.textContent = t('precision.cnnTraining', { step: p.loaded, steps: p.total });
      }).done;
      if (props.state().model !== model) return;
      const l = reply.value;
      loaded = l;
      compareButton.disabled = tableButton.disabled = false;
      status.textContent = t('precision.loaded', { params: l.params.toLocaleString(), matrices: l.matrices.length, bytes: formatBytes(l.f32Bytes) });
      matrixSelect.replaceChildren(
        ...l.matrices.map((m, i) => h('option', { value: String(i) }, `${m.path} (${m.channels}×${m.width})`)),
      );
      const wanted = props.state().m;
      let index = wanted ? l.matrices.findIndex((m) => m.path === wanted) : -1;
      if (index < 0) {
        if (wanted) notice.replaceChildren(h('p', { class: 'notice notice-info', 'data-testid': 'precision-matrix-notice' }, t('precision.noSuchMatrix', { path: wanted })));
        const preferred = DEFAULT_MATRIX.map((re) => l.matrices.findIndex((m) => re.test(m.path))).find((i) => i >= 0);
        index = preferred ?? 0;
      }
      matrixSelect.value = String(index);
      await showLayer();
    } catch (err) {
      status.textContent = '';
      notice.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'refused' }, t('app.error', { message: (err as Error).message })));
    }
  };

  const layer = latest((matrix: number, s: Scheme) => client.request({ type: 'precisionLayer', matrix, scheme: s }).done);
  const showLayer = async () => {
    const l = loaded;
    if (!l) return;
    const index = Number(matrixSelect.value || 0);
    const info = l.matrices[index];
    if (!info) return;
    try {
      const reply = await layer(index, scheme());
      if (reply === STALE) return;
      draw(reply.value);
    } catch (err) {
      summary.textContent = t('app.error', { message: (err as Error).message });
    }
  };

  const draw = (v: LayerView) => {
    const width = Math.min(WIDTH, Math.max(240, (summary.parentElement?.clientWidth ?? WIDTH) - 48));
    drawHistogram(histogram, v.histogram, v.min, v.max, v.grid, width);
    const hot = new Set(v.outliers);
    drawBars(channels, v.channelMax, hot, width);
    drawBars(errors, v.channelError, hot, width);
    const rel = v.rmsValue > 0 ? (100 * v.rmsError) / v.rmsValue : 0;
    summary.textContent = t('precision.layer.summary', {
      rms: v.rmsError.toExponential(2),
      rel: rel.toFixed(rel < 1 ? 2 : 1),
      max: v.maxError.toExponential(2),
      levels: v.grid.length,
      f32: formatBytes(v.f32Bytes),
      bytes: formatBytes(v.bytes),
      ratio: (v.f32Bytes / Math.max(1, v.bytes)).toFixed(1),
    });
    summary.dataset.ready = 'true';
    summary.dataset.rms = String(v.rmsError);
    histogram.setAttribute('aria-label', t('precision.layer.histogramAlt', { min: v.min.toPrecision(3), max: v.max.toPrecision(3), levels: v.grid.length }));
    channels.setAttribute('aria-label', t('precision.layer.channelsAlt', { n: v.channelMax.length, outliers: v.outliers.length }));
    errors.setAttribute('aria-label', t('precision.layer.errorsAlt', { rms: v.rmsError.toExponential(2) }));
    outliers.textContent =
      v.outliers.length > 0
        ? t('precision.layer.outliers', { list: v.outliers.map((c) => `${c} (${(v.channelMax[c] ?? 0).toPrecision(3)})`).join(', ') })
        : t('precision.layer.noOutliers');
  };

  // The matrix on view at every granularity, the bits and symmetry kept.
  const compare = async () => {
    const l = loaded;
    if (!l) return;
    const index = Number(matrixSelect.value || 0);
    const s = props.state();
    compareButton.disabled = true;
    compareTable.replaceChildren();
    try {
      const rms: Partial<Record<(typeof GRANULARITIES)[number], number>> = {};
      const rows: HTMLElement[] = [];
      for (const granularity of GRANULARITIES) {
        const v = (await client.request({ type: 'precisionLayer', matrix: index, scheme: { bits: Number(s.bits), symmetric: s.sym, granularity } }).done).value;
        if (loaded !== l) return;
        rms[granularity] = v.rmsError;
        const rel = v.rmsValue > 0 ? (100 * v.rmsError) / v.rmsValue : 0;
        rows.push(tableRow([t(`precision.gran.${granularity}`), v.rmsError.toExponential(2), `${rel.toFixed(rel < 1 ? 2 : 1)}%`, formatBytes(v.bytes)]));
      }
      compareTable.replaceChildren(
        h('thead', {}, tableRow([t('precision.granularity'), t('precision.layer.rms'), t('precision.layer.rel'), t('precision.table.bytes')], true)),
        h('tbody', {}, ...rows),
      );
      compareTable.dataset.done = 'true';
      publish('precision.layer.rmsTensor', rms.tensor ?? NaN);
      publish('precision.layer.rmsChannel', rms.channel ?? NaN);
    } catch (err) {
      compareTable.replaceChildren(h('caption', {}, t('app.error', { message: (err as Error).message })));
    } finally {
      if (loaded === l) compareButton.disabled = false;
    }
  };
  compareButton.addEventListener('click', () => void compare());

  // The whole model under each scheme.
  const runTable = async () => {
    const s = props.state();
    const model = s.model;
    if (!loaded) return;
    tableButton.disabled = true;
    delete tableBox.dataset.done;
    tableStatus.textContent = t('precision.table.running');
    try {
      const schemes: Scheme[] = TABLE_SCHEMES.map((x) => ({ ...x, symmetric: s.sym }));
      const reply = await client.request({ type: 'precisionTable', schemes, sentences: model === 'miniLm' ? SENTENCES : [], held: s.held }, (p) => {
        tableStatus.textContent = t('precision.table.progress', { done: p.loaded, total: schemes.length });
      }).done;
      tables.set(model, reply.value);
      // Bits per character lost at int4 under each granularity the questions compare.
      const lost = (granularity: string) => {
        const f32 = reply.value.rows[0]?.quality.bitsPerChar ?? NaN;
        const row = reply.value.rows.find((r) => r.scheme?.bits === 4 && r.scheme.granularity === granularity);
        return (row?.quality.bitsPerChar ?? NaN) - f32;
      };
      publish('precision.table.int4Tensor', lost('tensor'));
      publish('precision.table.int4Channel', lost('channel'));
      publish('precision.table.int4Group32', lost('group32'));
      renderTables();
      tableStatus.textContent = '';
      tableBox.dataset.done = 'true';
    } catch (err) {
      tableStatus.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      tableButton.disabled = false;
    }
  };
  tableButton.addEventListener('click', () => void runTable());

  // burn's own int8 weights, timed.
  const speedButton = h('button', { type: 'button', 'data-testid': 'precision-speed-run' }, t('precision.speed.run'));
  const speedResult = h('p', { 'aria-live': 'polite', 'data-testid': 'precision-speed' });
  speedButton.addEventListener('click', async () => {
    speedButton.disabled = true;
    speedResult.textContent = t('precision.speed.running');
    try {
      const v = (await client.request({ type: 'precisionSpeed' }).done).value;
      speedResult.textContent = t(v.int8Ms < v.f32Ms * 0.9 ? 'precision.speed.faster' : 'precision.speed.notFaster', {
        f32: v.f32Ms.toFixed(1),
        int8: v.int8Ms.toFixed(1),
        ratio: (v.f32Ms / Math.max(v.int8Ms, 1e-3)).toFixed(2),
        tokens: v.tokens,
        diff: v.maxDifference.toExponential(1),
      });
      speedResult.dataset.f32 = String(v.f32Ms);
      speedResult.dataset.int8 = String(v.int8Ms);
    } catch (err) {
      speedResult.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      speedButton.disabled = false;
    }
  });

  const renderTables = () => {
    tableBox.replaceChildren(
      ...[...tables.values()].map((table) => {
        const gpt = table.model === 'builtGpt' || table.model === 'gptLab';
        const f32 = table.rows[0];
        const base = [t('precision.table.scheme'), t('precision.table.bytes'), t('precision.table.smaller')];
        const heads =
          table.model === 'cnn'
            ? [...base, t('precision.table.accuracy'), t('precision.table.change')]
            : gpt
              ? [...base, t('precision.table.bpc'), t('precision.table.change')]
              : [...base, t('precision.table.meanCos'), t('precision.table.minCos'), t('precision.table.attention')];
        const rows = table.rows.map((r) => {
          const name = r.scheme ? schemeName(r.scheme) : 'f32';
          const smaller = f32 ? `${(f32.bytes / r.bytes).toFixed(1)}×` : '';
          if (table.model === 'cnn') {
            const a = 100 * (r.quality.accuracy ?? NaN);
            const d = a - 100 * (f32?.quality.accuracy ?? NaN);
            return tableRow([name, formatBytes(r.bytes), smaller, `${a.toFixed(2)}%`, r.scheme ? `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}` : '']);
          }
          if (gpt) {
            const b = r.quality.bitsPerChar ?? NaN;
            const d = b - (f32?.quality.bitsPerChar ?? NaN);
            return tableRow([name, formatBytes(r.bytes), smaller, b.toFixed(3), r.scheme ? `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(3)}` : '']);
          }
          return tableRow([name, formatBytes(r.bytes), smaller, (r.quality.meanCosine ?? NaN).toFixed(5), (r.quality.minCosine ?? NaN).toFixed(5), (r.quality.attentionChange ?? NaN).toExponential(1)]);
        });
        const t0 = h('table', { class: 'cost-table', 'data-testid': `precision-table-${table.model}` }, h('thead', {}, tableRow(heads, true)), h('tbody', {}, ...rows));
        return h('div', {}, h('h3', {}, t(`precision.model.${table.model}`)), h('div', { class: 'table-scroll' }, t0));
      }),
    );
  };

  const element = h(
    'div',
    {},
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('precision.weights.title')),
      h('p', { class: 'muted' }, t('precision.weights.intro')),
      knobs.element,
      status,
      notice,
      summary,
      h('figure', { class: 'chart-figure' }, h('figcaption', {}, t('precision.layer.histogram')), histogram),
      h('figure', { class: 'chart-figure' }, h('figcaption', {}, t('precision.layer.channels')), channels),
      outliers,
      h('figure', { class: 'chart-figure' }, h('figcaption', {}, t('precision.layer.errors')), errors),
      h('h3', {}, t('precision.layer.compareTitle')),
      h('div', { class: 'controls' }, compareButton),
      h('div', { class: 'table-scroll' }, compareTable),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t('precision.table.title')),
      h('p', { class: 'muted' }, t('precision.table.intro')),
      h('div', { class: 'controls' }, tableButton),
      tableStatus,
      tableBox,
      h('h3', {}, t('precision.speed.title')),
      h('p', { class: 'muted' }, t('precision.speed.intro')),
      h('div', { class: 'controls' }, speedButton),
      speedResult,
    ),
  );
  return { element, ready: () => void load(), dispose: () => layer.reset() };
}
