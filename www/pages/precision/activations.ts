// Activations in int8 as well as weights (W8A8): the GPT's activations are
// calibrated on a few windows of its text, each input of a matrix gets a
// clipping range (the largest |x| seen, or a percentile of |x|), and the
// model is measured with each; one input's values are drawn with the
// ranges marked.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { ActivationsView, Site } from '../../engine/protocol';
import { t } from '../../i18n';
import { h, tableRow } from '../../ui/dom';
import { drawHistogram } from './draw';
import type { PrecisionState } from './params';

export type ActivationsProps = {
  client: EngineClient;
  state: () => PrecisionState;
  setState: (patch: Partial<PrecisionState>) => void;
};

const WIDTH = 520;

export function siteName(s: Site): string {
  return s.kind === 'head' ? t('precision.act.site.head') : t(`precision.act.site.${s.kind}`, { layer: s.layer + 1 });
}

export function activationsPanel(props: ActivationsProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  const runButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'precision-act-run' }, t('precision.act.run'));
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'precision-act-status' });
  const siteSelect = h('select', { id: 'precision-site', 'data-testid': 'precision-site' });
  const siteField = h('label', { class: 'field', for: 'precision-site', hidden: true }, t('precision.act.site'), siteSelect);
  const histogram = h('canvas', { role: 'img', 'aria-label': t('app.chartEmpty'), 'data-testid': 'precision-act-histogram' });
  const figure = h('figure', { class: 'chart-figure', hidden: true }, h('figcaption', {}, t('precision.act.histogram')), histogram);
  const rows = h('table', { class: 'cost-table', 'data-testid': 'precision-act-rows' });
  const sites = h('table', { class: 'cost-table', 'data-testid': 'precision-act-sites' });
  const ask = latest((site: number, held: number) => client.request({ type: 'precisionActivations', site, held }).done);

  const run = async () => {
    const s = props.state();
    runButton.disabled = true;
    delete rows.dataset.done;
    status.textContent = t('precision.act.running');
    try {
      const reply = await ask(s.site, s.held);
      if (reply === STALE) return;
      show(reply.value);
      status.textContent = '';
    } catch (err) {
      status.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      runButton.disabled = false;
    }
  };
  runButton.addEventListener('click', () => void run());
  siteSelect.addEventListener('change', () => {
    props.setState({ site: Number(siteSelect.value) });
    void run();
  });

  const show = (v: ActivationsView) => {
    siteSelect.replaceChildren(...v.sites.map((s, i) => h('option', { value: String(i), selected: i === v.shown }, siteName(s.site))));
    const site = v.sites[v.shown];
    siteField.hidden = false;
    figure.hidden = false;
    if (site) {
      const m = Math.max(Math.abs(site.min), Math.abs(site.max));
      drawHistogram(histogram, v.histogram, site.min, site.max, [], Math.min(WIDTH, Math.max(240, (status.parentElement?.clientWidth ?? WIDTH) - 48)), [
        { at: -m, label: 'max', colour: '#dc2626' },
        { at: m, label: 'max', colour: '#dc2626' },
        { at: -site.p9999, label: '99.99%', colour: '#f59e0b' },
        { at: site.p9999, label: '99.99%', colour: '#f59e0b' },
        { at: -site.p999, label: '99.9%', colour: '#16a34a' },
        { at: site.p999, label: '99.9%', colour: '#16a34a' },
      ]);
      histogram.setAttribute('aria-label', t('precision.act.histogramAlt', { site: siteName(site.site), min: site.min.toPrecision(3), max: site.max.toPrecision(3), p: site.p999.toPrecision(3) }));
    }
    const name = (c: ActivationsView['rows'][number]['calibration']) => (c == null ? t('precision.act.weightsOnly') : t(`precision.act.cal.${c}`));
    rows.replaceChildren(
      h('thead', {}, tableRow([t('precision.act.model'), t('precision.table.bpc'), t('precision.table.change')], true)),
      h(
        'tbody',
        {},
        tableRow(['f32', v.f32Bits.toFixed(3), '']),
        ...v.rows.map((r) => {
          const d = r.bitsPerChar - v.f32Bits;
          return tableRow([name(r.calibration), r.bitsPerChar.toFixed(3), `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(3)}`]);
        }),
      ),
    );
    rows.dataset.bits = JSON.stringify(v.rows.map((r) => r.bitsPerChar));
    rows.dataset.done = 'true';
    sites.replaceChildren(
      h('thead', {}, tableRow([t('precision.act.site'), 'min', 'max', '99.99% |x|', '99.9% |x|', t('precision.act.ratio')], true)),
      h('tbody', {}, ...v.sites.map((s) => tableRow([siteName(s.site), s.min.toPrecision(3), s.max.toPrecision(3), s.p9999.toPrecision(3), s.p999.toPrecision(3), `${(Math.max(Math.abs(s.min), Math.abs(s.max)) / Math.max(s.p999, 1e-30)).toFixed(1)}×`]))),
    );
  };

  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('precision.act.title')),
    h('p', { class: 'muted' }, t('precision.act.intro')),
    h('div', { class: 'controls' }, runButton, siteField),
    status,
    figure,
    h('div', { class: 'table-scroll' }, rows),
    h('div', { class: 'table-scroll' }, sites),
  );
  return { element, dispose: () => ask.reset() };
}
