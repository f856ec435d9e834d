// The engine's message types, generated from src/protocol.rs and the labs' (see
// protocol.generated.ts), plus the few helpers the page builds on them.
export type * from './protocol.generated';
import type { Reply, ReplyKinds, Request } from './protocol.generated';

/** A request the engine answers with a reply: all but `init`, which the client sends itself. */
export type Ask = Extract<Request, { type: keyof ReplyKinds }>;

/**
 * The reply to a request of type `T`: the kind that `ReplyKinds` (generated
 * from the same Rust definitions) names for it, so `client.request(...)`
 * needs no narrowing: `(await client.request({ type: 'diagnose' }).done).value`
 * is a `DiagnosticsReport`.
 */
export type ReplyFor<T extends keyof ReplyKinds> = Extract<Reply, { kind: ReplyKinds[T] }>;

/**
 * Messages the worker adds: the wasm engine cannot be loaded at all; left
 * to choose (`auto`), it passed over a software WebGPU adapter (by name) for
 * the CPU; which engine build it loaded (`cpu`, `threads` or `gpu`,
 * see wasm-loader.ts), its size, and the BroadcastChannel its pool threads
 * report a panic on (the threaded build; the engine's own thread is then
 * blocked, so the page listens itself); the threaded build could not start
 * (its pool's workers, or the shared memory, refused), so one thread runs;
 * an asset has been downloaded (`url` absolute), so the page can check that
 * it was kept for offline use.
 */
export type WorkerNote =
  | { type: 'loadFailed'; message: string }
  | { type: 'software'; adapter: string }
  | { type: 'engine'; build: 'cpu' | 'threads' | 'gpu'; bytes: number; panics: string | null }
  | { type: 'oneThread'; reason: string }
  | { type: 'fetched'; path: string; url: string; bytes: number };
