// Writing: the trained GPT continues a prompt one token at a time, streamed
// from the worker. Beside the text, the ten likeliest next tokens of the
// step in view (the newest while writing, or any written token clicked):
// the model's probability, what the temperature made of it, which ones
// top-k and top-p kept, and the renormalised probability the token was
// drawn with.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { Drawn } from '../../engine/protocol';
import { say, t } from '../../i18n';
import { h } from '../../ui/dom';
import { check, select } from '../../ui/knobs';
import { MAX_PROMPT, type GptState } from './params';

/** A token as the bars print it: spaces and line breaks made visible. */
export const shown = (text: string) => text.replace(/\n/g, '↵').replace(/ /g, '␣');

/** `bar` as wide as `share` of its track (through the CSSOM: the page's
 * content security policy refuses style attributes). */
function width(bar: HTMLElement, share: number): HTMLElement {
  bar.style.width = `${(100 * share).toFixed(1)}%`;
  return bar;
}

export type WritePanel = {
  element: HTMLElement;
  /** Write again (after training moved on). */
  refresh: () => Promise<void>;
  setReady: (ready: boolean) => void;
};

export function writePanel(props: { client: EngineClient; state: () => GptState; setState: (patch: Partial<GptState>) => void }): WritePanel {
  const { client } = props;
  let ready = false;
  let draws = 0;
  /** Bumped by every sample asked for. */
  let writing = 0;
  let steps: Drawn[] = [];
  let picked: number | null = null;
  const output = h('div', { class: 'gpt-output', 'data-testid': 'gpt-sample', 'aria-live': 'polite' });
  const bars = h('div', { class: 'gpt-bars', 'data-testid': 'gpt-bars' });
  const notes = h('div', { 'aria-live': 'polite', 'data-testid': 'gpt-sample-notes' });
  const speed = h('p', { class: 'mono muted', 'data-testid': 'gpt-sample-speed' });
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'generate', disabled: true }, t('gpt.write'));

  const showBars = (index: number) => {
    const step = steps[index];
    for (const el of output.children) (el as HTMLElement).classList.toggle('picked', Number((el as HTMLElement).dataset.step) === index);
    if (!step || step.top.length === 0) {
      bars.replaceChildren(h('p', { class: 'muted' }, step ? t('gpt.bars.prompt') : t('gpt.bars.none')));
      return;
    }
    const rows = step.top.map((c) => {
      const chosen = c.text === step.text;
      return h(
        'div',
        { class: `gpt-bar${c.kept ? '' : ' dropped'}${chosen ? ' chosen' : ''}`, 'data-kept': String(c.kept) },
        h('span', { class: 'gpt-bar-token mono' }, shown(c.text)),
        h(
          'span',
          { class: 'gpt-bar-track', title: t('gpt.bars.title', { p: (100 * c.p).toFixed(1), tempered: (100 * c.tempered).toFixed(1), drawn: (100 * c.drawnWith).toFixed(1) }) },
          width(h('span', { class: 'gpt-bar-tempered' }), c.tempered),
          width(h('span', { class: 'gpt-bar-drawn' }), c.drawnWith),
        ),
        h('span', { class: 'gpt-bar-value mono' }, `${(100 * c.p).toFixed(1)}% → ${(100 * c.drawnWith).toFixed(1)}%`),
      );
    });
    bars.replaceChildren(
      h('p', { class: 'muted' }, step.forced ? t('gpt.bars.forced', { token: shown(step.text) }) : t('gpt.bars.step', { n: index + 1, token: shown(step.text) })),
      ...rows,
      h('p', { class: 'muted', 'data-testid': 'gpt-kept' }, t('gpt.bars.kept', { kept: step.kept.toLocaleString(), mass: (100 * step.keptMass).toFixed(1) })),
      h('p', { class: 'muted small' }, t('gpt.bars.legend')),
    );
  };
  output.addEventListener('click', (e) => {
    const target = (e.target as HTMLElement).closest<HTMLElement>('[data-step]');
    if (!target) return;
    picked = Number(target.dataset.step);
    showBars(picked);
  });
  const append = (tokens: readonly Drawn[]) => {
    for (const step of tokens) {
      const index = steps.length;
      steps.push(step);
      output.append(
        h(
          'span',
          { class: `gpt-token${step.forced ? ' forced' : ''}`, 'data-step': String(index), role: 'button', tabindex: 0, title: t('gpt.bars.click') },
          step.text === '\n' ? '\n' : step.text,
        ),
      );
    }
    output.dataset.tokens = String(steps.length);
    output.dataset.pieces = String(Number(output.dataset.pieces ?? 0) + 1);
    if (picked === null && steps.length) showBars(steps.length - 1);
  };

  const knobs = h('div', { class: 'controls' });
  const renderKnobs = () => {
    const state = props.state();
    const prompt = h('input', { id: 'g-prompt', type: 'text', maxlength: MAX_PROMPT, value: state.prompt, 'data-knob': 'prompt', placeholder: t('gpt.promptHint') });
    prompt.addEventListener('change', () => props.setState({ prompt: prompt.value.slice(0, MAX_PROMPT) }));
    const temp = h('input', { id: 'g-temp', type: 'range', min: 0, max: 2, step: 0.05, value: String(Math.min(2, state.temp)), 'data-knob': 'temp' });
    const tempValue = h('output', { for: 'g-temp', class: 'mono' }, state.temp.toFixed(2));
    temp.addEventListener('input', () => (tempValue.textContent = Number(temp.value).toFixed(2)));
    temp.addEventListener('change', () => props.setState({ temp: Number(temp.value) }));
    const onChange = (patch: Partial<GptState>) => {
      props.setState(patch);
      renderKnobs();
    };
    knobs.replaceChildren(
      h('label', { class: 'field', for: 'g-prompt' }, t('gpt.prompt'), prompt),
      check(state, 'acrostic', t('gpt.acrostic'), onChange, 'g'),
      h('label', { class: 'field', for: 'g-temp' }, t('gpt.temperature'), h('span', { class: 'range' }, temp, tempValue)),
      select(state, 'topK', [0, 1, 5, 10, 20, 50], t('gpt.topK'), onChange, (v) => (v === 0 ? t('gpt.off') : String(v)), 'g'),
      select(state, 'topP', [0.5, 0.8, 0.9, 0.95, 1], t('gpt.topP'), onChange, (v) => (v === 1 ? t('gpt.off') : String(v)), 'g'),
      select(state, 'len', [24, 48, 120, 400, 1000], t('gpt.length'), onChange, String, 'g'),
      button,
    );
  };
  renderKnobs();

  // One sample at a time; a newer one makes the older stale.
  const write = latest(() => {
    const state = props.state();
    steps = [];
    picked = null;
    output.replaceChildren();
    delete output.dataset.tokens;
    delete output.dataset.pieces;
    delete output.dataset.done;
    bars.replaceChildren();
    notes.replaceChildren();
    speed.textContent = '';
    const sample = {
      prompt: state.prompt,
      acrostic: state.acrostic,
      temperature: state.temp,
      topK: state.topK,
      topP: state.topP,
      length: state.len,
      seed: state.seed + draws++,
    };
    const mine = ++writing;
    // Tokens of a sample a newer one replaced are dropped.
    return client.request({ type: 'gptSample', sample }, undefined, undefined, (tokens) => {
      if (mine === writing) append(tokens);
    });
  });
  const refresh = async () => {
    if (!ready) return;
    button.disabled = true;
    try {
      const reply = await write();
      if (reply === STALE) return;
      const s = reply.value;
      output.dataset.done = 'true';
      speed.textContent = t('gpt.sampleSpeed', { n: s.written, tps: s.tokensPerSecond.toFixed(1) });
      notes.replaceChildren(...s.notices.map((n) => h('p', { class: 'notice notice-info', 'data-code': n.code }, say(n))));
    } catch (err) {
      notes.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: (err as Error).message })));
    } finally {
      button.disabled = !ready;
    }
  };
  button.addEventListener('click', () => void refresh());

  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('gpt.writeTitle')),
    h('p', { class: 'muted' }, t('gpt.writeIntro')),
    knobs,
    notes,
    h('div', { class: 'gpt-write' }, output, bars),
    speed,
  );
  return {
    element,
    refresh,
    setReady: (on) => {
      ready = on;
      button.disabled = !on;
      if (!on) {
        steps = [];
        output.replaceChildren();
        bars.replaceChildren();
        speed.textContent = '';
      }
    },
  };
}
