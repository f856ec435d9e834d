// BpeTrainer: train a byte-level BPE in the worker on a corpus, then walk
// through its merges with a slider or one step at a time, and see the
// learner's text re-cut at the chosen merge.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { Merge, Tokenization } from '../../engine/protocol';
import { t } from '../../i18n';
import type { TextState } from './params';
import { h, replace } from '../../ui/dom';
import { publish } from '../../ui/readings';
import { CORPORA } from './samples';
import { visible } from './visible';

/** Merges learned per training run; the slider walks through them. */
const TRAIN_MERGES = 1000;
/** Merges listed on the page (the list scrolls). */
const LISTED = 300;

export type BpeTrainerProps = {
  client: EngineClient;
  state: TextState;
  text: () => string;
  setState: (patch: Partial<TextState>) => void;
};

export function bpeTrainer(props: BpeTrainerProps): { element: HTMLElement; retokenize: () => void; dispose: () => void } {
  const { client } = props;
  let merges: Merge[] = [];
  let upto = props.state.merges;

  const corpus = h('select', { id: 'bpe-corpus' });
  for (const value of ['zh', 'en', 'text'] as const) {
    corpus.append(h('option', { value, selected: value === props.state.corpus }, t(`text.bpe.corpus.${value}`)));
  }
  const slider = h('input', { type: 'range', id: 'bpe-merges', min: 0, max: TRAIN_MERGES, value: upto, 'data-testid': 'bpe-slider' });
  const sliderValue = h('output', { for: 'bpe-merges', 'data-testid': 'bpe-upto' }, String(upto));
  const train = h('button', { type: 'button', class: 'primary', 'data-testid': 'bpe-train' }, t('text.bpe.train'));
  const step = h('button', { type: 'button', 'data-testid': 'bpe-step' }, t('text.bpe.step'));
  const status = h('p', { class: 'muted', 'data-testid': 'bpe-status' });
  const why = h('p', { class: 'bpe-why', 'data-testid': 'bpe-why', 'aria-live': 'polite' });
  // It scrolls: focusable so a keyboard can scroll it too.
  const list = h('ol', { class: 'merge-list', 'data-testid': 'bpe-list', tabindex: 0, 'aria-label': t('text.bpe.list') });
  const resultHead = h('h3', { 'data-testid': 'bpe-result-head' });
  const result = h('div', { class: 'chips', 'data-testid': 'bpe-result' });

  /** The two parts of a merge: bytes, or symbols of earlier merges. */
  const pairText = (m: Merge) => {
    const symbol = (id: number) => (id < 256 ? byteText(id) : visible(merges[id - 256]?.text ?? '?'));
    return [symbol(m.pair[0]), symbol(m.pair[1])] as const;
  };

  const explain = () => {
    const m = merges[upto - 1];
    if (!m) {
      why.textContent = '';
      return;
    }
    const [left, right] = pairText(m);
    const next = m.runnersUp.length
      ? t('text.bpe.next', { pairs: m.runnersUp.map(([text, count]) => `“${visible(text)}” ${count}`).join(', ') })
      : '';
    why.textContent = t('text.bpe.why', { n: upto, left, right, text: visible(m.text), count: m.count, next });
    // What the merge joins: 2 when both parts are letters, 1 when one is (the other a space or a byte).
    publish('text.bpe.letters', [left, right].filter((part) => /^\p{L}+$/u.test(part)).length);
    for (const item of list.children) item.classList.toggle('current', Number((item as HTMLElement).dataset.n) === upto);
  };

  // The slider moves faster than the engine answers: the newest position wins.
  const encode = latest((text: string, n: number) => client.request({ type: 'encodeBpe', text, upto: n }).done);
  const retokenize = () => {
    if (merges.length === 0) return;
    void encode(props.text(), upto).then(
      (reply) => {
        if (reply !== STALE) showResult(reply.value);
      },
      (err: Error) => (resultHead.textContent = t('app.error', { message: err.message })),
    );
  };

  const showResult = (tokens: Tokenization) => {
    resultHead.textContent = t('text.bpe.result', { n: upto, count: tokens.tokens.length });
    replace(
      result,
      ...tokens.tokens.slice(0, 1500).map((token, i) =>
        h('span', { class: `chip c${i % 6}`, title: token.id === null ? '' : String(token.id) }, visible(token.text)),
      ),
    );
  };

  const setUpto = (n: number) => {
    upto = Math.max(0, Math.min(n, merges.length));
    slider.value = String(upto);
    sliderValue.textContent = String(upto);
    props.setState({ merges: upto });
    explain();
    retokenize();
  };

  // Training again before the last one answered (another corpus): only the
  // newest is shown.
  const trainOn = latest((text: string) => client.request({ type: 'trainBpe', corpus: text, merges: TRAIN_MERGES }).done);
  const runTraining = async () => {
    const which = corpus.value as TextState['corpus'];
    const text = which === 'text' ? props.text() : CORPORA[which];
    train.disabled = true;
    try {
      const reply = await trainOn(text);
      if (reply === STALE) return;
      train.disabled = false;
      merges = reply.value;
      status.textContent = t('text.bpe.trainedOn', { bytes: new TextEncoder().encode(text).length, merges: merges.length });
      slider.max = String(merges.length);
      replace(
        list,
        ...merges.slice(0, LISTED).map((m, i) => {
          const [left, right] = pairText(m);
          return h('li', { 'data-n': i + 1 }, h('code', {}, `${left} + ${right} → ${visible(m.text)}`), h('span', { class: 'muted' }, ` ×${m.count}`));
        }),
      );
      setUpto(Math.min(upto, merges.length));
    } catch (err) {
      train.disabled = false;
      status.textContent = t('app.error', { message: (err as Error).message });
    }
  };

  train.addEventListener('click', () => void runTraining());
  corpus.addEventListener('change', () => {
    props.setState({ corpus: corpus.value as TextState['corpus'] });
    void runTraining();
  });
  slider.addEventListener('input', () => setUpto(Number(slider.value)));
  step.addEventListener('click', () => setUpto(upto + 1));

  // Train as soon as the engine is up, so the view is never empty.
  const unsubscribe = client.onStatus((s) => {
    if (s.state === 'ready' && merges.length === 0) {
      queueMicrotask(() => unsubscribe());
      void runTraining();
    }
  });

  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'bpe' },
    h('h2', {}, t('text.bpe.title')),
    h('p', {}, t('text.bpe.intro')),
    h(
      'div',
      { class: 'controls' },
      h('div', { class: 'field' }, h('label', { for: 'bpe-corpus' }, t('text.bpe.corpus')), corpus),
      train,
      h('div', { class: 'field slider' }, h('label', { for: 'bpe-merges' }, t('text.bpe.merges')), h('div', { class: 'slider-row' }, slider, sliderValue)),
      step,
    ),
    status,
    why,
    h('div', { class: 'bpe-columns' }, h('div', {}, resultHead, result), h('div', {}, h('h3', {}, t('text.bpe.list')), list)),
  );
  return {
    element,
    retokenize,
    dispose: () => {
      unsubscribe();
      encode.reset();
      trainOn.reset();
    },
  };
}

function byteText(byte: number): string {
  if (byte >= 0x21 && byte < 0x7f) return String.fromCharCode(byte);
  if (byte === 0x20) return '·';
  return `<${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
}
