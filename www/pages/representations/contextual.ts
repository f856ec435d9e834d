// Static against contextual: one word in two sentences. word2vec (trained
// above) has one vector for it wherever it stands; MiniLM, the Transformer
// lab's encoder, gives it a vector per sentence. The view shows the cosine
// of the word's two MiniLM vectors at every depth (the table row, which is
// the same in both by construction, then the embedding layer and each
// encoder layer), the vocabulary tokens nearest each sentence's last
// vector, and word2vec's single list of neighbours beside them.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { Contextual, W2vNeighbourRow } from '../../engine/protocol';
import { t } from '../../i18n';
import { h } from '../../ui/dom';
import { publish } from '../../ui/readings';
import type { RepresentationsState } from './params';
import { MAX_SENTENCE } from './params';

/** Nearest vocabulary tokens listed per sentence. */
const NEAREST = 8;

/** Ready-made pairs: one word, two senses (and one pair in the same sense). */
const PRESETS: readonly { id: 'bank' | 'bankSame' | 'apple' | 'play'; word: string; one: string; two: string }[] = [
  { id: 'bank', word: 'bank', one: 'She sat on the bank of the river.', two: 'He paid the cash into the bank.' },
  { id: 'bankSame', word: 'bank', one: 'He paid the cash into the bank.', two: 'The bank raised its interest rates.' },
  { id: 'apple', word: 'apple', one: 'I ate an apple after lunch.', two: 'Apple sold more phones this year.' },
  { id: 'play', word: 'play', one: 'The children play football after school.', two: 'We saw a play at the theatre.' },
];

export type ContextualProps = {
  client: EngineClient;
  state: () => RepresentationsState;
  setState: (patch: Partial<RepresentationsState>) => void;
  /** word2vec's neighbours of `word`, or null while nothing is trained. */
  staticRow: (word: string) => Promise<W2vNeighbourRow | null>;
};

export function contextualSection(props: ContextualProps): { element: HTMLElement; setReady: (on: boolean) => void; dispose: () => void } {
  const { client } = props;
  const field = (key: 'cs1' | 'cs2' | 'cw', size: number, max: number) => {
    const input = h('input', { id: `ctx-${key}`, type: 'text', value: props.state()[key], maxlength: max, size, 'data-testid': `ctx-${key}` });
    input.addEventListener('change', () => props.setState({ [key]: input.value.slice(0, max) }));
    return input;
  };
  const one = field('cs1', 40, MAX_SENTENCE);
  const two = field('cs2', 40, MAX_SENTENCE);
  const word = field('cw', 10, 20);
  // Enabled once the engine is ready (a request before that is refused).
  let ready = false;
  const run = h('button', { type: 'button', 'data-testid': 'ctx-run', disabled: true }, t('representations.ctx.run'));
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'ctx-status' });
  const out = h('div', { 'data-testid': 'ctx-out' });

  const presets = h(
    'div',
    { class: 'controls presets' },
    h('span', { class: 'muted' }, t('representations.ctx.presets')),
    ...PRESETS.map((preset) => {
      const button = h('button', { type: 'button', 'data-testid': `ctx-preset-${preset.id}` }, t(`representations.ctx.preset.${preset.id}`));
      button.addEventListener('click', () => {
        one.value = preset.one;
        two.value = preset.two;
        word.value = preset.word;
        props.setState({ cs1: preset.one, cs2: preset.two, cw: preset.word });
        if (ready) void compare();
      });
      return button;
    }),
  );

  const ask = latest((sentences: string[], w: string) => client.request({ type: 'contextual', sentences, word: w, k: NEAREST }, (p) => {
    if (p.stage.startsWith('asset:')) status.textContent = t('representations.ctx.downloading', { pct: Math.round((100 * p.loaded) / Math.max(1, p.total)) });
  }).done);

  const depthName = (i: number, n: number) =>
    i === 0 ? t('representations.ctx.depthTable') : i === 1 ? t('representations.ctx.depthEmbedding') : t('representations.ctx.depthLayer', { n: i - 1, of: n - 2 });

  const draw = (c: Contextual, w: string, staticRow: W2vNeighbourRow | null) => {
    const bars = h(
      'table',
      { class: 'results', 'data-testid': 'ctx-depths' },
      h('caption', {}, t('representations.ctx.depthCaption', { word: w })),
      h('thead', {}, h('tr', {}, h('th', {}, t('representations.ctx.depth')), h('th', {}, t('representations.ctx.cosine')))),
      h(
        'tbody',
        {},
        ...c.cosines.map((cos, i) => {
          const meter = h('meter', { min: '0', max: '1', value: String(Math.max(0, cos)), 'aria-hidden': 'true' });
          return h('tr', { 'data-depth': String(i) }, h('th', { scope: 'row' }, depthName(i, c.cosines.length)), h('td', { class: 'mono' }, meter, ` ${cos.toFixed(3)}`));
        }),
      ),
    );
    const side = (i: number) => {
      const s = c.sides[i]!;
      const tokens = h('p', { class: 'mono chips' }, ...s.tokens.map((tok, j) => h('span', { class: s.word.includes(j) ? 'chip active' : /^\[.*\]$/.test(tok) ? 'chip special' : 'chip' }, tok)));
      return h(
        'div',
        { 'data-testid': `ctx-side-${i}` },
        h('h3', {}, t('representations.ctx.sentence', { n: i + 1 })),
        tokens,
        h('p', { class: 'mono', 'data-testid': `ctx-nearest-${i}` }, t('representations.ctx.nearest'), ' ', s.nearest.map(([tok, cos]) => `${tok} ${cos.toFixed(2)}`).join(' · ')),
      );
    };
    const w2v = staticRow === null
      ? h('p', { class: 'muted', 'data-testid': 'ctx-static' }, t('representations.ctx.staticUntrained'))
      : !staticRow.known
        ? h('p', { class: 'muted', 'data-testid': 'ctx-static' }, t('representations.ctx.staticUnknown', { word: w }))
        : h('p', { class: 'mono', 'data-testid': 'ctx-static' }, t('representations.ctx.static', { word: w }), ' ', staticRow.now.map((n) => `${n.token} ${n.cosine.toFixed(2)}`).join(' · '));
    const last = c.cosines[c.cosines.length - 1] ?? NaN;
    // MiniLM's English vocabulary reads most Chinese characters as [UNK]: then both vectors start from the same unknown token.
    const unknown = c.sides.some((s) => s.word.some((j) => s.tokens[j] === '[UNK]'));
    out.dataset.last = String(last);
    out.replaceChildren(
      bars,
      h('p', {}, t('representations.ctx.summary', { word: w, last: last.toFixed(2) })),
      unknown ? h('p', { class: 'notice notice-warn', 'data-testid': 'ctx-unknown' }, t('representations.ctx.unknown', { word: w })) : '',
      h('div', { class: 'charts' }, side(0), side(1)),
      h('h3', {}, t('representations.ctx.staticTitle')),
      w2v,
    );
    publish('representations.context.cosine', last);
  };

  /** Compares asked so far: an answer to an older one is dropped. */
  let asked = 0;
  const compare = async () => {
    const mine = ++asked;
    const sentences = [one.value.trim(), two.value.trim()];
    const w = word.value.trim();
    delete out.dataset.last;
    status.textContent = t('representations.ctx.running');
    try {
      const reply = await ask(sentences, w);
      if (reply === STALE) return;
      const staticRow = await props.staticRow(w);
      if (mine !== asked) return;
      status.textContent = '';
      draw(reply.value, w, staticRow);
    } catch (err) {
      if (mine !== asked) return;
      status.textContent = '';
      out.replaceChildren(h('p', { class: 'notice notice-warn', 'data-testid': 'ctx-refused' }, t('app.error', { message: (err as Error).message })));
    }
  };
  run.addEventListener('click', () => void compare());

  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'ctx' },
    h('h2', {}, t('representations.ctx.title')),
    h('p', { class: 'muted' }, t('representations.ctx.help')),
    presets,
    h(
      'div',
      { class: 'controls' },
      h('label', { class: 'field', for: 'ctx-cs1' }, t('representations.ctx.sentence', { n: 1 }), one),
      h('label', { class: 'field', for: 'ctx-cs2' }, t('representations.ctx.sentence', { n: 2 }), two),
      h('label', { class: 'field', for: 'ctx-cw' }, t('representations.ctx.word'), word),
      run,
    ),
    status,
    out,
  );
  return {
    element,
    setReady: (on: boolean) => {
      ready = on;
      run.disabled = !on;
    },
    dispose: () => ask.reset(),
  };
}
