// The engine's message types, generated from src/protocol.rs (see
// protocol.generated.ts), plus the few helpers the page builds on them.
export type * from './protocol.generated';
import type { Request } from './protocol.generated';

/** A request before the client gives it an id. */
export type RequestBody = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The message the worker adds when the wasm engine cannot be loaded at all. */
export type WorkerNote = { type: 'loadFailed'; message: string };
