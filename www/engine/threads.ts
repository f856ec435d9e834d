// How many threads the CPU backend gets: one Web Worker per core the
// browser reports, up to a cap, and only in a cross-origin-isolated page
// (workers share the wasm memory only there). The engine worker sizes its
// pool with it; the Device page and the tests say the same number.

/** At most this many threads: past it, a matrix's blocks are too few to share. */
export const MAX_THREADS = 16;

/** The pool for `cores` reported cores (at least one). */
export function poolSize(cores: number): number {
  return Math.max(1, Math.min(MAX_THREADS, Math.floor(cores) || 1));
}
