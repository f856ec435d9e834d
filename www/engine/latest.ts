// "Latest reply wins": the one rule every view follows when it asks the
// engine for something the learner can ask for again before the answer
// comes (a keystroke, a slider, a drawn stroke, a new network).
//
// - One run at a time. Calls made while a run is in flight are coalesced
//   into one follow-up run with the newest arguments, started when the
//   run in flight settles: typing fast never queues work, and the worker,
//   which answers in order anyway, never computes what nobody will see.
// - Only the newest call's promise gets a reply (or the error). Every
//   earlier call's promise resolves to `STALE` as soon as a newer call (or
//   `reset`) supersedes it, so a view never draws an old answer over a new
//   one, and never reports an old error.
// - Options: `delayMs` waits for a quiet moment before starting (debounce);
//   `key` lets a call whose key equals the run in flight take over that run
//   instead of asking again; `cancel` cancels the run in flight when a newer
//   call comes (for long runs such as the similarity of many sentences).
// - `guard(promise)` applies the same rule to other requests that belong to
//   the current run's world: a training slice sent for one network resolves
//   to `STALE` once a new network has been asked for.

/** What a superseded call resolves to. */
export const STALE: unique symbol = Symbol('stale');
export type Stale = typeof STALE;

/** A run the task started: a promise, or a job that can also be cancelled. */
export type Started<R> = Promise<R> | { readonly done: Promise<R>; readonly cancel: () => void };

export type LatestOptions<A extends readonly unknown[]> = {
  /** Quiet time after a call before a run starts (ms); 0 starts at once. */
  delayMs?: number;
  /** Calls with the key of the run in flight take over that run. */
  key?: (...args: A) => string;
  /** Cancel the run in flight when a newer call comes. */
  cancel?: boolean;
};

export type Latest<A extends readonly unknown[], R> = {
  /** Ask for a run with `args` (after `delayMs` when idle). */
  (...args: A): Promise<R | Stale>;
  /** The same, without waiting for a quiet moment. */
  now: (...args: A) => Promise<R | Stale>;
  /** Settles like `promise`, or resolves to `STALE` if a call or `reset` comes first. */
  guard: <T>(promise: Promise<T>) => Promise<T | Stale>;
  /** Supersede everything asked so far (their promises resolve to `STALE`). */
  reset: () => void;
  /** Whether a run is in flight or waiting to start. */
  readonly busy: boolean;
};

type Deferred<R> = {
  resolve: (value: R | Stale) => void;
  reject: (error: unknown) => void;
};

type Run<A> = { args: A; key: string | undefined; cancel: (() => void) | undefined };

export function latest<A extends readonly unknown[], R>(
  task: (...args: A) => Started<R>,
  options: LatestOptions<A> = {},
): Latest<A, R> {
  const delayMs = options.delayMs ?? 0;
  /** Bumped by every call and reset: what `guard` compares. */
  let epoch = 0;
  let running: Run<A> | null = null;
  /** Arguments waiting for the run in flight (or the quiet moment) to end. */
  let waiting: A | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The newest call, and the run whose outcome it will get (once started). */
  let newest: { deferred: Deferred<R>; run: Run<A> | null } | null = null;

  const supersede = () => {
    epoch++;
    newest?.deferred.resolve(STALE);
    newest = null;
  };

  const start = (args: A) => {
    const run: Run<A> = { args, key: options.key?.(...args), cancel: undefined };
    running = run;
    if (newest) newest.run = run;
    let started: Started<R>;
    try {
      started = task(...args);
    } catch (error) {
      started = Promise.reject(error);
    }
    const done = started instanceof Promise ? started : started.done;
    if (!(started instanceof Promise)) run.cancel = started.cancel;
    const settle = (deliver: (deferred: Deferred<R>) => void) => {
      running = null;
      if (newest && newest.run === run) {
        deliver(newest.deferred);
        newest = null;
      }
      if (waiting && timer === undefined) {
        const next = waiting;
        waiting = null;
        start(next);
      }
    };
    done.then(
      (value) => settle((d) => d.resolve(value)),
      (error: unknown) => settle((d) => d.reject(error)),
    );
  };

  const call = (delay: number, args: A): Promise<R | Stale> => {
    const key = options.key?.(...args);
    const joins = running !== null && key !== undefined && key === running.key;
    if (joins) {
      // The run in flight answers this call too: the earlier caller's
      // promise is superseded, but the run's world is not, so what the run
      // guards stays current (no new epoch).
      newest?.deferred.resolve(STALE);
      newest = null;
    } else {
      supersede();
    }
    const promise = new Promise<R | Stale>((resolve, reject) => {
      newest = { deferred: { resolve, reject }, run: null };
    });
    clearTimeout(timer);
    timer = undefined;
    if (joins) {
      waiting = null;
      if (newest) newest.run = running;
    } else if (running) {
      waiting = args;
      if (options.cancel) running.cancel?.();
    } else if (delay > 0) {
      waiting = args;
      timer = setTimeout(() => {
        timer = undefined;
        const next = waiting;
        waiting = null;
        if (next) start(next);
      }, delay);
    } else {
      waiting = null;
      start(args);
    }
    return promise;
  };

  const latestCall = (...args: A) => call(delayMs, args);
  return Object.defineProperties(latestCall, {
    now: { value: (...args: A) => call(0, args) },
    guard: {
      value: <T>(promise: Promise<T>): Promise<T | Stale> => {
        const mine = epoch;
        return promise.then(
          (value) => (mine === epoch ? value : STALE),
          (error: unknown) => {
            if (mine === epoch) throw error;
            return STALE;
          },
        );
      },
    },
    reset: {
      value: () => {
        supersede();
        clearTimeout(timer);
        timer = undefined;
        waiting = null;
        // A run still in flight belongs to the past: no call joins it.
        if (running) running.key = undefined;
      },
    },
    busy: { get: () => running !== null || waiting !== null },
  }) as Latest<A, R>;
}
