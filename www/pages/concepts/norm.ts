// BatchNorm versus LayerNorm on the same batch of real activations (a fresh
// layer's outputs for real points): BatchNorm makes each column (a feature,
// over the batch) mean 0 and variance 1, LayerNorm each row (an example,
// over its features). With a batch of one, BatchNorm has nothing to
// average and outputs zeros; in evaluation mode it uses running statistics.
import type { EngineClient } from '../../engine/client';
import type { NormDemo } from '../../engine/protocol';
import { t } from '../../i18n';
import type { ConceptsState } from './params';
import { h } from '../../ui/dom';
import { select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import { dataConfig } from './flow';
import { matrixTable } from './plots';

const FEATURES = 6;

function stats(values: readonly number[], rows: number, cols: number, axis: 'rows' | 'cols'): { mean: number; std: number }[] {
  const n = axis === 'cols' ? cols : rows;
  return Array.from({ length: n }, (_, k) => {
    const xs = axis === 'cols' ? Array.from({ length: rows }, (_, r) => values[r * cols + k] ?? 0) : Array.from({ length: cols }, (_, c) => values[k * cols + c] ?? 0);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    return { mean, std };
  });
}

export function normSection(props: { client: EngineClient; state: () => ConceptsState; setState: (patch: Partial<ConceptsState>) => void }): { element: HTMLElement; setup: () => Promise<void> } {
  const out = h('div', { 'data-testid': 'norm-demo' });
  const knobs = h('div', { class: 'controls' });

  const show = (d: NormDemo) => {
    const fmt = (s: { mean: number; std: number }[]) => s.map((x) => `${x.mean.toFixed(2)}/${x.std.toFixed(2)}`).join('  ');
    const figure = (title: string, values: readonly number[], note: string, testid: string) =>
      h('figure', { 'data-testid': testid }, h('figcaption', {}, title), matrixTable(values, d.batch, d.features, 2), h('p', { class: 'mono muted small' }, note));
    const bnCols = stats(d.batchNorm, d.batch, d.features, 'cols');
    const lnRows = stats(d.layerNorm, d.batch, d.features, 'rows');
    out.replaceChildren(
      h(
        'div',
        { class: 'matrices' },
        figure(t('concepts.normInput'), d.input, t('concepts.colStats', { stats: fmt(stats(d.input, d.batch, d.features, 'cols')) }), 'norm-input'),
        figure(t('concepts.normBatch'), d.batchNorm, t('concepts.colStats', { stats: fmt(bnCols) }), 'norm-batch'),
        figure(t('concepts.normLayer'), d.layerNorm, t('concepts.rowStats', { stats: fmt(lnRows) }), 'norm-layer'),
        figure(t('concepts.normEval'), d.batchNormEval, t('concepts.running', { mean: d.runningMean.map((v) => v.toFixed(2)).join(' '), var: d.runningVar.map((v) => v.toFixed(2)).join(' ') }), 'norm-eval'),
      ),
      d.batch === 1 ? h('p', { class: 'notice notice-info', 'data-testid': 'norm-batch-one' }, t('concepts.batchOne')) : '',
    );
    out.dataset.bnColStd = bnCols.map((s) => s.std.toFixed(3)).join(',');
    // How far from mean 0 / std 1 each method's groups are: along the
    // directions the notes show (BatchNorm's columns, LayerNorm's rows) and
    // along the other ones, which tells the direction each one normalises.
    const off = (groups: { mean: number; std: number }[]) => Math.max(...groups.map((g) => Math.max(Math.abs(g.mean), Math.abs(g.std - 1))));
    publish('concepts.norm.offBnColsLnRows', Math.max(off(bnCols), off(lnRows)));
    publish('concepts.norm.offBnRowsLnCols', Math.max(off(stats(d.batchNorm, d.batch, d.features, 'rows')), off(stats(d.layerNorm, d.batch, d.features, 'cols'))));
    // The evaluation-mode matrix's largest magnitude: zeros, numbers or NaN.
    publish('concepts.norm.evalMax', Math.max(...d.batchNormEval.map(Math.abs)));
    out.dataset.lnRowStd = lnRows.map((s) => s.std.toFixed(3)).join(',');
  };

  const setup = async () => {
    const s = props.state();
    try {
      const reply = await props.client.request({ type: 'conceptsNorm', data: dataConfig(s), batch: s.nb, features: FEATURES }).done;
      show(reply.value);
    } catch (err) {
      out.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: (err as Error).message })));
    }
  };
  // One select: it shows its own new value, so nothing needs rebuilding.
  knobs.append(
    select(props.state(), 'nb', [1, 2, 4, 8, 16], t('concepts.normBatchSize'), (patch) => {
      props.setState(patch);
      void setup();
    }, String, 'c'),
  );
  return {
    element: h('section', { class: 'panel', id: 'normalisation', 'data-testid': 'norm-panel' }, h('h2', {}, t('concepts.normTitle')), h('p', { class: 'muted' }, t('concepts.normHelp')), knobs, out),
    setup,
  };
}
