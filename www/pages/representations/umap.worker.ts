// UMAP off the main thread: lays the map's token vectors out in two
// dimensions with umap-js (PAIR's port of McInnes et al.'s UMAP), by cosine
// distance, seeded so the same vectors give the same layout. PCA keeps the
// directions of most variance; UMAP keeps each token's nearest neighbours
// near, so clusters show that PCA squashes together.
import { UMAP } from 'umap-js';

export type UmapRequest = { id: number; vectors: Float32Array; n: number; dim: number; seed: number; neighbours: number };
export type UmapReply = { id: number; points: [number, number][]; ms: number } | { id: number; error: string };

/** A seeded generator in [0, 1) (mulberry32), so a layout can be repeated. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cosineDistance(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return 1 - dot / Math.max(1e-12, Math.sqrt(na * nb));
}

self.onmessage = (event: MessageEvent<UmapRequest>) => {
  const { id, vectors, n, dim, seed, neighbours } = event.data;
  const started = performance.now();
  try {
    const rows = Array.from({ length: n }, (_, i) => Array.from(vectors.subarray(i * dim, (i + 1) * dim)));
    const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(neighbours, n - 1), minDist: 0.1, random: seeded(seed), distanceFn: cosineDistance });
    const points = umap.fit(rows).map((p) => [p[0] ?? 0, p[1] ?? 0] as [number, number]);
    self.postMessage({ id, points, ms: performance.now() - started } satisfies UmapReply);
  } catch (err) {
    self.postMessage({ id, error: (err as Error).message } satisfies UmapReply);
  }
};
