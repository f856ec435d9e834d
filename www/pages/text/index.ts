// The Text lab: the learner's text, cut by real tokenizers side by side
// (TokenRows), what it costs under each (Summary), a BPE they train
// themselves (BpeTrainer), and how it all works (explanations).
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { Token, TokenizerId, TokenRow } from '../../engine/protocol';
import { t } from '../../i18n';
import { MAX_LINK_TEXT } from '../../state/common';
import { TOKENIZERS, type TextState, type TokenizerName } from './params';
import { h } from '../../ui/dom';
import { explainPanel } from '../../ui/explain';
import { publish } from '../../ui/readings';
import { bpeTrainer } from './bpe-trainer';
import { SAMPLES, ZH_NAME } from './samples';
import { summary } from './summary';
import { MAX_DRAWN, tokenRows } from './token-rows';

/** Characters tokenized at most; longer text is cut with a message. */
export const MAX_CHARS = 100_000;
/** Quiet time after a keystroke before tokenizing. */
const DEBOUNCE_MS = 120;

export type TextPageProps = {
  client: EngineClient;
  state: TextState;
  setState: (patch: Partial<TextState>) => void;
};

function engineIds(names: readonly TokenizerName[], hmm: boolean): TokenizerId[] {
  return names.map((name) => (name === 'jieba' && hmm ? 'jiebaHmm' : name));
}

/** The tokens of `row` that cover part of the UTF-16 span [start, end). */
function tokensOver(row: TokenRow, start: number, end: number): Token[] {
  return (row.tokenization?.tokens ?? []).filter((token) => !token.special && token.start < end && token.end > start);
}

/**
 * What the guided runs read off the rows, as a learner would by hovering:
 * how jieba cuts the Chinese sample's name (the characters of its token
 * that starts at the name; 0 when none does), and how many GPT-2 tokens
 * the text's first indentation takes.
 */
function publishCuts(result: readonly TokenRow[], text: string): void {
  const name = text.indexOf(ZH_NAME);
  const indent = /\n( +)/.exec(text);
  for (const row of result) {
    if ((row.tokenizer === 'jieba' || row.tokenizer === 'jiebaHmm') && name >= 0) {
      const word = row.tokenization?.tokens.find((token) => token.start === name);
      publish('text.jieba.name', word ? [...word.text].length : 0);
    }
    if (row.tokenizer === 'r50kBase' && indent) {
      const start = indent.index + 1;
      publish('text.indent.r50kBase', tokensOver(row, start, start + (indent[1] ?? '').length).length);
    }
  }
}

export function textPage(props: TextPageProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;
  let state = { ...props.state };
  const setState = (patch: Partial<TextState>) => {
    state = { ...state, ...patch };
    props.setState(patch);
  };
  const currentText = () => (state.text === '' ? SAMPLES[state.sample] : state.text);

  // Input.
  const input = h('textarea', { id: 'text-input', rows: 4, spellcheck: false, 'data-testid': 'text-input' });
  input.value = currentText();
  const counts = h('p', { class: 'muted', 'data-testid': 'text-counts' });
  const warnings = h('div', { class: 'text-warnings', 'aria-live': 'polite', 'data-testid': 'text-warnings' });
  const samples = h(
    'div',
    { class: 'samples', role: 'group', 'aria-label': t('input.samples') },
    h('span', { class: 'muted' }, t('input.samples')),
    ...(['zh', 'en', 'code', 'emoji'] as const).map((sample) => {
      const button = h('button', { type: 'button', class: 'small', 'data-sample': sample }, t(`text.sample.${sample}`));
      button.addEventListener('click', () => {
        input.value = SAMPLES[sample];
        setState({ sample, text: '' });
        schedule(true);
      });
      return button;
    }),
  );

  // Which tokenizers.
  const checks = h('fieldset', { class: 'tokenizer-choice' }, h('legend', {}, t('text.tokenizers')));
  for (const name of TOKENIZERS) {
    const box = h('input', { type: 'checkbox', id: `tok-${name}`, checked: state.tok.includes(name), 'data-tok': name });
    box.addEventListener('change', () => {
      const chosen = TOKENIZERS.filter((n) => (n === name ? box.checked : state.tok.includes(n)));
      setState({ tok: chosen });
      schedule(true);
    });
    checks.append(h('label', { for: `tok-${name}`, class: 'check' }, box, t(`text.tok.${name}`)));
  }
  const hmm = h('input', { type: 'checkbox', id: 'tok-hmm', checked: state.hmm });
  hmm.addEventListener('change', () => {
    setState({ hmm: hmm.checked });
    schedule(true);
  });
  checks.append(h('label', { for: 'tok-hmm', class: 'check' }, hmm, t('text.hmm')));

  const rows = tokenRows();
  const costs = summary();
  const status = h('p', { class: 'muted', 'data-testid': 'text-status' });

  // Tokenize the latest text after a quiet moment. One request at a time:
  // keystrokes that arrive meanwhile are coalesced into one more run when it
  // answers (so typing fast never queues work, and a vocabulary is never
  // fetched twice at once); see engine/latest.ts.
  const tokenize = latest(
    () => {
      const raw = input.value;
      const wellFormed = raw.toWellFormed();
      const text = wellFormed.length > MAX_CHARS ? wellFormed.slice(0, MAX_CHARS) : wellFormed;
      const bytes = new TextEncoder().encode(raw).length;
      counts.textContent = t('input.count', { chars: [...raw].length, bytes });
      const notes: string[] = [];
      if (wellFormed !== raw) notes.push(t('input.surrogates'));
      if (wellFormed.length > MAX_CHARS) notes.push(t('text.tooLong', { max: MAX_CHARS.toLocaleString(), chars: wellFormed.length.toLocaleString() }));
      if (raw.length > MAX_LINK_TEXT) notes.push(t('input.notInLink', { max: MAX_LINK_TEXT.toLocaleString() }));
      warnings.replaceChildren(...notes.map((note) => h('p', { class: 'notice notice-warn' }, note)));
      const idle = () => (status.textContent = text === '' ? t('text.empty') : '');
      idle();
      const job = client.request(
        { type: 'tokenize', text, tokenizers: engineIds(state.tok, state.hmm), maxTokens: MAX_DRAWN },
        (p) => {
          if (p.stage.startsWith('asset:')) {
            const name = p.stage.slice('asset:'.length).split('/').pop() ?? '';
            status.textContent = `${t('text.loading', { name })} ${Math.round((100 * p.loaded) / Math.max(p.total, 1))}%`;
          }
        },
      );
      trainer.retokenize();
      return job.done.then((reply) => {
        idle();
        return reply;
      });
    },
    { delayMs: DEBOUNCE_MS },
  );
  /** Tokenize again, after a quiet moment or (`now`) at once. */
  const schedule = (now = false) => {
    void (now ? tokenize.now() : tokenize()).then(
      (reply) => {
        if (reply !== STALE) show(reply.value);
      },
      (err: Error) => {
        status.textContent = t('app.error', { message: err.message });
      },
    );
  };
  const show = (result: readonly TokenRow[]) => {
    rows.show(result);
    costs.show(result);
    publishCuts(result, input.value.toWellFormed().slice(0, MAX_CHARS));
  };
  input.addEventListener('input', () => {
    setState({ text: input.value.length > MAX_LINK_TEXT ? '' : input.value });
    schedule();
  });

  const trainer = bpeTrainer({ client, state, text: () => input.value.toWellFormed().slice(0, MAX_CHARS), setState });

  const unsubscribe = client.onStatus((s) => {
    if (s.state === 'ready') schedule(true);
  });

  const explain = explainPanel(t('text.explain.title'), 'text.explain', ['bpe', 'bytebpe', 'wordpiece', 'segment', 'cost']);

  const element = h(
    'section',
    { class: 'page page-text' },
    h('h1', {}, t('text.title')),
    h('p', { class: 'lede' }, t('text.intro')),
    h(
      'div',
      { class: 'panel' },
      h('label', { for: 'text-input', class: 'field-label' }, t('text.input')),
      input,
      h('div', { class: 'input-foot' }, counts, samples),
      warnings,
      checks,
      status,
    ),
    rows.element,
    costs.element,
    trainer.element,
    explain,
  );
  return {
    element,
    dispose: () => {
      tokenize.reset();
      unsubscribe();
      trainer.dispose();
    },
  };
}
