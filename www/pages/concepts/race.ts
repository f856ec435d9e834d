// Optimizers racing on 2-D loss surfaces: SGD, momentum, Nesterov,
// RMSprop, Adam and AdamW start at the same point and take the same number
// of steps (burn's own optimizers, the gradient by autodiff); their paths
// are drawn over the surface's contours.
import type { EngineClient } from '../../engine/client';
import type { Race, Racer } from '../../engine/protocol';
import { floats } from '../../engine/floats';
import { t } from '../../i18n';
import type { ConceptsState } from './params';
import { sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { select } from '../../ui/knobs';
import { publish } from '../../ui/readings';

export const RACER_COLOURS: Record<Racer, string> = {
  sgd: '#1d1b18',
  momentum: '#c2410c',
  nesterov: '#a16207',
  rmsProp: '#7c3aed',
  adam: '#1d4ed8',
  adamW: '#15803d',
};

/** Each racer's final value on the surface, the legend's number, as a reading. */
const RACER_READINGS: Record<Racer, string> = {
  sgd: 'concepts.race.sgd',
  momentum: 'concepts.race.momentum',
  nesterov: 'concepts.race.nesterov',
  rmsProp: 'concepts.race.rmsProp',
  adam: 'concepts.race.adam',
  adamW: 'concepts.race.adamW',
};

/** Learning rates that suit each surface (the link can say otherwise). */
export const SURFACE_LR = { bowl: 0.05, rosenbrock: 0.001, saddle: 0.05, himmelblau: 0.01 } as const;

function draw(canvas: HTMLCanvasElement, race: Race, size: number): void {
  const ctx = sizeCanvas(canvas, size, size);
  const grid = floats(race.grid);
  const side = race.side;
  // Bands on a log scale: the interesting part is near the minimum.
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of grid) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const level = (v: number) => Math.log1p(v - lo) / Math.log1p(hi - lo || 1);
  const image = new ImageData(side, side);
  for (let i = 0; i < side * side; i++) {
    const l = level(grid[i] ?? 0);
    const band = Math.floor(l * 14) % 2 === 0;
    const shade = 250 - Math.round(l * 120) - (band ? 0 : 10);
    image.data[i * 4] = shade;
    image.data[i * 4 + 1] = shade - 4;
    image.data[i * 4 + 2] = shade - 12;
    image.data[i * 4 + 3] = 255;
  }
  const scratch = document.createElement('canvas');
  scratch.width = side;
  scratch.height = side;
  scratch.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(scratch, 0, 0, size, size);
  const [x0, x1, y0, y1] = race.bounds;
  const px = (x: number) => ((x - x0) / (x1 - x0)) * size;
  const py = (y: number) => size - ((y - y0) / (y1 - y0)) * size;
  for (const [mx, my] of race.minima) {
    ctx.fillStyle = '#15803d';
    ctx.font = '16px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText('★', px(mx), py(my) + 5);
  }
  for (const path of race.paths) {
    ctx.strokeStyle = RACER_COLOURS[path.racer];
    ctx.lineWidth = 1.8;
    ctx.beginPath();
    path.xs.forEach((x, i) => {
      const X = Math.max(-5, Math.min(size + 5, px(x)));
      const Y = Math.max(-5, Math.min(size + 5, py(path.ys[i] ?? 0)));
      if (i === 0) ctx.moveTo(X, Y);
      else ctx.lineTo(X, Y);
    });
    ctx.stroke();
  }
  const [sx, sy] = [race.paths[0]?.xs[0] ?? 0, race.paths[0]?.ys[0] ?? 0];
  ctx.fillStyle = '#1d1b18';
  ctx.beginPath();
  ctx.arc(px(sx), py(sy), 4, 0, Math.PI * 2);
  ctx.fill();
}

export function raceSection(props: { client: EngineClient; state: () => ConceptsState; setState: (patch: Partial<ConceptsState>) => void }): { element: HTMLElement; setup: () => Promise<void> } {
  const canvas = h('canvas', { 'data-testid': 'race-canvas', role: 'img', 'aria-label': t('concepts.raceAria') });
  const legend = h('ul', { class: 'gtt-summary', 'data-testid': 'race-legend' });
  const problem = h('div', { 'aria-live': 'polite' });
  const knobs = h('div', { class: 'controls' });
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'race-run' }, t('concepts.race'));

  const setup = async () => {
    const s = props.state();
    button.disabled = true;
    problem.replaceChildren();
    try {
      const reply = await props.client.request({ type: 'conceptsRace', race: { surface: s.surface, lr: s.rlr, momentum: s.mom, beta1: s.b1, beta2: s.b2, steps: s.rsteps } }).done;
      draw(canvas, reply.value, Math.min(420, Math.max(260, (canvas.parentElement?.clientWidth ?? 420) - 8)));
      legend.replaceChildren(
        ...reply.value.paths.map((p) => {
          const item = h('li', { 'data-racer': p.racer, 'data-last': String(p.last) }, h('strong', {}, t(`concepts.racer.${p.racer}`)), ' ', t('concepts.raceEnd', { value: Number.isFinite(p.last) ? p.last.toPrecision(3) : String(p.last), x: (p.xs[p.xs.length - 1] ?? 0).toFixed(2), y: (p.ys[p.ys.length - 1] ?? 0).toFixed(2) }));
          item.style.borderLeftColor = RACER_COLOURS[p.racer];
          publish(RACER_READINGS[p.racer], p.last);
          return item;
        }),
      );
    } catch (err) {
      problem.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: (err as Error).message })));
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', () => void setup());
  const renderKnobs = () => {
    const s = props.state();
    const change = (patch: Partial<ConceptsState>) => {
      if (patch.surface) patch = { ...patch, rlr: SURFACE_LR[patch.surface] };
      props.setState(patch);
      renderKnobs();
      void setup();
    };
    const pick = <K extends keyof ConceptsState & string, O extends string | number>(key: K, options: readonly O[], label: string, labelOf?: (v: O) => string) => select(s, key, options, label, change, labelOf, 'c');
    knobs.replaceChildren(
      pick('surface', ['bowl', 'rosenbrock', 'saddle', 'himmelblau'], t('concepts.surface'), (v) => t(`concepts.surface.${v}`)),
      pick('rlr', [0.0003, 0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3], t('training.lr')),
      pick('mom', [0, 0.5, 0.9, 0.99], t('concepts.momentum')),
      pick('b1', [0, 0.5, 0.9, 0.99], 'β₁'),
      pick('b2', [0.9, 0.99, 0.999], 'β₂'),
      pick('rsteps', [50, 150, 500, 1500], t('concepts.steps')),
      button,
    );
  };
  renderKnobs();
  return {
    element: h('section', { class: 'panel', id: 'optimizers', 'data-testid': 'race-panel' }, h('h2', {}, t('concepts.raceTitle')), h('p', { class: 'muted' }, t('concepts.raceHelp')), knobs, problem, h('div', { class: 'race' }, h('div', { class: 'race-plot' }, canvas), legend)),
    setup,
  };
}
