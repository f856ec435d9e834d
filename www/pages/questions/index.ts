// The Questions page: classic deep-learning interview questions in English
// and 简体中文, grouped, searchable in both languages, each with a short
// answer and a guided run: steps that open a lab in the state that shows
// the answer (each step is itself a link), some asking for a prediction
// first. Progress stays on this device.
import { getLang, t } from '../../i18n';
import { h } from '../../ui/dom';
import { GROUPS, QUESTIONS } from './bank';
import { GUIDE_KEYS, guideBar, showValue, stepKey, stepLink } from './guide';
import { MEASURES } from './measures';
import type { QuestionsState } from './params';
import { loadProgress, progressFile, saveProgress } from './progress';
import { matches } from './search';
import type { Question, Step, Text } from './types';

export { GUIDE_KEYS, guideBar };

export type QuestionsPageProps = {
  state: QuestionsState;
  setState: (patch: Partial<QuestionsState>) => void;
  /** A link to another page, keeping the language and backend. */
  href: (page: string) => string;
};

export function questionsPage(props: QuestionsPageProps): { element: HTMLElement; dispose: () => void } {
  let state = { ...props.state };
  const setState = (patch: Partial<QuestionsState>) => {
    state = { ...state, ...patch };
    props.setState(patch);
  };
  const lang = getLang();
  const say = (text: Text) => text[lang];
  const progress = loadProgress();
  const notice = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'questions-notice' });
  const count = h('p', { class: 'muted', 'data-testid': 'questions-count' });
  const save = () => {
    if (!saveProgress(progress)) notice.textContent = t('questions.notSaved');
    count.textContent = t('questions.progress', { done: progress.done.size, total: QUESTIONS.length });
  };

  const search = h('input', { id: 'questions-find', type: 'search', value: state.find, maxlength: 60, size: 28, placeholder: t('questions.findHint'), 'data-testid': 'questions-find' });
  const none = h('p', { class: 'muted', hidden: true, 'data-testid': 'questions-none' }, t('questions.none'));
  const showAll = h('button', { type: 'button', 'data-testid': 'questions-all' }, t('questions.showAll'));
  const labFilter = h('p', { class: 'notice notice-info', hidden: state.lab === '', 'data-testid': 'questions-lab' }, state.lab ? t('questions.forLab', { lab: t(`${state.lab}.nav`) }) : '', ' ', showAll);
  showAll.addEventListener('click', () => {
    setState({ lab: '' });
    labFilter.hidden = true;
    filter();
  });

  const stepView = (q: Question, step: Step, i: number) => {
    const key = stepKey(q, i);
    const items: HTMLElement[] = [h('p', {}, say(step.look))];
    if (step.predict) {
      const chosen = progress.predictions[key];
      const choices = step.predict.choices.map((choice, c) => {
        const input = h('input', { type: 'radio', name: `predict-${key}`, value: String(c), checked: chosen === c });
        input.addEventListener('change', () => {
          progress.predictions[key] = c;
          save();
        });
        return h('label', { class: 'choice' }, input, ` ${say(choice)}`);
      });
      items.unshift(h('fieldset', { class: 'predict' }, h('legend', {}, `${t('questions.predict')} ${say(step.predict.ask)}`), ...choices));
      const measured = progress.measured[key];
      const measure = MEASURES[key];
      if (measured && measure) {
        const picked = step.predict.choices[measured.choice];
        items.push(h('p', { class: 'muted', 'data-testid': 'questions-measured' }, t('questions.measuredLast', { what: say(measure.what), value: showValue(measure, measured.value), choice: picked ? say(picked) : '?' })));
      }
    }
    items.push(h('a', { class: 'button', href: stepLink(props.href, q, i), 'data-testid': 'questions-step-link', 'data-step-lab': step.lab }, `${t('questions.open', { lab: t(`${step.lab}.nav`) })} →`));
    return h('li', { class: 'step' }, ...items);
  };

  const questionView = (q: Question) => {
    const done = h('input', { type: 'checkbox', checked: progress.done.has(q.id) });
    done.addEventListener('change', () => {
      if (done.checked) progress.done.add(q.id);
      else progress.done.delete(q.id);
      save();
    });
    const body = h(
      'div',
      { class: 'question-body' },
      h('p', { class: 'answer' }, say(q.answer)),
      q.coming
        ? h('p', { class: 'tag' }, t('questions.coming'))
        : h('div', {}, h('h4', {}, t('questions.run')), h('ol', { class: 'steps' }, ...q.steps.map((s, i) => stepView(q, s, i)))),
      h('label', { class: 'field-inline' }, done, ` ${t('questions.done')}`),
    );
    const details = h('details', { class: 'question', id: `q-${q.id}`, 'data-question': q.id, open: state.q === q.id }, h('summary', {}, say(q.title)), body);
    details.addEventListener('toggle', () => {
      if (details.open) setState({ q: q.id });
      else if (state.q === q.id) setState({ q: '' });
    });
    return details;
  };

  const sections = GROUPS.map((group) => {
    const items = QUESTIONS.filter((q) => q.group === group).map((q) => ({ q, view: questionView(q) }));
    const section = h('section', { class: 'panel', 'data-group': group }, h('h2', {}, t(`questions.group.${group}`)), ...items.map((i) => i.view));
    return { section, items };
  });

  const filter = () => {
    let shown = 0;
    for (const { section, items } of sections) {
      let any = false;
      for (const { q, view } of items) {
        const hit = matches(q, state.find) && (state.lab === '' || q.steps.some((s) => s.lab === state.lab));
        view.hidden = !hit;
        any ||= hit;
        if (hit) shown++;
      }
      section.hidden = !any;
    }
    none.hidden = shown > 0;
    search.dataset.shown = String(shown);
  };
  search.addEventListener('input', () => {
    setState({ find: search.value.slice(0, 60) });
    filter();
  });

  const exportButton = h('button', { type: 'button', 'data-testid': 'questions-export' }, t('questions.export'));
  exportButton.addEventListener('click', () => {
    const a = h('a', { href: URL.createObjectURL(progressFile(progress)), download: `kindling-questions-${new Date().toISOString().slice(0, 10)}.json` });
    a.click();
    URL.revokeObjectURL(a.href);
  });

  filter();
  save();
  const element = h(
    'section',
    { class: 'page page-questions' },
    h('h1', {}, t('questions.title')),
    h('p', { class: 'lede' }, t('questions.intro')),
    h('div', { class: 'controls' }, h('label', { class: 'field', for: 'questions-find' }, t('questions.find'), search), exportButton),
    count,
    notice,
    labFilter,
    none,
    ...sections.map((s) => s.section),
  );
  if (state.q) queueMicrotask(() => document.getElementById(`q-${state.q}`)?.scrollIntoView());
  return { element, dispose: () => {} };
}
