// The Concepts lab: the classic questions about training deep nets, each an
// experiment that trains live in the engine worker: gradient flow through
// a deep net (the centrepiece), BatchNorm versus LayerNorm, dropout,
// optimizers racing on loss surfaces, and L1 versus L2; with the page's
// contents and a link to the interview questions its experiments answer
// (the Questions page, filtered to this lab).
import type { EngineClient } from '../../engine/client';
import { t, type KeySuffix } from '../../i18n';
import type { ConceptsState } from './params';
import { h } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { dropoutSection } from './dropout';
import { flowSection } from './flow';
import { normSection } from './norm';
import { raceSection } from './race';
import { regularisationSection } from './regularisation';
import { scrollBehaviour } from '../../ui/motion';

export type ConceptsPageProps = {
  client: EngineClient;
  state: ConceptsState;
  setState: (patch: Partial<ConceptsState>) => void;
  /** A link to another page (by id). */
  href: (page: string) => string;
};

/** The page's sections, in order, for the contents list. */
const SECTIONS: readonly KeySuffix<'concepts.section.'>[] = ['flow', 'normalisation', 'dropout', 'optimizers', 'regularisation'];

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

  // The classic questions these experiments answer live on the Questions
  // page (filtered to this lab); here, the contents of the page.
  const index = h(
    'nav',
    { class: 'panel topic-index', 'aria-label': t('concepts.indexTitle'), 'data-testid': 'topic-index' },
    h('h2', {}, t('concepts.indexTitle')),
    h('p', {}, h('a', { href: `${props.href('questions')}&lab=concepts`, 'data-testid': 'concepts-questions' }, t('concepts.questionsLink'))),
    h('ul', {}, ...SECTIONS.map((section) => h('li', {}, h('a', { href: `#${section}`, 'data-topic': section }, t(`concepts.section.${section}`))))),
  );
  // In-page anchors scroll without touching the link (the state is in the query).
  index.addEventListener('click', (e) => {
    const a = (e.target as Element).closest<HTMLAnchorElement>('a[data-topic]');
    if (!a) return;
    e.preventDefault();
    document.getElementById(a.getAttribute('href')?.slice(1) ?? '')?.scrollIntoView({ behavior: scrollBehaviour(), block: 'start' });
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
