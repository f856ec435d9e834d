// Training a lineup of models side by side in the engine (the positions
// experiment, the block comparison): every model the same steps per round,
// rounds sized to about a second so the page stays live and a new run or
// leaving the page stops the loop between rounds.
import type { EngineClient } from '../../engine/client';
import type { GptSettings, LineupKind, LineupProgress, LineupSetup, TextSource } from '../../engine/protocol';

/** Aim for rounds about this long. */
const ROUND_MS = 1200;
/** In a run against the clock, held-out loss about this often, and at most a fifth of the time. */
const EVAL_EVERY_MS = 4000;
/** In a run of fixed steps, held-out loss this many times. */
const EVALS = 10;
/** The experiments' warm-up: the lab's default (100 steps) would take up a short run. */
export const LINEUP_WARMUP = 20;
/** The experiments' sequences per step: five models at the lab's 32 would take minutes a step. */
export const LINEUP_BATCH = 16;

export type LineupRun = {
  client: EngineClient;
  kind: LineupKind;
  source: TextSource;
  variants: GptSettings[];
  /** Rows of a learned position table (the furthest position measured). */
  reach: number;
  /** Stop after this many steps per model... */
  steps?: number;
  /** ...or after this many seconds. */
  seconds?: number;
  /** False once this run has been replaced or the page left. */
  alive: () => boolean;
  onSetup: (setup: LineupSetup) => void;
  onRound: (progress: LineupProgress, elapsedMs: number) => void;
};

/** Set the lineup up and train it; false if it stopped early (replaced or diverged). */
export async function trainLineup(run: LineupRun): Promise<boolean> {
  const { client, kind } = run;
  const setup = await client.request({ type: 'gptLineupSetup', kind, source: run.source, variants: run.variants, reach: run.reach }).done;
  if (!run.alive()) return false;
  run.onSetup(setup.value);
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
        const reply = await client.request({ type: 'gptLineupTrain', kind, steps: 0, evaluate: true }).done;
        if (!run.alive()) return false;
        run.onRound(reply.value, performance.now() - start);
      }
      return true;
    }
    const steps = Math.max(1, Math.min(perRound, left, nextEval - taken));
    const last = steps === left || (run.seconds !== undefined && elapsed + ROUND_MS >= run.seconds * 1000);
    const clockDue = run.seconds !== undefined && performance.now() - lastEval > Math.max(EVAL_EVERY_MS, 5 * evalCost);
    const evaluate = last || taken + steps >= nextEval || clockDue;
    if (taken + steps >= nextEval) nextEval += evalStride;
    const asked = performance.now();
    const reply = await client.request({ type: 'gptLineupTrain', kind, steps, evaluate }).done;
    if (!run.alive()) return false;
    measured = evaluate;
    if (evaluate) lastEval = performance.now();
    const took = Math.max(1, performance.now() - asked);
    // A round's time is its steps' and, when it measured, the measurement's.
    if (evaluate) evalCost = Math.max(0, took - steps * stepMs);
    else stepMs = took / steps;
    taken += steps;
    run.onRound(reply.value, performance.now() - start);
    if (reply.value.runs.every((r) => r.diverged)) return false;
    perRound = Math.max(1, Math.min(64, Math.round(ROUND_MS / Math.max(1, stepMs || took / steps))));
  }
}
