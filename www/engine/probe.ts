// Timing one lab's representative step on one backend: a fresh engine of
// its own (so the lab's own model, training or not, is left alone), the
// lab's default model set up through its own requests, one step to warm up
// (a GPU compiles its shaders then), then steps until about a second and a
// half has passed (at least one, at most ten); the median is the answer.
import { EngineClient, type EngineStatus } from './client';
import type { ThreadPreference } from './protocol';

/**
 * What a lab offers to be timed with, written in its own folder
 * (`www/pages/<lab>/probe.ts`) from its own defaults and requests.
 */
export type LabProbe = {
  /** Set the lab's default model up on a fresh engine. */
  prepare: (client: EngineClient) => Promise<void>;
  /** One representative step: a training step, or a forward pass. */
  step: (client: EngineClient) => Promise<void>;
};

/** The most steps timed, and the time after which no more are started. */
const MAX_STEPS = 10;
const BUDGET_MS = 1500;

/** The middle value of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const at = (i: number) => sorted[i] ?? Number.NaN;
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** The client once its engine is up, or a rejection if it failed. */
function readyOf(client: EngineClient): Promise<Extract<EngineStatus, { state: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const off = client.onStatus((status) => {
      if (status.state === 'ready') resolve(status);
      else if (status.state === 'failed') reject(new Error(status.message));
      else return;
      queueMicrotask(() => off());
    });
  });
}

/**
 * Median milliseconds of `probe`'s step on `backend` (threads as the page
 * runs them). Rejects where that backend does not start: a WebGPU engine
 * that fell back to the CPU would time the wrong thing.
 */
export async function timeStep(probe: LabProbe, backend: 'cpu' | 'webgpu', threads: ThreadPreference): Promise<{ ms: number; threads: number }> {
  const client = new EngineClient(backend, threads);
  try {
    const ready = await readyOf(client);
    if (ready.backend.kind !== backend) throw new Error(`the engine started on ${ready.backend.kind}, not ${backend}`);
    await probe.prepare(client);
    await probe.step(client);
    const times: number[] = [];
    const start = performance.now();
    while (times.length < MAX_STEPS && (times.length === 0 || performance.now() - start < BUDGET_MS)) {
      const t0 = performance.now();
      await probe.step(client);
      times.push(performance.now() - t0);
    }
    return { ms: median(times), threads: ready.backend.threads };
  } finally {
    client.close();
  }
}
