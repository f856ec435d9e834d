// L1 versus L2 on the same small net and data: both shrink the weights,
// but L1's proximal step sets many exactly to zero (a sparse model) while
// L2 only makes them small. Their weight histograms, the count of exact
// zeros, and training versus test loss.
import type { EngineClient } from '../../engine/client';
import type { FitProgress, RunConfig } from '../../engine/protocol';
import { t } from '../../i18n';
import type { ConceptsState } from './params';
import { h } from '../../ui/dom';
import { select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import { pairSection } from './pair';
import { histogramFigure } from './plots';

export function regularisationSection(props: { client: EngineClient; state: () => ConceptsState; setState: (patch: Partial<ConceptsState>) => void }): { element: HTMLElement; setup: () => Promise<void>; dispose: () => void } {
  const weights = h('div', { class: 'mini-hists', 'data-testid': 'reg-weights' });
  const knobs = h('div', { class: 'controls' });
  const run = (l1: number, l2: number): RunConfig => ({
    net: { depth: 3, width: 32, activation: 'tanh', init: 'xavier', residual: false, norm: 'none', dropout: 0 },
    fit: { optimizer: 'sgd', lr: 0.1, batch: 32, l1, l2, seed: props.state().seed },
  });
  const showWeights = (runs: readonly FitProgress[]) => {
    const names = [t('concepts.l1'), t('concepts.l2')];
    // The captions' counts of exact zeros, as shares of each net's weights.
    const [l1, l2] = runs.map((r) => r.details?.weights);
    if (l1 && l2 && runs[0]) {
      publish('concepts.reg.l1Zeros', l1.zeros / l1.total, runs[0].steps);
      publish('concepts.reg.l2Zeros', l2.zeros / l2.total, runs[0].steps);
    }
    weights.replaceChildren(
      ...runs.map((r, i) => {
        const w = r.details?.weights;
        if (!w) return '';
        const fig = histogramFigure(w.histogram, `${names[i]}: ${t('concepts.zeros', { zeros: w.zeros, total: w.total })}`, 260, 90);
        fig.dataset.zeros = String(w.zeros);
        fig.dataset.run = i === 0 ? 'l1' : 'l2';
        return fig;
      }),
    );
  };
  const pair = pairSection({
    client: props.client,
    experiment: 'regularisation',
    names: () => [t('concepts.l1'), t('concepts.l2')],
    data: () => ({ dataset: 'xor', noise: 0.3, samples: 200, seed: props.state().seed }),
    runs: () => [run(props.state().lam, 0), run(0, props.state().lam)],
    onDetails: showWeights,
    // Its Train/Pause toggle is 'reg-train': guided runs press it to start a measured run and again to pause it.
    testid: 'reg-',
  });
  const setup = async () => {
    weights.replaceChildren();
    await pair.setup();
  };
  // One select: it shows its own new value, so nothing needs rebuilding.
  knobs.append(
    select(props.state(), 'lam', [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03], t('concepts.lambda'), (patch) => {
      props.setState(patch);
      void setup();
    }, String, 'c'),
  );
  return {
    element: h('section', { class: 'panel', id: 'regularisation', 'data-testid': 'reg-panel' }, h('h2', {}, t('concepts.regTitle')), h('p', { class: 'muted' }, t('concepts.regHelp')), knobs, pair.element, h('h3', {}, t('concepts.weightsTitle')), weights),
    setup,
    dispose: pair.dispose,
  };
}
