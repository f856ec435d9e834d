// The map's UMAP layout, asked of a small worker of its own (./umap.worker.ts)
// so the page stays live while it runs. A newer request ends the worker of
// an older one still running (its answer would be thrown away), a worker
// that fails to load rejects what it was asked, and leaving the page ends
// the worker.
import type { UmapReply, UmapRequest } from './umap.worker';

/** Neighbours UMAP keeps near each token. */
const NEIGHBOURS = 15;

export type UmapLayout = {
  /** The 2-D layout of `n` vectors of `dim` values (row-major), or null when a newer request replaced this one. */
  layout: (vectors: Float32Array, n: number, dim: number, seed: number) => Promise<{ points: [number, number][]; ms: number } | null>;
  dispose: () => void;
};

export function umapLayout(): UmapLayout {
  let worker: Worker | null = null;
  let newest = 0;
  const pending = new Map<number, (reply: UmapReply) => void>();
  const stop = () => {
    worker?.terminate();
    worker = null;
    for (const [id, settle] of pending) settle({ id, error: 'replaced' });
    pending.clear();
  };
  const start = () => {
    const w = new Worker(new URL('./umap.worker.ts', import.meta.url), { type: 'module', name: 'umap' });
    w.onmessage = (event: MessageEvent<UmapReply>) => {
      pending.get(event.data.id)?.(event.data);
      pending.delete(event.data.id);
    };
    w.onerror = (event) => {
      event.preventDefault();
      const message = event.message || 'the layout worker failed';
      for (const [id, settle] of pending) settle({ id, error: message });
      pending.clear();
      w.terminate();
      if (worker === w) worker = null;
    };
    return w;
  };
  return {
    layout: (vectors, n, dim, seed) => {
      const id = ++newest;
      // An older request still running is replaced: its promise settles with null.
      if (pending.size > 0) stop();
      worker ??= start();
      const request: UmapRequest = { id, vectors, n, dim, seed, neighbours: NEIGHBOURS };
      return new Promise((resolve, reject) => {
        pending.set(id, (reply) => {
          if (id !== newest) return resolve(null);
          if ('error' in reply) return reject(new Error(reply.error));
          resolve({ points: reply.points, ms: reply.ms });
        });
        worker?.postMessage(request);
      });
    },
    dispose: () => {
      newest += 1;
      stop();
    },
  };
}
