// The Train / Pause / Resume and Reset buttons every training lab shares,
// and the loop behind them: while running, ask the engine for one short
// time-boxed slice of training after another, so pausing takes effect
// within a slice and the worker is never busy for long.
import { t } from '../i18n';
import { h } from './dom';

export type TrainingControls = {
  /** The buttons and the speed line. */
  element: HTMLElement;
  /** Where the lab writes its throughput. */
  speed: HTMLElement;
  /** A new network is ready (or not): enables Train, forgets progress. */
  setReady: (ready: boolean) => void;
  /** Whether the loop is training now. */
  running: () => boolean;
  /** The page is going: stop asking. */
  dispose: () => void;
};

/** Slices whose mean wall time the speed line carries as `data-slice-ms`. */
const SLICES_TIMED = 20;

export function trainingControls(props: {
  /** One slice of training; resolve `false` to stop (the loss blew up). */
  slice: () => Promise<boolean>;
  /** After a pause, e.g. one last evaluation. */
  afterPause?: () => Promise<void>;
  onReset: () => void;
  onRunning?: (running: boolean, started: boolean) => void;
  onError: (message: string) => void;
  /** Prefix of the test ids, where a page has several of these. */
  testid?: string;
}): TrainingControls {
  const id = (name: string) => `${props.testid ?? ''}${name}`;
  let running = false;
  let ready = false;
  let started = false;
  let generation = 0;
  const trainButton = h('button', { type: 'button', class: 'primary', 'data-testid': id('train'), disabled: true }, t('training.train'));
  const resetButton = h('button', { type: 'button', 'data-testid': id('reset') }, t('training.reset'));
  const speed = h('p', { class: 'mono muted', 'data-testid': id('throughput') });

  const setRunning = (on: boolean) => {
    running = on;
    if (on) started = true;
    trainButton.textContent = on ? t('training.pause') : started ? t('training.resume') : t('training.train');
    trainButton.setAttribute('aria-pressed', String(on));
    props.onRunning?.(on, started);
  };

  /** Bumped by every start, so a paused loop still finishing its slice
   * cannot carry on (or report idle) after a quick Resume started another. */
  let run = 0;
  /** Wall times of the latest slices, the page's own work included: a page that slows as a run grows shows here. */
  const sliceTimes: number[] = [];
  const timeSlice = (ms: number) => {
    sliceTimes.push(ms);
    if (sliceTimes.length > SLICES_TIMED) sliceTimes.shift();
    speed.dataset.sliceMs = (sliceTimes.reduce((a, b) => a + b, 0) / sliceTimes.length).toFixed(1);
  };
  const loop = async () => {
    const mine = generation;
    const me = ++run;
    delete trainButton.dataset.idle;
    while (running && mine === generation && me === run) {
      try {
        const started = performance.now();
        const more = await props.slice();
        if (mine !== generation || me !== run) return;
        timeSlice(performance.now() - started);
        if (!more) {
          setRunning(false);
          trainButton.disabled = true;
        }
      } catch (err) {
        if (mine !== generation || me !== run) return;
        setRunning(false);
        props.onError((err as Error).message);
        break;
      }
    }
    if (mine === generation && me === run && started) {
      try {
        await props.afterPause?.();
      } catch {
        // The next run reports its own errors.
      }
    }
    if (mine === generation && me === run && !running) trainButton.dataset.idle = 'true';
  };

  trainButton.addEventListener('click', () => {
    if (!ready) return;
    if (running) {
      setRunning(false);
      return;
    }
    setRunning(true);
    void loop();
  });
  resetButton.addEventListener('click', () => props.onReset());

  return {
    element: h('div', { class: 'controls' }, trainButton, resetButton, speed),
    speed,
    setReady: (on) => {
      generation++;
      ready = on;
      started = false;
      setRunning(false);
      trainButton.disabled = !on;
      delete trainButton.dataset.idle;
    },
    running: () => running,
    dispose: () => {
      generation++;
      running = false;
    },
  };
}

/**
 * The first and the latest few losses of a run, which is all the summaries
 * (and the tests) read: a whole run's losses would grow without bound.
 */
export class LossEnds {
  private head: number[] = [];
  private tail: number[] = [];
  constructor(private readonly size = 5) {}

  add(losses: readonly number[]): void {
    for (const loss of losses) {
      if (this.head.length < this.size) this.head.push(loss);
      this.tail.push(loss);
      if (this.tail.length > this.size) this.tail.shift();
    }
  }

  /** Mean of the first losses (0 before any). */
  first(): number {
    return mean(this.head);
  }

  /** Mean of the latest losses (0 before any). */
  recent(): number {
    return mean(this.tail);
  }

  /**
   * Put both means and the step count on `speed` (the training controls'
   * speed line) as `data-first-loss`, `data-recent-loss` and `data-steps`,
   * where summaries and tests read them.
   */
  mark(speed: HTMLElement, steps: number | bigint): void {
    speed.dataset.firstLoss = String(this.first());
    speed.dataset.recentLoss = String(this.recent());
    speed.dataset.steps = String(steps);
  }
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
