// Readings: the numbers a lab has just measured, published under a name so
// that a guided run (the Questions page's guide bar) can set them beside the
// learner's prediction. A lab publishes where it draws the result, from the
// same value it draws; nothing here computes or stores a result of its own.
// Names are `<lab>.<what>` (`concepts.flow.ratio`); each lab lists its names
// in the `readings` export of its page module's folder where it publishes.

/** One measured value; `step` is the training step it was read at, where the lab trains. */
export type Reading = { name: string; value: number; step: number | undefined; seq: number };

type Listener = (reading: Reading) => void;

const latest = new Map<string, Reading>();
const listeners = new Set<Listener>();
let seq = 0;

/** Publish a measured value. Non-finite values are published too: NaN is an answer (a diverged run). */
export function publish(name: string, value: number, step?: number): void {
  const reading: Reading = { name, value, step, seq: ++seq };
  latest.set(name, reading);
  for (const listener of [...listeners]) listener(reading);
}

/** Listen to every reading published from now on; returns the unsubscribe. */
export function onReading(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The last reading of `name`, if any was published since the page was drawn. */
export function lastReading(name: string): Reading | undefined {
  return latest.get(name);
}

/** The sequence number of the newest reading: readings after it are new. */
export function readingsSeq(): number {
  return seq;
}

/** Forget every reading (a new page is drawn: its numbers are its own). */
export function clearReadings(): void {
  latest.clear();
}
