// Dropout: the masks burn's Dropout draws on a small tensor in training
// mode, the 1/(1 − p) scaling that keeps the expected activation, the
// identity in evaluation mode; then the same net with and without dropout
// on a small noisy data set, where dropout narrows the gap between
// training and test loss.
import type { EngineClient } from '../../engine/client';
import type { DropoutDemo, RunConfig } from '../../engine/protocol';
import { t } from '../../i18n';
import type { ConceptsState } from './params';
import { h } from '../../ui/dom';
import { select } from '../../ui/knobs';
import { publish } from '../../ui/readings';
import { pairSection } from './pair';
import { matrixTable } from './plots';

export function dropoutSection(props: { client: EngineClient; state: () => ConceptsState; setState: (patch: Partial<ConceptsState>) => void }): { element: HTMLElement; setup: () => Promise<void>; dispose: () => void } {
  const demo = h('div', { 'data-testid': 'dropout-demo' });
  const knobs = h('div', { class: 'controls' });
  const run = (p: number): RunConfig => ({
    net: { depth: 4, width: 64, activation: 'relu', init: 'he', residual: false, norm: 'none', dropout: p },
    fit: { optimizer: 'adam', lr: 0.01, batch: 16, l1: 0, l2: 0, seed: props.state().seed },
  });
  const pair = pairSection({
    client: props.client,
    experiment: 'dropout',
    names: () => [t('concepts.noDropout'), t('concepts.withDropout', { p: props.state().dp })],
    data: () => ({ dataset: 'blobs', noise: 1, samples: 60, seed: props.state().seed }),
    runs: () => [run(0), run(props.state().dp)],
    onDetails: () => undefined,
    // The summary's two test losses: with dropout over without.
    onProgress: ([without, withDropout], steps) => {
      if (without && withDropout) publish('concepts.dropout.testRatio', withDropout.testLoss / without.testLoss, steps);
    },
    // Its Train/Pause toggle is 'dropout-train': guided runs press it to start a measured run and again to pause it.
    testid: 'dropout-',
  });

  const showDemo = (d: DropoutDemo) => {
    publish('concepts.dropout.meanRatio', d.meanAfter / d.meanBefore);
    demo.replaceChildren(
      h('div', { class: 'matrices' },
        h('figure', {}, h('figcaption', {}, t('concepts.dropInput')), matrixTable(d.input, d.rows, d.cols, 2)),
        h('figure', {}, h('figcaption', {}, t('concepts.dropTrain', { scale: (1 / (1 - props.state().dp)).toFixed(2) })), matrixTable(d.train, d.rows, d.cols, 2, 'dropout-mask')),
        h('figure', {}, h('figcaption', {}, t('concepts.dropEval')), matrixTable(d.eval, d.rows, d.cols, 2)),
      ),
      h('p', { class: 'mono', 'data-testid': 'dropout-means', 'data-before': String(d.meanBefore), 'data-after': String(d.meanAfter), 'data-kept': String(d.kept) }, t('concepts.dropMeans', { before: d.meanBefore.toFixed(4), after: d.meanAfter.toFixed(4), kept: (100 * d.kept).toFixed(1) })),
    );
  };

  const setup = async () => {
    const s = props.state();
    try {
      const reply = await props.client.request({ type: 'conceptsDropout', p: s.dp, seed: s.seed }).done;
      showDemo(reply.value);
    } catch (err) {
      demo.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: (err as Error).message })));
    }
    await pair.setup();
  };
  // One select: it shows its own new value, so nothing needs rebuilding.
  knobs.append(
    select(props.state(), 'dp', [0.1, 0.2, 0.3, 0.5, 0.7, 0.9], t('concepts.dropP'), (patch) => {
      props.setState(patch);
      void setup();
    }, String, 'c'),
  );

  return {
    element: h('section', { class: 'panel', id: 'dropout', 'data-testid': 'dropout-panel' }, h('h2', {}, t('concepts.dropTitle')), h('p', { class: 'muted' }, t('concepts.dropHelp')), knobs, demo, h('h3', {}, t('concepts.dropOverfit')), pair.element),
    setup,
    dispose: pair.dispose,
  };
}
