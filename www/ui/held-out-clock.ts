// When a lab that trains until paused measures its held-out loss: about
// every so many milliseconds, and never more than a fifth of the time. The
// measurement's cost is what a measuring slice took beyond a plain one. On a
// slow machine a measurement can outlast the interval (the Sequence lab's
// 20,000 held-out characters took 4 s here, its interval 4 s); counted from
// the slice's start, every slice then measured and training ran at a tenth of
// its speed.

/** At most this share of the time goes to measuring. */
const SHARE = 0.2;

export type HeldOutClock = {
  /** Whether the next slice should measure. */
  due: (now?: number) => boolean;
  /** A slice took `tookMs`, measuring or not; call when it has ended. */
  record: (tookMs: number, measured: boolean, now?: number) => void;
  /** A new model: measure at its first slice. */
  reset: () => void;
  /** One training slice: asked to measure when due, and timed. */
  slice: <T>(run: (evaluate: boolean) => Promise<T>) => Promise<T>;
};

export function heldOutClock(everyMs: number): HeldOutClock {
  let lastEnd = Number.NEGATIVE_INFINITY;
  let cost = 0;
  let plain = 0;
  const due = (now = performance.now()) => now - lastEnd > Math.max(everyMs, (cost * (1 - SHARE)) / SHARE);
  const record = (tookMs: number, measured: boolean, now = performance.now()) => {
    if (measured) {
      cost = Math.max(0, tookMs - plain);
      lastEnd = now;
    } else {
      plain = tookMs;
    }
  };
  return {
    due,
    record,
    reset: () => {
      lastEnd = Number.NEGATIVE_INFINITY;
      cost = 0;
    },
    slice: async (run) => {
      const evaluate = due();
      const asked = performance.now();
      const result = await run(evaluate);
      record(performance.now() - asked, evaluate);
      return result;
    },
  };
}
