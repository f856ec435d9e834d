// Training several models side by side in rounds the page asks for (the GPT
// lab's lineups, the LoRA lab's runs): every model the same steps per
// round, rounds sized to about a second so the page stays live, and the
// held-out loss measured every tenth of a fixed run, or against the clock
// at most a fifth of the time; a run stops between rounds when it is
// replaced or the page is left.

/** Aim for rounds about this long. */
const ROUND_MS = 1200;
/** In a run against the clock, held-out loss about this often, and at most a fifth of the time. */
const EVAL_EVERY_MS = 4000;
/** In a run of fixed steps, held-out loss this many times. */
const EVALS = 10;

export type Rounds<P> = {
  /** Train every model `steps` steps (0: only measure); with `evaluate`, measure the held-out loss. */
  round: (steps: number, evaluate: boolean) => Promise<P>;
  /** Whether every model of a round's answer has blown up. */
  diverged: (progress: P) => boolean;
  /** Stop after this many steps per model... */
  steps?: number;
  /** ...or after this many seconds. */
  seconds?: number;
  /** False once this run has been replaced or the page left. */
  alive: () => boolean;
  onRound: (progress: P, elapsedMs: number) => void;
};

/** Train until the steps or the time are spent; false if it stopped early (replaced or diverged). */
export async function trainRounds<P>(run: Rounds<P>): Promise<boolean> {
  const start = performance.now();
  let lastEval = start;
  let taken = 0;
  let perRound = 1;
  const evalStride = run.steps !== undefined ? Math.max(1, Math.ceil(run.steps / EVALS)) : Number.POSITIVE_INFINITY;
  let nextEval = evalStride;
  let measured = false;
  /** What the last held-out measurement took. */
  let evalCost = 0;
  /** What one step of every model took in the last round without a measurement. */
  let stepMs = 0;
  for (;;) {
    const elapsed = performance.now() - start;
    const left = run.steps !== undefined ? run.steps - taken : Number.POSITIVE_INFINITY;
    const timeUp = run.seconds !== undefined && elapsed >= run.seconds * 1000;
    if (left <= 0 || timeUp) {
      // The held-out loss where the runs stopped, if the last round did not measure it.
      if (!measured) {
        const progress = await run.round(0, true);
        if (!run.alive()) return false;
        run.onRound(progress, performance.now() - start);
      }
      return true;
    }
    const steps = Math.max(1, Math.min(perRound, left, nextEval - taken));
    const last = steps === left || (run.seconds !== undefined && elapsed + ROUND_MS >= run.seconds * 1000);
    const clockDue = run.seconds !== undefined && performance.now() - lastEval > Math.max(EVAL_EVERY_MS, 5 * evalCost);
    const evaluate = last || taken + steps >= nextEval || clockDue;
    if (taken + steps >= nextEval) nextEval += evalStride;
    const asked = performance.now();
    const progress = await run.round(steps, evaluate);
    if (!run.alive()) return false;
    measured = evaluate;
    if (evaluate) lastEval = performance.now();
    const took = Math.max(1, performance.now() - asked);
    // A round's time is its steps' and, when it measured, the measurement's.
    if (evaluate) evalCost = Math.max(0, took - steps * stepMs);
    else stepMs = took / steps;
    taken += steps;
    run.onRound(progress, performance.now() - start);
    if (run.diverged(progress)) return false;
    perRound = Math.max(1, Math.min(64, Math.round(ROUND_MS / Math.max(1, stepMs || took / steps))));
  }
}
