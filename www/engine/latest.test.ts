import { afterEach, describe, expect, it, vi } from 'vitest';
import { STALE, latest, type Latest } from './latest';

/** A task whose runs the test settles by hand, recording their arguments. */
function manual<A extends unknown[]>() {
  const runs: { args: A; resolve: (v: string) => void; reject: (e: Error) => void; cancelled: boolean }[] = [];
  const task = (...args: A) => {
    let resolve!: (v: string) => void;
    let reject!: (e: Error) => void;
    const done = new Promise<string>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const run = { args, resolve, reject, cancelled: false };
    runs.push(run);
    return { done, cancel: () => (run.cancelled = true) };
  };
  return { task, runs };
}

/** Let settled promises run their callbacks. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('latest', () => {
  it('runs at once when idle and gives the reply to the caller', async () => {
    const { task, runs } = manual<[string]>();
    const ask = latest(task);
    const reply = ask('a');
    expect(runs.map((r) => r.args)).toEqual([['a']]);
    expect(ask.busy).toBe(true);
    runs[0]?.resolve('A');
    await expect(reply).resolves.toBe('A');
    expect(ask.busy).toBe(false);
  });

  it('coalesces calls made while a run is in flight into one follow-up with the newest arguments', async () => {
    const { task, runs } = manual<[string]>();
    const ask = latest(task);
    const first = ask('a');
    const second = ask('ab');
    const third = ask('abc');
    // Superseded calls learn it at once, before any reply.
    await expect(first).resolves.toBe(STALE);
    await expect(second).resolves.toBe(STALE);
    expect(runs).toHaveLength(1);
    runs[0]?.resolve('A');
    await flush();
    expect(runs.map((r) => r.args)).toEqual([['a'], ['abc']]);
    runs[1]?.resolve('ABC');
    await expect(third).resolves.toBe('ABC');
    expect(ask.busy).toBe(false);
  });

  it('reports the error of the newest call only', async () => {
    const { task, runs } = manual<[string]>();
    const ask = latest(task);
    const first = ask('a');
    const second = ask('b');
    runs[0]?.reject(new Error('old failure'));
    await expect(first).resolves.toBe(STALE);
    await flush();
    runs[1]?.reject(new Error('new failure'));
    await expect(second).rejects.toThrow('new failure');
    // And it keeps working after an error.
    const third = ask('c');
    runs[2]?.resolve('C');
    await expect(third).resolves.toBe('C');
  });

  it('turns a task that throws into a rejection', async () => {
    const ask = latest((): Promise<string> => {
      throw new Error('bad arguments');
    });
    await expect(ask()).rejects.toThrow('bad arguments');
    expect(ask.busy).toBe(false);
  });

  it('waits for a quiet moment with delayMs, and not with now()', async () => {
    vi.useFakeTimers();
    const { task, runs } = manual<[string]>();
    const ask = latest(task, { delayMs: 100 });
    const first = ask('h');
    vi.advanceTimersByTime(60);
    const second = ask('he');
    vi.advanceTimersByTime(60);
    expect(runs).toHaveLength(0);
    expect(ask.busy).toBe(true);
    vi.advanceTimersByTime(40);
    expect(runs.map((r) => r.args)).toEqual([['he']]);
    await expect(first).resolves.toBe(STALE);
    runs[0]?.resolve('HE');
    await expect(second).resolves.toBe('HE');

    const third = ask('hel');
    const fourth = ask.now('hello');
    expect(runs.map((r) => r.args)).toEqual([['he'], ['hello']]);
    await expect(third).resolves.toBe(STALE);
    runs[1]?.resolve('HELLO');
    await expect(fourth).resolves.toBe('HELLO');
  });

  it('lets a call with the key of the run in flight take over that run', async () => {
    const { task, runs } = manual<[number, string]>();
    const ask = latest(task, { key: (layer, text) => `${layer}/${text}` });
    const first = ask(1, 'x');
    const again = ask(1, 'x');
    expect(runs).toHaveLength(1);
    await expect(first).resolves.toBe(STALE);
    runs[0]?.resolve('L1');
    await expect(again).resolves.toBe('L1');
    // Another key waits as a follow-up; coming back to the key in flight
    // drops that follow-up again.
    const other = ask(2, 'x');
    const detour = ask(3, 'x');
    const back = ask(2, 'x');
    await expect(other).resolves.toBe(STALE);
    await expect(detour).resolves.toBe(STALE);
    runs[1]?.resolve('L2');
    await expect(back).resolves.toBe('L2');
    await flush();
    expect(runs.map((r) => r.args)).toEqual([
      [1, 'x'],
      [2, 'x'],
    ]);
    expect(ask.busy).toBe(false);
  });

  it('cancels the run in flight for a newer call when asked to', async () => {
    const { task, runs } = manual<[string]>();
    const ask = latest(task, { cancel: true });
    const first = ask('a');
    const second = ask('b');
    expect(runs[0]?.cancelled).toBe(true);
    await expect(first).resolves.toBe(STALE);
    // The follow-up waits until the cancelled run has answered.
    expect(runs).toHaveLength(1);
    runs[0]?.reject(new Error('cancelled'));
    await flush();
    expect(runs.map((r) => r.args)).toEqual([['a'], ['b']]);
    expect(runs[1]?.cancelled).toBe(false);
    runs[1]?.resolve('B');
    await expect(second).resolves.toBe('B');
  });

  it('guards other requests: stale once a newer call or a reset comes', async () => {
    const ask = latest((n: number) => Promise.resolve(n));
    let settle!: (v: string) => void;
    const slice = () => new Promise<string>((resolve) => (settle = resolve));

    const current = ask.guard(slice());
    settle('kept');
    await expect(current).resolves.toBe('kept');

    const overtaken = ask.guard(slice());
    await ask(1);
    settle('old network');
    await expect(overtaken).resolves.toBe(STALE);

    const failing = ask.guard(Promise.reject(new Error('slice failed')));
    await expect(failing).rejects.toThrow('slice failed');
    const staleFailure = ask.guard(new Promise<string>((_, reject) => setTimeout(() => reject(new Error('x')), 0)));
    ask.reset();
    await expect(staleFailure).resolves.toBe(STALE);
  });

  it('reset drops the newest call, its follow-up and its quiet wait', async () => {
    vi.useFakeTimers();
    const { task, runs } = manual<[string]>();
    const ask = latest(task, { delayMs: 50 });
    const waiting = ask('a');
    ask.reset();
    await expect(waiting).resolves.toBe(STALE);
    vi.advanceTimersByTime(100);
    expect(runs).toHaveLength(0);
    expect(ask.busy).toBe(false);

    const inFlight = ask.now('b');
    const followUp = ask('c');
    ask.reset();
    await expect(inFlight).resolves.toBe(STALE);
    await expect(followUp).resolves.toBe(STALE);
    runs[0]?.resolve('B');
    await vi.runAllTimersAsync();
    expect(runs).toHaveLength(1);
    expect(ask.busy).toBe(false);
  });

  it('does not let a call after reset take over the run from before it', async () => {
    const { task, runs } = manual<[]>();
    const ask = latest(task, { key: () => 'one' });
    const before = ask();
    ask.reset();
    const after = ask();
    await expect(before).resolves.toBe(STALE);
    runs[0]?.resolve('old');
    await flush();
    expect(runs).toHaveLength(2);
    runs[1]?.resolve('new');
    await expect(after).resolves.toBe('new');
  });

  it('keeps what a run guards current when a call with its key joins it', async () => {
    // A sample being written while the page asks for a sample again (the
    // Sequence lab on pause): the run goes on, and its own requests must not
    // turn stale because a caller joined it.
    let inner!: (v: string) => void;
    const guarded: unknown[] = [];
    const ask: Latest<[], string> = latest(
      (): Promise<string> => {
        const step = new Promise<string>((resolve) => (inner = resolve));
        return ask.guard(step).then((value: string | typeof STALE) => {
          guarded.push(value);
          return 'sampled';
        });
      },
      { key: () => 'sample' },
    );
    const first = ask();
    const second = ask();
    inner('chunk');
    await expect(second).resolves.toBe('sampled');
    await expect(first).resolves.toBe(STALE);
    expect(guarded).toEqual(['chunk']);
  });
});
