// Training a lineup of GPTs side by side in the engine (the positions
// experiment, the block comparison): set up, then rounds (www/ui/rounds.ts).
import type { EngineClient } from '../../engine/client';
import type { GptSettings, LineupKind, LineupProgress, LineupSetup, TextSource } from '../../engine/protocol';
import { trainRounds } from '../../ui/rounds';

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
  return trainRounds<LineupProgress>({
    round: async (steps, evaluate) => (await client.request({ type: 'gptLineupTrain', kind, steps, evaluate }).done).value,
    diverged: (p) => p.runs.every((r) => r.diverged),
    ...(run.steps !== undefined ? { steps: run.steps } : {}),
    ...(run.seconds !== undefined ? { seconds: run.seconds } : {}),
    alive: run.alive,
    onRound: run.onRound,
  });
}
