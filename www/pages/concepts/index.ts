// The Concepts lab: the classic questions about training deep nets, each an
// experiment that trains live in the engine worker: gradient flow through
// a deep net (the centrepiece), BatchNorm versus LayerNorm, dropout,
// optimizers racing on loss surfaces, and L1 versus L2; with a topic index
// that links every interview question to the experiment (here or in
// another lab) that answers it.
import type { EngineClient } from '../../engine/client';
import { t, type KeySuffix } from '../../i18n';
import type { ConceptsState } from './params';
import type { LabId } from '../../labs';
import { h } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { dropoutSection } from './dropout';
import { flowSection } from './flow';
import { normSection } from './norm';
import { raceSection } from './race';
import { regularisationSection } from './regularisation';

export type ConceptsPageProps = {
  client: EngineClient;
  state: ConceptsState;
  setState: (patch: Partial<ConceptsState>) => void;
  /** A link to another page (by id). */
  href: (page: string) => string;
};

/** Each classic question and where it is answered: a section here, or a lab. */
type Topic = { key: KeySuffix<'concepts.topic.'> } & ({ anchor: KeySuffix<'concepts.section.'> } | { page: LabId });

const TOPICS: readonly Topic[] = [
  { key: 'vanishing', anchor: 'flow' },
  { key: 'saturation', anchor: 'flow' },
  { key: 'init', anchor: 'flow' },
  { key: 'residual', anchor: 'flow' },
  { key: 'bnln', anchor: 'normalisation' },
  { key: 'dropout', anchor: 'dropout' },
  { key: 'optimizers', anchor: 'optimizers' },
  { key: 'l1l2', anchor: 'regularisation' },
  { key: 'rnn', page: 'sequence' },
  { key: 'attention', page: 'transformer' },
  { key: 'bert', page: 'transformer' },
  { key: 'tokenizers', page: 'text' },
  { key: 'pooling', page: 'vision' },
  { key: 'int8', page: 'vision' },
];

export function conceptsPage(props: ConceptsPageProps): { element: HTMLElement; dispose: () => void } {
  let state = { ...props.state };
  const getState = () => state;
  const setState = (patch: Partial<ConceptsState>) => {
    state = { ...state, ...patch };
    props.setState(patch);
  };
  const deps = { client: props.client, state: getState, setState };
  const flow = flowSection(deps);
  const norm = normSection(deps);
  const dropout = dropoutSection(deps);
  const race = raceSection(deps);
  const reg = regularisationSection(deps);

  const index = h(
    'nav',
    { class: 'panel topic-index', 'aria-label': t('concepts.indexTitle'), 'data-testid': 'topic-index' },
    h('h2', {}, t('concepts.indexTitle')),
    h(
      'ul',
      {},
      ...TOPICS.map((topic) =>
        h(
          'li',
          {},
          'page' in topic
            ? h('a', { href: props.href(topic.page), 'data-nav': topic.page }, t(`concepts.topic.${topic.key}`))
            : h('a', { href: `#${topic.anchor}`, 'data-topic': topic.key }, t(`concepts.topic.${topic.key}`)),
          h('span', { class: 'muted' }, ' → ', 'page' in topic ? t(`${topic.page}.nav`) : t(`concepts.section.${topic.anchor}`)),
        ),
      ),
    ),
  );
  // In-page anchors scroll without touching the link (the state is in the query).
  index.addEventListener('click', (e) => {
    const a = (e.target as Element).closest<HTMLAnchorElement>('a[data-topic]');
    if (!a) return;
    e.preventDefault();
    document.getElementById(a.getAttribute('href')?.slice(1) ?? '')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });

  const unsubscribe = props.client.onStatus((s) => {
    if (s.state !== 'ready') return;
    void (async () => {
      await flow.setup();
      await norm.setup();
      await race.setup();
      await dropout.setup();
      await reg.setup();
    })();
  });

  const element = h(
    'section',
    { class: 'page page-concepts' },
    h('h1', {}, t('concepts.title')),
    h('p', { class: 'lede' }, t('concepts.intro')),
    index,
    flow.element,
    explainPanel(t('concepts.explain.flowTitle'), 'concepts.explain', ['vanishing', 'saturation', 'init', 'residual']),
    norm.element,
    explainPanel(t('concepts.explain.normTitle'), 'concepts.explain', ['bnln']),
    dropout.element,
    explainPanel(t('concepts.explain.dropTitle'), 'concepts.explain', ['dropout']),
    race.element,
    explainPanel(t('concepts.explain.raceTitle'), 'concepts.explain', ['optimizers']),
    reg.element,
    explainPanel(t('concepts.explain.regTitle'), 'concepts.explain', ['l1l2']),
  );
  return {
    element,
    dispose: () => {
      flow.dispose();
      dropout.dispose();
      reg.dispose();
      unsubscribe();
    },
  };
}
