// Activations in int8 as well as weights (W8A8): the loaded model's
// activations are calibrated on a few batches of its training data (the
// GPT's text windows, the CNN's digits), each input of a matrix gets a
// clipping range (the largest |x| seen, or a percentile of |x|), and the
// model is measured with each (the GPT's bits per character, the CNN's test
// accuracy); one input's values are drawn with the ranges marked.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { ActivationSite, ActivationsView, LayerInput, Site } from '../../engine/protocol';
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

function gptSiteName(s: Site): string {
  return s.kind === 'head' ? t('precision.act.site.head') : t(`precision.act.site.${s.kind}`, { layer: s.layer + 1 });
}

/** Which layer's input `at` is; `hidden`: the network has a hidden dense layer. */
function cnnSiteName(at: LayerInput, hidden: boolean): string {
  switch (at.kind) {
    case 'conv':
      return at.block === 0 ? t('precision.act.cnn.image') : t('precision.act.cnn.conv', { layer: at.block + 1, prev: at.block });
    case 'hidden':
      return t('precision.act.cnn.hidden');
    case 'output':
      return t(hidden ? 'precision.act.cnn.outputHidden' : 'precision.act.cnn.outputMaps');
  }
}

/** The label of one site among `all` (the CNN's output input reads differently after a hidden layer). */
export function siteName(s: ActivationSite, all: readonly ActivationSite[]): string {
  if (s.model === 'gpt') return gptSiteName(s.at);
  return cnnSiteName(s.at, all.some((o) => o.model === 'cnn' && o.at.kind === 'hidden'));
}

export function activationsPanel(props: ActivationsProps): { element: HTMLElement; clear: () => void; dispose: () => void } {
  const { client } = props;
  const runButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'precision-act-run' }, t('precision.act.run'));
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'precision-act-status' });
  const note = h('p', { class: 'muted', 'data-testid': 'precision-act-note', hidden: true });
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
    const all = v.sites.map((s) => s.site);
    const label = (s: ActivationSite) => siteName(s, all);
    const accuracy = v.metric === 'accuracy';
    siteSelect.replaceChildren(...v.sites.map((s, i) => h('option', { value: String(i), selected: i === v.shown }, label(s.site))));
    note.textContent = t(accuracy ? 'precision.act.calibratedCnn' : 'precision.act.calibratedGpt', { n: v.calibratedOn.toLocaleString() });
    note.hidden = false;
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
      histogram.setAttribute('aria-label', t('precision.act.histogramAlt', { site: label(site.site), min: site.min.toPrecision(3), max: site.max.toPrecision(3), p: site.p999.toPrecision(3) }));
    }
    const name = (c: ActivationsView['rows'][number]['calibration']) => (c == null ? t('precision.act.weightsOnly') : t(`precision.act.cal.${c}`));
    // Accuracy in percent (its change in points), bits per character as they are.
    const shown = (score: number) => (accuracy ? `${(100 * score).toFixed(2)}%` : score.toFixed(3));
    const change = (score: number) => {
      const d = accuracy ? 100 * (score - v.f32Score) : score - v.f32Score;
      return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(accuracy ? 2 : 3)}`;
    };
    rows.replaceChildren(
      h('thead', {}, tableRow([t('precision.act.model'), t(accuracy ? 'precision.table.accuracy' : 'precision.table.bpc'), t('precision.table.change')], true)),
      h('tbody', {}, tableRow(['f32', shown(v.f32Score), '']), ...v.rows.map((r) => tableRow([name(r.calibration), shown(r.score), change(r.score)]))),
    );
    rows.dataset.metric = v.metric;
    rows.dataset.f32 = String(v.f32Score);
    rows.dataset.scores = JSON.stringify(v.rows.map((r) => r.score));
    rows.dataset.done = 'true';
    sites.replaceChildren(
      h('thead', {}, tableRow([t('precision.act.site'), 'min', 'max', '99.99% |x|', '99.9% |x|', t('precision.act.ratio')], true)),
      h('tbody', {}, ...v.sites.map((s) => tableRow([label(s.site), s.min.toPrecision(3), s.max.toPrecision(3), s.p9999.toPrecision(3), s.p999.toPrecision(3), `${(Math.max(Math.abs(s.min), Math.abs(s.max)) / Math.max(s.p999, 1e-30)).toFixed(1)}×`]))),
    );
  };

  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('precision.act.title')),
    h('p', { class: 'muted' }, t('precision.act.intro')),
    h('div', { class: 'controls' }, runButton, siteField),
    status,
    note,
    figure,
    h('div', { class: 'table-scroll' }, rows),
    h('div', { class: 'table-scroll' }, sites),
  );
  // Another model chosen: the view measured the last one, so it goes (and
  // an answer still on its way is dropped).
  const clear = () => {
    ask.reset();
    runButton.disabled = false;
    status.textContent = '';
    for (const part of [siteField, figure, note]) part.hidden = true;
    rows.replaceChildren();
    sites.replaceChildren();
    delete rows.dataset.done;
  };
  return { element, clear, dispose: () => ask.reset() };
}
