// Sampling: the trained network writes text one character at a time, shown
// as it streams from the worker. A prefix is read first (or, in acrostic
// mode, starts each line), and the temperature decides how adventurous the
// draws are.
import type { EngineClient } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { RunInfo } from '../../engine/protocol';
import { say, t } from '../../i18n';
import { MAX_PREFIX, type SequenceState } from './params';
import { h } from '../../ui/dom';
import { check, select } from '../../ui/knobs';

export type SamplePanel = {
  element: HTMLElement;
  /**
   * Generate again with every run. With `trained` (the network was paused
   * after training), a sample being written from older weights is replaced.
   */
  refresh: (trained?: boolean) => Promise<void>;
  /** A new experiment: forget the old samples. */
  reset: (runs: readonly RunInfo[]) => void;
};

export function samplePanel(props: {
  client: EngineClient;
  state: () => SequenceState;
  setState: (patch: Partial<SequenceState>) => void;
}): SamplePanel {
  const { client } = props;
  let runs: readonly RunInfo[] = [];
  let draws = 0;
  const outputs = h('div', { class: 'samples' });
  const notes = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'generate', disabled: true }, t('sequence.generate'));

  const knobs = h('div', { class: 'controls' });
  const renderKnobs = () => {
    const state = props.state();
    const prefix = h('input', { id: 's-prefix', type: 'text', maxlength: MAX_PREFIX, value: state.prefix, 'data-knob': 'prefix', placeholder: t('sequence.prefixHint') });
    prefix.addEventListener('change', () => props.setState({ prefix: prefix.value.slice(0, MAX_PREFIX) }));
    const temp = h('input', { id: 's-temp', type: 'range', min: 0, max: 2, step: 0.05, value: String(Math.min(2, state.temp)), 'data-knob': 'temp' });
    const tempValue = h('output', { for: 's-temp', class: 'mono' }, state.temp.toFixed(2));
    temp.addEventListener('input', () => (tempValue.textContent = Number(temp.value).toFixed(2)));
    temp.addEventListener('change', () => props.setState({ temp: Number(temp.value) }));
    const onChange = (patch: Partial<SequenceState>) => {
      props.setState(patch);
      renderKnobs();
    };
    knobs.replaceChildren(
      h('label', { class: 'field', for: 's-prefix' }, t('sequence.prefix'), prefix),
      check(state, 'acrostic', t('sequence.acrostic'), onChange, 's'),
      h('label', { class: 'field', for: 's-temp' }, t('sequence.temperature'), h('span', { class: 'range' }, temp, tempValue)),
      select(state, 'len', [24, 48, 120, 400, 1000], t('sequence.length'), onChange, String, 's'),
      button,
    );
  };
  renderKnobs();

  const generate = async () => {
    const state = props.state();
    const seed = state.seed + draws++;
    notes.replaceChildren();
    button.disabled = true;
    const blocks = runs.map((run) => h('pre', { class: 'sample', 'data-testid': 'sample-text', 'data-cell': run.cell, 'aria-live': 'polite' }));
    outputs.replaceChildren(...runs.map((run, i) => h('figure', { class: 'sample-figure' }, h('figcaption', {}, t(`sequence.cell.${run.cell}`)), blocks[i] as HTMLElement)));
    /** A reset (a new network) came: this sample stops and leaves the page alone. */
    let stale = false;
    try {
      for (const [i, block] of blocks.entries()) {
        block.dataset.state = 'streaming';
        block.dataset.chunks = '0';
        const reply = await sampler.guard(
          client.request(
            { type: 'sequenceSample', run: i, sample: { prefix: state.prefix, acrostic: state.acrostic, temperature: state.temp, length: state.len, seed } },
            undefined,
            (chunk) => {
              block.textContent += chunk;
              block.dataset.chunks = String(Number(block.dataset.chunks) + 1);
            },
          ).done,
        );
        if (reply === STALE) {
          stale = true;
          return;
        }
        block.textContent = reply.value.text;
        block.dataset.state = 'done';
        block.dataset.cps = String(reply.value.charsPerSecond);
        if (i === 0 && reply.value.notices.length) {
          notes.replaceChildren(...reply.value.notices.map((n) => h('p', { class: 'notice notice-info', 'data-testid': 'sample-notice', 'data-code': n.code }, say(n))));
        }
      }
    } catch (err) {
      notes.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: (err as Error).message })));
    } finally {
      if (!stale) button.disabled = runs.length === 0;
    }
  };
  /** Bumped when the network a sample is wanted from has trained since the last one began. */
  let weights = 0;
  // One sample at a time: asking while one is being written waits for that
  // one, unless the network has trained since it began (a sample written
  // from the weights of a minute ago is not the paused network's); a reset
  // makes it stop (engine/latest.ts).
  const sampler = latest((_weights: number) => generate(), { key: (w) => `sample:${w}` });

  const refresh = async (trained = false) => {
    if (runs.length === 0) return;
    if (trained) weights++;
    await sampler(weights);
  };
  button.addEventListener('click', () => void refresh());

  return {
    element: h(
      'section',
      { class: 'panel', 'data-testid': 'sample-panel' },
      h('h2', {}, t('sequence.sampleTitle')),
      h('p', { class: 'muted' }, t('sequence.sampleHelp')),
      knobs,
      notes,
      outputs,
    ),
    refresh,
    reset: (next) => {
      sampler.reset();
      runs = next;
      draws = 0;
      outputs.replaceChildren();
      notes.replaceChildren();
      button.disabled = next.length === 0;
    },
  };
}
