// The β experiment: the VAE above (its width, rate, batch and seed) trained
// three times side by side with KL weights 0, 1 and 4, every run the same
// steps, so only β differs. A table of each run's pixel error, KL term and
// how far its codes lie from the origin, and each run's code plane drawn on
// one shared scale, so β = 0's sprawling codes and β = 4's packed ones can
// be compared by eye.
import type { EngineClient } from '../../engine/client';
import type { AeSettings, BetaRun } from '../../engine/protocol';
import { t } from '../../i18n';
import { sizeCanvas } from '../../ui/canvas';
import { h, tableRow } from '../../ui/dom';
import { select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import { trainRounds } from '../../ui/rounds';
import { LABEL_COLOURS } from './autoencoder';
import type { RepresentationsState } from './params';

const BETAS = [0, 1, 4];
const CODES = 500;
const SIDE = 220;

/** RMS distance of the codes from the origin. */
function spread(points: readonly (readonly [number, number])[]): number {
  return Math.sqrt(points.reduce((sum, [x, y]) => sum + x * x + y * y, 0) / Math.max(1, points.length));
}

export function betaSection(props: {
  client: EngineClient;
  settings: () => AeSettings;
  state: () => RepresentationsState;
  setState: (patch: Partial<RepresentationsState>) => void;
}): { element: HTMLElement; setReady: (on: boolean) => void; dispose: () => void } {
  const { client } = props;
  let generation = 0;
  const steps = select(props.state(), 'bsteps', [200, 600, 1500, 3000], t('representations.beta.steps'), props.setState, undefined, 'b');
  // Enabled once the engine is ready (a request before that is refused).
  let ready = false;
  const run = h('button', { type: 'button', 'data-testid': 'beta-run', disabled: true }, t('representations.beta.run'));
  const progress = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'beta-progress' });
  const table = h('table', { class: 'results', 'data-testid': 'beta-table' });
  const planes = h('div', { class: 'beta-planes' });

  const draw = (runs: readonly BetaRun[]) => {
    const reach = Math.max(1e-6, ...runs.flatMap((r) => r.points.flatMap(([x, y]) => [Math.abs(x), Math.abs(y)])));
    const scale = (SIDE / 2 - 4) / reach;
    planes.replaceChildren(
      ...runs.map((r) => {
        const canvas = h('canvas', { role: 'img', 'aria-label': t('representations.beta.planeAria', { beta: r.beta, spread: spread(r.points).toFixed(2) }) });
        const ctx = sizeCanvas(canvas, SIDE, SIDE);
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, SIDE, SIDE);
        ctx.strokeStyle = 'rgba(0,0,0,0.25)';
        ctx.beginPath();
        ctx.moveTo(SIDE / 2, 0);
        ctx.lineTo(SIDE / 2, SIDE);
        ctx.moveTo(0, SIDE / 2);
        ctx.lineTo(SIDE, SIDE / 2);
        ctx.stroke();
        // The standard normal's 2σ circle, where the prior puts 86% of its mass.
        ctx.beginPath();
        ctx.arc(SIDE / 2, SIDE / 2, 2 * scale, 0, 2 * Math.PI);
        ctx.stroke();
        r.points.forEach(([x, y], i) => {
          ctx.fillStyle = LABEL_COLOURS[r.labels[i] ?? 0] ?? '#000';
          ctx.fillRect(SIDE / 2 + x * scale - 1.5, SIDE / 2 - y * scale - 1.5, 3, 3);
        });
        return h('figure', { class: 'chart-figure' }, h('figcaption', {}, `β = ${r.beta}`), canvas);
      }),
    );
  };

  run.addEventListener('click', async () => {
    const mine = ++generation;
    const settings = props.settings();
    const total = props.state().bsteps;
    run.disabled = true;
    table.replaceChildren();
    planes.replaceChildren();
    delete table.dataset.done;
    progress.textContent = t('training.preparing');
    try {
      await client.request({ type: 'aeBetaSetup', settings: { ...settings, shape: { ...settings.shape, kind: 'variational', latent: 2 } }, betas: BETAS }).done;
      let last: BetaRun[] = [];
      const ok = await trainRounds<BetaRun[]>({
        round: async (n, evaluate) => (await client.request({ type: 'aeBetaRound', steps: n, codes: evaluate ? CODES : 0 }).done).value,
        diverged: (runs) => runs.every((r) => r.diverged),
        steps: total,
        alive: () => mine === generation,
        onRound: (runs, ms) => {
          progress.textContent = t('representations.beta.progress', { step: runs[0]?.steps ?? 0, steps: total, s: (ms / 1000).toFixed(0) });
          if (runs.some((r) => r.evaluation)) {
            last = runs;
            draw(runs);
          }
        },
      });
      if (mine !== generation) return;
      table.replaceChildren(
        h('thead', {}, tableRow([t('representations.beta.beta'), t('representations.beta.mse'), t('representations.beta.kl'), t('representations.beta.spread')], true)),
        h(
          'tbody',
          {},
          ...last.map((r) => {
            const row = tableRow([`β = ${r.beta}`, r.evaluation ? r.evaluation.mse.toFixed(4) : '–', r.evaluation ? r.evaluation.kl.toFixed(2) : '–', spread(r.points).toFixed(2)]);
            row.dataset.beta = String(r.beta);
            if (r.evaluation) {
              row.dataset.mse = String(r.evaluation.mse);
              row.dataset.kl = String(r.evaluation.kl);
            }
            return row;
          }),
        ),
      );
      // For guided runs: each β's KL, in the order of BETAS.
      const names = ['representations.beta.kl.0', 'representations.beta.kl.1', 'representations.beta.kl.2'];
      last.forEach((r, i) => {
        const name = names[i];
        if (r.evaluation && name) publish(name, r.evaluation.kl, r.steps);
      });
      table.dataset.done = 'true';
      progress.textContent = ok ? t('representations.beta.done', { steps: total }) : t('representations.diverged');
    } catch (err) {
      if (mine === generation) progress.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      if (mine === generation) run.disabled = !ready;
    }
  });

  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'beta' },
    h('h2', {}, t('representations.beta.title')),
    h('p', { class: 'muted' }, t('representations.beta.help')),
    h('div', { class: 'controls' }, steps, run),
    progress,
    table,
    planes,
  );
  return {
    element,
    setReady: (on: boolean) => {
      ready = on;
      run.disabled = !on;
    },
    dispose: () => {
      generation += 1;
    },
  };
}
