// Transformer against LSTM, measured rather than asserted: the same text,
// about the same number of parameters and the same wall-clock budget, with
// held-out bits per character against seconds for both; and the time of
// one training step against the context length (the LSTM walks the
// sequence one step at a time, attention reads it all at once). The LSTM is
// the Sequence lab's, asked for through the same engine; the GPT is a race
// model of its own, so the learner's trained model stays as it was.
import type { EngineClient } from '../../engine/client';
import type { GptSettings, SequenceConfig, TextSource } from '../../engine/protocol';
import { t } from '../../i18n';
import { lineChart } from '../../ui/chart';
import { h } from '../../ui/dom';
import { publish } from '../../ui/readings';

/** Training time per model per round. */
const SLICE_MS = 500;
/** Held-out loss every this many rounds. */
const EVAL_EVERY = 4;
/** Context lengths the step timing tries. */
const LENGTHS = [16, 32, 64, 128, 256];
/** The LSTM's embedding; its hidden size is solved for the parameter budget. */
const EMBED = 64;

export type RacePanel = { element: HTMLElement; dispose: () => void };

export function racePanel(props: {
  client: EngineClient;
  source: () => TextSource;
  settings: () => GptSettings;
  /** Why the race cannot run now (the learner's model is training), or null. */
  blocked: () => string | null;
}): RacePanel {
  const { client } = props;
  /** Bumped by every run and by dispose: an older loop stops. */
  let generation = 0;
  const ask = <B extends Parameters<EngineClient['request']>[0]>(body: B) => client.request(body).done;
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'race-status' });
  const result = h('p', { class: 'big-number', 'data-testid': 'race-result' });
  const budget = h(
    'select',
    { id: 'race-budget', 'data-testid': 'race-budget' },
    ...[10, 30, 60, 120].map((s) => h('option', { value: s, selected: s === 30 }, t('gpt.race.seconds', { s }))),
  );
  const raceButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'race' }, t('gpt.race.run'));
  const timeButton = h('button', { type: 'button', 'data-testid': 'race-steps' }, t('gpt.race.timeSteps'));
  // A request before the engine is up fails: the buttons wait for it, and for this panel's run.
  let up = false;
  let busy = false;
  const sync = () => {
    raceButton.disabled = timeButton.disabled = !up || busy;
  };
  const unsubscribe = client.onStatus((s) => {
    up = s.state === 'ready';
    sync();
  });
  const curve = lineChart({
    title: t('gpt.race.curveTitle'),
    xLabel: t('gpt.race.seconds.axis'),
    yLabel: t('gpt.bpc'),
    testid: 'race-chart',
    series: [
      { label: t('gpt.race.gpt'), colour: '#c2410c' },
      { label: t('gpt.race.lstm'), colour: '#2563eb' },
    ],
  });
  const steps = lineChart({
    title: t('gpt.race.stepsTitle'),
    xLabel: t('gpt.race.length'),
    yLabel: t('gpt.race.ms'),
    logY: true,
    testid: 'race-steps-chart',
    series: [
      { label: t('gpt.race.gpt'), colour: '#c2410c' },
      { label: t('gpt.race.lstm'), colour: '#2563eb' },
    ],
  });
  const stepsTable = h('p', { class: 'muted mono', 'data-testid': 'race-steps-result' });

  /** An LSTM with about `target` parameters on `source`: one probe fixes the constant term. */
  const matchedLstm = async (source: TextSource, seed: number, target: number) => {
    const config = (hidden: number): SequenceConfig => ({
      cell: 'lstm',
      layers: 1,
      hidden,
      embed: EMBED,
      bptt: 64,
      dropout: 0,
      clip: true,
      clipAt: 5,
      optimizer: 'adam',
      lr: 0.003,
      batch: 32,
      seed,
    });
    const probe = await ask({ type: 'sequenceSetup', source, config: config(128), compare: false });
    // params(h) = 4h² + (4·embed + vocab + 8)·h + c (gates over [input,
    // hidden] with biases, and the output layer).
    const a = 4;
    const b = 4 * EMBED + probe.value.vocab + 8;
    const c = (probe.value.runs[0]?.params ?? 0) - a * 128 * 128 - b * 128;
    const hidden = Math.max(4, Math.min(512, Math.round((-b + Math.sqrt(b * b - 4 * a * (c - target))) / (2 * a))));
    const setup = await ask({ type: 'sequenceSetup', source, config: config(hidden), compare: false });
    return { hidden, params: setup.value.runs[0]?.params ?? 0 };
  };

  const guard = (): string | null => props.blocked();
  const run = async () => {
    const why = guard();
    if (why) {
      status.textContent = why;
      return;
    }
    const mine = ++generation;
    busy = true;
    sync();
    curve.clear();
    result.textContent = '';
    delete result.dataset.done;
    try {
      const source = props.source();
      const settings = props.settings();
      status.textContent = t('gpt.race.preparing');
      const gpt = await ask({ type: 'gptSetup', source, settings, race: true });
      const lstm = await matchedLstm(source, settings.seed, gpt.value.params);
      status.textContent = t('gpt.race.matched', { gpt: gpt.value.params.toLocaleString(), lstm: lstm.params.toLocaleString(), hidden: lstm.hidden });
      const seconds = Number(budget.value);
      const rounds = Math.max(1, Math.round((seconds * 1000) / SLICE_MS));
      const spent = { gpt: 0, lstm: 0 };
      const held = { gpt: NaN, lstm: NaN };
      for (let round = 1; round <= rounds; round++) {
        if (mine !== generation) return;
        const evaluate = round % EVAL_EVERY === 0 || round === rounds;
        let start = performance.now();
        const g = await ask({ type: 'gptTrain', steps: 10_000, budgetMs: SLICE_MS, evaluate, race: true });
        spent.gpt += performance.now() - start;
        start = performance.now();
        const l = await ask({ type: 'sequenceTrain', steps: 10_000, budgetMs: SLICE_MS, evaluate });
        spent.lstm += performance.now() - start;
        const lstmRun = l.value.runs[0];
        if (g.value.diverged || lstmRun?.diverged) throw new Error(t('gpt.race.diverged'));
        if (evaluate) {
          held.gpt = (g.value.validLoss ?? NaN) / Math.LN2 / gpt.value.charsPerToken;
          held.lstm = (lstmRun?.validLoss ?? NaN) / Math.LN2;
          curve.push((round * SLICE_MS) / 1000, [held.gpt, held.lstm]);
        }
        status.textContent = t('gpt.race.progress', { round, rounds, gpt: (spent.gpt / 1000).toFixed(1), lstm: (spent.lstm / 1000).toFixed(1) });
      }
      if (Number.isNaN(held.gpt) || Number.isNaN(held.lstm)) {
        result.textContent = t('gpt.race.noHeldOut');
      } else {
        result.dataset.gpt = String(held.gpt);
        result.dataset.lstm = String(held.lstm);
        result.textContent = t('gpt.race.result', { s: seconds, gpt: held.gpt.toFixed(2), lstm: held.lstm.toFixed(2) });
      }
      result.dataset.done = 'true';
    } catch (err) {
      if (mine === generation) status.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      if (mine === generation) {
        busy = false;
        sync();
      }
    }
  };

  const timeSteps = async () => {
    const why = guard();
    if (why) {
      status.textContent = why;
      return;
    }
    const mine = ++generation;
    busy = true;
    sync();
    steps.clear();
    stepsTable.textContent = '';
    delete stepsTable.dataset.done;
    const lines: string[] = [];
    /** Each model's step time at every length, shortest first. */
    const times = { gpt: [] as number[], lstm: [] as number[] };
    try {
      const source = props.source();
      const settings = props.settings();
      const lstm = await matchedLstm(source, settings.seed, (await ask({ type: 'gptSetup', source, settings, race: true })).value.params);
      for (const length of LENGTHS) {
        if (mine !== generation) return;
        status.textContent = t('gpt.race.timing', { length });
        const gpt = await ask({ type: 'gptSetup', source, settings: { ...settings, context: length }, race: true });
        await ask({ type: 'gptTrain', steps: 1, budgetMs: 60_000, evaluate: false, race: true });
        const g = await ask({ type: 'gptTrain', steps: 3, budgetMs: 60_000, evaluate: false, race: true });
        const config: SequenceConfig = {
          cell: 'lstm', layers: 1, hidden: lstm.hidden, embed: EMBED, bptt: length, dropout: 0, clip: true, clipAt: 5, optimizer: 'adam', lr: 0.003, batch: settings.batch, seed: settings.seed,
        };
        const s = await ask({ type: 'sequenceSetup', source, config, compare: false });
        await ask({ type: 'sequenceTrain', steps: 1, budgetMs: 60_000, evaluate: false });
        const l = await ask({ type: 'sequenceTrain', steps: 3, budgetMs: 60_000, evaluate: false });
        const gptMs = (1000 * gpt.value.tokensPerStep) / g.value.tokensPerSecond;
        const lstmMs = (1000 * s.value.charsPerStep) / l.value.charsPerSecond;
        steps.push(length, [gptMs, lstmMs]);
        times.gpt.push(gptMs);
        times.lstm.push(lstmMs);
        lines.push(t('gpt.race.stepLine', { length, gpt: gptMs.toFixed(0), lstm: lstmMs.toFixed(0) }));
        stepsTable.textContent = lines.join(' · ');
      }
      stepsTable.dataset.done = 'true';
      // How many times slower a step is at the longest context than at the shortest.
      const slowdown = (ms: number[]) => (ms[ms.length - 1] ?? NaN) / (ms[0] ?? NaN);
      publish('gpt.race.gptSlowdown', slowdown(times.gpt));
      publish('gpt.race.lstmSlowdown', slowdown(times.lstm));
      status.textContent = t('gpt.race.stepsDone');
    } catch (err) {
      if (mine === generation) status.textContent = t('app.error', { message: (err as Error).message });
    } finally {
      if (mine === generation) {
        busy = false;
        sync();
      }
    }
  };
  raceButton.addEventListener('click', () => void run());
  timeButton.addEventListener('click', () => void timeSteps());

  const element = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('gpt.race.title')),
    h('p', { class: 'muted' }, t('gpt.race.intro')),
    h('div', { class: 'controls' }, h('label', { class: 'field', for: 'race-budget' }, t('gpt.race.budget'), budget), raceButton, timeButton),
    status,
    result,
    h('div', { class: 'charts' }, curve.element, steps.element),
    stepsTable,
  );
  return {
    element,
    dispose: () => {
      generation++;
      unsubscribe();
    },
  };
}
