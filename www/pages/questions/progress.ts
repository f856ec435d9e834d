// Which questions the learner has done, kept on this device only (local
// storage), and exported as a file on request. Nothing is sent anywhere.
const KEY = 'kindling.questions.done';

export type Progress = { done: Set<string>; predictions: Record<string, number> };

export function loadProgress(): Progress {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as { done?: unknown; predictions?: unknown };
    const done = new Set(Array.isArray(raw.done) ? raw.done.filter((x): x is string => typeof x === 'string') : []);
    const predictions: Record<string, number> = {};
    if (raw.predictions && typeof raw.predictions === 'object') {
      for (const [k, v] of Object.entries(raw.predictions)) if (typeof v === 'number') predictions[k] = v;
    }
    return { done, predictions };
  } catch {
    return { done: new Set(), predictions: {} };
  }
}

/** False when the browser refuses to store (private mode, quota). */
export function saveProgress(progress: Progress): boolean {
  try {
    localStorage.setItem(KEY, JSON.stringify({ done: [...progress.done], predictions: progress.predictions }));
    return true;
  } catch {
    return false;
  }
}

/** The progress as a downloadable JSON file. */
export function progressFile(progress: Progress): Blob {
  const body = { kindling: 'questions-progress', version: 1, saved: new Date().toISOString(), done: [...progress.done].sort(), predictions: progress.predictions };
  return new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
}
