// Floating-point formats side by side (fp32, fp16, bf16: bits, range,
// precision) with the learner's own values rounded to each, and round()
// on a small grid beside the gradient the straight-through estimator gives
// it: both computed in the engine.
import type { EngineClient } from '../../engine/client';
import type { FormatsView, SteView } from '../../engine/protocol';
import { t } from '../../i18n';
import { lineChart } from '../../ui/chart';
import { h, tableRow } from '../../ui/dom';
import { liveKnobs, select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import type { PrecisionState } from './params';

export type FormatsProps = {
  client: EngineClient;
  state: () => PrecisionState;
  setState: (patch: Partial<PrecisionState>) => void;
};

/** Numbers in a comma- or space-separated list; the rest are dropped. */
export function parseValues(text: string): number[] {
  return text
    .split(/[\s,，;；]+/)
    .filter((s) => s.length > 0)
    .map(Number)
    .filter((v) => Number.isFinite(v))
    .slice(0, 16);
}

const show = (v: number) => (Number.isFinite(v) ? (v === 0 ? '0' : Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(4) : String(Number(v.toPrecision(7)))) : v > 0 ? '∞' : v < 0 ? '−∞' : 'NaN');

/** Every digit a float of the format holds (9 significant digits pin an f32). */
const exact = (v: number) => (Number.isFinite(v) ? (v === 0 ? '0' : String(Number(v.toPrecision(9)))) : show(v));

export function formatsPanel(props: FormatsProps): { element: HTMLElement; steElement: HTMLElement; ready: () => void } {
  const { client } = props;
  const formats = h('table', { class: 'cost-table', 'data-testid': 'precision-formats' });
  const values = h('table', { class: 'cost-table', 'data-testid': 'precision-values' });
  const input = h('input', { id: 'precision-vals', type: 'text', maxlength: 200, size: 40, value: props.state().vals, 'data-testid': 'precision-vals' });
  const note = h('p', { class: 'muted', 'aria-live': 'polite' });
  input.addEventListener('change', () => {
    props.setState({ vals: input.value.slice(0, 200) });
    void round();
  });

  const showFormats = (f: FormatsView, typed: readonly number[]) => {
    const row = (label: string, cell: (i: FormatsView['formats'][number]) => string) => tableRow([label, ...f.formats.map(cell)]);
    formats.replaceChildren(
      h('thead', {}, tableRow(['', ...f.formats.map((x) => x.format)], true)),
      h(
        'tbody',
        {},
        row(t('precision.fmt.bits'), (x) => `1 + ${x.exponentBits} + ${x.mantissaBits} = ${x.bits}`),
        row(t('precision.fmt.largest'), (x) => x.largest.toExponential(4)),
        row(t('precision.fmt.normal'), (x) => x.smallestNormal.toExponential(3)),
        row(t('precision.fmt.subnormal'), (x) => x.smallestSubnormal.toExponential(3)),
        row(t('precision.fmt.spacing'), (x) => `2^${Math.round(Math.log2(x.spacingAtOne))} = ${x.spacingAtOne.toPrecision(3)}`),
      ),
    );
    values.replaceChildren(
      h('thead', {}, tableRow([t('precision.fmt.value'), 'fp32', 'fp16', 'bf16'], true)),
      h('tbody', {}, ...f.values.map((v, i) => tableRow([String(typed[i] ?? v.value), exact(v.value), exact(v.fp16), exact(v.bf16)]))),
    );
    values.dataset.fp16 = JSON.stringify(f.values.map((v) => v.fp16));
    // 1 when the format keeps every value finite and every non-zero one above zero.
    const keeps = (format: 'fp16' | 'bf16') => (f.values.every((v) => Number.isFinite(v[format]) && (v.value === 0 || v[format] !== 0)) ? 1 : 0);
    publish('precision.formats.fp16', keeps('fp16'));
    publish('precision.formats.bf16', keeps('bf16'));
  };

  const round = async () => {
    const list = parseValues(props.state().vals);
    note.textContent = list.length === 0 ? t('precision.fmt.noValues') : '';
    try {
      const reply = await client.request({ type: 'precisionFormats', values: list }).done;
      showFormats(reply.value, list);
    } catch (err) {
      note.textContent = t('app.error', { message: (err as Error).message });
    }
  };

  // A product in real fp16 on this device.
  const halfButton = h('button', { type: 'button', 'data-testid': 'precision-half-run' }, t('precision.half.run'));
  const halfResult = h('p', { 'aria-live': 'polite', 'data-testid': 'precision-half' });
  const halfKnobs = liveKnobs<PrecisionState>(
    (onChange) => h('div', { class: 'controls' }, select(props.state(), 'hsize', [128, 256, 512, 1024], t('precision.half.size'), onChange, (v) => `${v} × ${v}`, 'h'), halfButton),
    (patch) => props.setState(patch),
  );
  halfButton.addEventListener('click', async () => {
    halfButton.disabled = true;
    halfResult.textContent = t('precision.half.running');
    try {
      const v = (await client.request({ type: 'precisionHalf', size: props.state().hsize }).done).value;
      halfResult.textContent =
        v.supported && v.f32Ms != null && v.f16Ms != null
          ? t('precision.half.result', {
              n: v.size,
              f32: v.f32Ms.toFixed(1),
              f16: v.f16Ms.toFixed(1),
              ratio: (v.f32Ms / Math.max(v.f16Ms, 1e-3)).toFixed(2),
              mean: (v.meanError ?? NaN).toExponential(1),
              max: (v.maxError ?? NaN).toExponential(1),
            })
          : t('precision.half.none');
      halfResult.dataset.supported = String(v.supported);
      if (v.meanError != null) halfResult.dataset.mean = String(v.meanError);
    } catch (err) {
      halfResult.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      halfButton.disabled = false;
    }
  });

  // round() and the STE.
  const charts = h('div', { class: 'charts' });
  const steNote = h('p', { class: 'muted', 'data-testid': 'precision-ste-note' });
  const steKnobs = liveKnobs<PrecisionState>(
    (onChange) => h('div', { class: 'controls' }, select(props.state(), 'sbits', [2, 3, 4], t('precision.ste.bits'), onChange, (v) => t('precision.ste.levels', { bits: v, levels: 2 ** v - 1 }), 'p')),
    (patch) => {
      props.setState(patch);
      void ste();
    },
  );
  const ste = async () => {
    try {
      const reply = await client.request({ type: 'precisionSte', bits: props.state().sbits }).done;
      drawSte(reply.value);
    } catch (err) {
      steNote.textContent = t('app.error', { message: (err as Error).message });
    }
  };
  const drawSte = (v: SteView) => {
    const forward = lineChart({ title: t('precision.ste.forward'), xLabel: 'x', yLabel: 'q(x)', series: [{ label: 'q(x)', colour: '#2563eb' }, { label: 'x', colour: '#94a3b8', dash: true }], testid: 'precision-ste-forward' });
    const backward = lineChart({
      title: t('precision.ste.backward'),
      xLabel: 'x',
      yLabel: t('precision.ste.gradient'),
      series: [
        { label: t('precision.ste.slope'), colour: '#94a3b8' },
        { label: t('precision.ste.round'), colour: '#dc2626' },
        { label: t('precision.ste.ste'), colour: '#2563eb' },
      ],
      testid: 'precision-ste-backward',
    });
    v.x.forEach((x, i) => {
      forward.push(x, [v.y[i] ?? null, x]);
      backward.push(x, [Math.min(v.slope[i] ?? 0, 3), v.round[i] ?? null, v.ste[i] ?? null]);
    });
    charts.replaceChildren(forward.element, backward.element);
    const inside = v.ste.filter((g) => g === 1).length;
    steNote.textContent = t('precision.ste.note', { step: v.step.toPrecision(3), inside, points: v.x.length });
    steNote.dataset.ste = JSON.stringify([v.ste[0], v.ste[Math.floor(v.ste.length / 2)]]);
  };

  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('precision.fmt.title')),
    h('p', { class: 'muted' }, t('precision.fmt.intro')),
    h('div', { class: 'table-scroll' }, formats),
    h('div', { class: 'controls' }, h('label', { class: 'field', for: 'precision-vals' }, t('precision.fmt.values'), input)),
    note,
    h('div', { class: 'table-scroll' }, values),
    h('h3', {}, t('precision.half.title')),
    h('p', { class: 'muted' }, t('precision.half.intro')),
    halfKnobs.element,
    halfResult,
  );
  const steElement = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('precision.ste.title')),
    h('p', { class: 'muted' }, t('precision.ste.intro')),
    steKnobs.element,
    charts,
    steNote,
  );
  return {
    element,
    steElement,
    ready: () => {
      void round();
      void ste();
    },
  };
}
