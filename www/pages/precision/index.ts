// The Precision lab: real Transformers in fewer bits. Formats side by side;
// any matrix of the Tang GPT, the learner's GPT or MiniLM on an int8 or
// int4 grid, and the whole model under each scheme; round() and the
// straight-through estimator; PTQ against QAT from one GPT; and mixed
// precision with and without loss scaling on a real training run. All of
// it computed in the engine worker.
import type { EngineClient } from '../../engine/client';
import { t } from '../../i18n';
import { h } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { activationsPanel } from './activations';
import { formatsPanel } from './formats';
import { mixedPanel } from './mixed';
import type { PrecisionState } from './params';
import { qatPanel } from './qat';
import { weightsPanel } from './weights';

export type PrecisionPageProps = {
  client: EngineClient;
  state: PrecisionState;
  setState: (patch: Partial<PrecisionState>) => void;
};

export function precisionPage(props: PrecisionPageProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let state = { ...props.state };
  const panelProps = {
    client,
    state: () => state,
    setState: (patch: Partial<PrecisionState>) => {
      if (patch.model !== undefined && patch.model !== state.model) acts.clear();
      state = { ...state, ...patch };
      props.setState(patch);
    },
  };
  // First: choosing another model in the weights panel clears it.
  const acts = activationsPanel(panelProps);
  const formats = formatsPanel(panelProps);
  const weights = weightsPanel(panelProps);
  const qat = qatPanel(panelProps);
  const mixed = mixedPanel(panelProps);
  const unsubscribe = client.onStatus((s) => {
    if (s.state !== 'ready') return;
    formats.ready();
    weights.ready();
  });
  const explain = explainPanel(t('precision.explain.title'), 'precision.explain', ['int8', 'granularity', 'groups', 'symmetric', 'calibration', 'ptqQat', 'ste', 'formats', 'lossScaling', 'master']);
  const element = h(
    'section',
    { class: 'page page-precision' },
    h('h1', {}, t('precision.title')),
    h('p', { class: 'lede' }, t('precision.intro')),
    weights.element,
    acts.element,
    formats.steElement,
    qat.element,
    formats.element,
    mixed.element,
    explain,
  );
  return {
    element,
    dispose: () => {
      unsubscribe();
      weights.dispose();
      acts.dispose();
      qat.dispose();
      mixed.dispose();
    },
  };
}
