// Which questions the learner has done, what they predicted and what the
// labs then measured, kept on this device only (local storage), and exported
// as a file on request. Nothing is sent anywhere.
const KEY = 'kindling.questions.done';

/** A step's measured answer: the value and the choice it picked. */
export type Measured = { value: number; choice: number };

export type Progress = {
  done: Set<string>;
  /** By step key (`<question>:<step>`): the choice predicted. */
  predictions: Record<string, number>;
  /** By step key: what the lab measured last. */
  measured: Record<string, Measured>;
};

function isMeasured(x: unknown): x is Measured {
  const m = x as Measured | null;
  return !!m && typeof m === 'object' && typeof m.value === 'number' && typeof m.choice === 'number';
}

export function loadProgress(): Progress {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as { done?: unknown; predictions?: unknown; measured?: unknown };
    const done = new Set(Array.isArray(raw.done) ? raw.done.filter((x): x is string => typeof x === 'string') : []);
    const predictions: Record<string, number> = {};
    if (raw.predictions && typeof raw.predictions === 'object') {
      for (const [k, v] of Object.entries(raw.predictions)) if (typeof v === 'number') predictions[k] = v;
    }
    const measured: Record<string, Measured> = {};
    if (raw.measured && typeof raw.measured === 'object') {
      // JSON has no NaN: a diverged run's value is kept as null and read back as NaN.
      for (const [k, v] of Object.entries(raw.measured)) {
        const m = v as { value: unknown; choice: unknown } | null;
        const value = m && m.value === null ? Number.NaN : m?.value;
        if (isMeasured({ value, choice: m?.choice })) measured[k] = { value: value as number, choice: m?.choice as number };
      }
    }
    return { done, predictions, measured };
  } catch {
    return { done: new Set(), predictions: {}, measured: {} };
  }
}

/** False when the browser refuses to store (private mode, quota). */
export function saveProgress(progress: Progress): boolean {
  try {
    localStorage.setItem(KEY, JSON.stringify({ done: [...progress.done], predictions: progress.predictions, measured: progress.measured }));
    return true;
  } catch {
    return false;
  }
}

/** The progress as a downloadable JSON file. */
export function progressFile(progress: Progress): Blob {
  const body = {
    kindling: 'questions-progress',
    version: 1,
    saved: new Date().toISOString(),
    done: [...progress.done].sort(),
    predictions: progress.predictions,
    measured: progress.measured,
  };
  return new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
}
