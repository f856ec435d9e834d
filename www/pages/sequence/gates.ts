// Gates: what each gate and state of the network does along a text, one
// column per character and one row per unit. Gates (0 to 1) are drawn on
// a white-to-red ramp: a forget gate near 1 keeps its memory, near 0
// wipes it. Signed values (candidate, hidden, cell) go blue-white-red.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { Gates, RunInfo } from '../../engine/protocol';
import { floats } from '../../engine/floats';
import { isMessageKey, t } from '../../i18n';
import { DIVERGING, HEAT, drawMatrix, sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { publish } from '../../ui/readings';

/** Units drawn per map (the rest are summarised in words). */
const MAX_UNITS = 64;
const SIGNED = new Set(['candidate', 'hidden', 'cell']);

/** A gate's name as the page shows it; the engine names each map. */
function gateName(name: string): string {
  const key = `sequence.gate.${name}`;
  return isMessageKey(key) ? t(key) : name;
}

export type GatePanel = {
  element: HTMLElement;
  refresh: () => Promise<void>;
  reset: (runs: readonly RunInfo[], example: string) => void;
};

export function gatePanel(props: { client: EngineClient }): GatePanel {
  let runs: readonly RunInfo[] = [];
  let run = 0;
  const input = h('input', { id: 's-gates-text', type: 'text', maxlength: 160, 'data-testid': 'gates-text' });
  const runPicker = h('select', { id: 's-gates-run' });
  const button = h('button', { type: 'button', 'data-testid': 'trace', disabled: true }, t('sequence.trace'));
  const readout = h('p', { class: 'mono muted', 'aria-live': 'polite' }, '\u00a0');
  const maps = h('div', { class: 'gate-maps', 'data-testid': 'gate-maps' });
  const problem = h('div', { 'aria-live': 'polite' });

  const drawMap = (gates: Gates, name: string, values: Float32Array) => {
    const steps = gates.chars.length;
    const units = Math.min(gates.hidden, MAX_UNITS);
    const cell = Math.max(6, Math.min(16, Math.floor(720 / Math.max(1, steps))));
    const row = Math.max(2, Math.min(6, Math.floor(192 / units)));
    const top = 18;
    const canvas = h('canvas', { 'data-map': name, role: 'img', 'aria-label': t('sequence.gateAria', { name: gateName(name) }) });
    const ctx = sizeCanvas(canvas, steps * cell, top + units * row);
    // Transpose to units x steps for the picture.
    const picture = new Float32Array(units * steps);
    let peak = 0;
    for (let s = 0; s < steps; s++) {
      for (let u = 0; u < units; u++) {
        const v = values[s * gates.hidden + u] ?? 0;
        picture[u * steps + s] = v;
        peak = Math.max(peak, Math.abs(v));
      }
    }
    const signed = SIGNED.has(name);
    const hi = signed ? Math.max(1, peak) : 1;
    drawMatrix(ctx, picture, units, steps, { x: 0, y: top, w: steps * cell, h: units * row }, signed ? DIVERGING : HEAT, signed ? -hi : 0, hi);
    ctx.font = `${Math.min(14, cell + 2)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.fillStyle = getComputedStyle(document.body).color;
    gates.chars.forEach((c, s) => ctx.fillText(c === '\n' ? '↵' : c, s * cell + cell / 2, 13));
    canvas.addEventListener('mousemove', (e) => {
      const rect = canvas.getBoundingClientRect();
      const s = Math.floor((e.clientX - rect.left) / cell);
      const u = Math.floor((e.clientY - rect.top - top) / row);
      if (s < 0 || s >= steps || u < 0 || u >= units) return;
      readout.textContent = t('sequence.readout', {
        name: gateName(name),
        char: gates.chars[s] === '\n' ? '↵' : (gates.chars[s] ?? ''),
        step: s + 1,
        unit: u + 1,
        value: (picture[u * steps + s] ?? 0).toFixed(3),
      });
    });
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    // The first layer's forget gate is drawn first, so it is the one a guided run reads.
    if (name === 'forget') publish('sequence.gates.forget', mean);
    return h(
      'figure',
      { class: 'gate-map' },
      h('figcaption', {}, gateName(name), ' ', h('span', { class: 'muted mono' }, t('sequence.mean', { mean: mean.toFixed(2) }))),
      h('div', { class: 'table-scroll' }, canvas),
    );
  };

  const show = (gates: Gates) => {
    const note = gates.hidden > MAX_UNITS ? h('p', { class: 'muted' }, t('sequence.firstUnits', { shown: MAX_UNITS, all: gates.hidden })) : '';
    maps.replaceChildren(
      note,
      ...gates.layers.map((layer, l) =>
        h(
          'div',
          { class: 'gate-layer', 'data-layer': l + 1 },
          gates.layers.length > 1 ? h('h3', {}, t('sequence.layer', { n: l + 1 })) : '',
          ...layer.map((m) => drawMap(gates, m.name, floats(m.values))),
        ),
      ),
    );
    maps.dataset.cell = gates.cell;
    maps.dataset.steps = String(gates.chars.length);
  };

  // The newest text and run win; `reset` (a new network) drops the ones in
  // flight (engine/latest.ts).
  const probe = latest((which: number, text: string) => props.client.request({ type: 'sequenceGates', run: which, text }).done);
  const refresh = async () => {
    if (runs.length === 0) return;
    button.disabled = true;
    problem.replaceChildren();
    try {
      const reply = await probe(run, input.value);
      if (reply !== STALE) show(reply.value);
    } catch (err) {
      problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: (err as Error).message })));
    } finally {
      button.disabled = runs.length === 0;
    }
  };
  button.addEventListener('click', () => void refresh());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') void refresh();
  });
  runPicker.addEventListener('change', () => {
    run = Number(runPicker.value);
    void refresh();
  });

  return {
    element: h(
      'section',
      { class: 'panel', 'data-testid': 'gates-panel' },
      h('h2', {}, t('sequence.gatesTitle')),
      h('p', { class: 'muted' }, t('sequence.gatesHelp')),
      h('div', { class: 'controls' }, h('label', { class: 'field', for: 's-gates-text' }, t('sequence.gatesInput'), input), h('label', { class: 'field', for: 's-gates-run' }, t('sequence.cell'), runPicker), button),
      problem,
      readout,
      maps,
    ),
    refresh,
    reset: (next, example) => {
      probe.reset();
      runs = next;
      // Gates are the point: start on the LSTM when comparing.
      run = Math.max(0, next.findIndex((r) => r.cell === 'lstm'));
      runPicker.replaceChildren(...next.map((r, i) => h('option', { value: i, selected: i === run }, t(`sequence.cell.${r.cell}`))));
      runPicker.disabled = next.length < 2;
      input.value = example;
      maps.replaceChildren();
      button.disabled = next.length === 0;
    },
  };
}
