// The engine's message types, generated from src/protocol.rs and the labs' (see
// protocol.generated.ts), plus the few helpers the page builds on them.
export type * from './protocol.generated';
import type { Request } from './protocol.generated';

/** A request before the client gives it an id (its `Envelope`). */
export type RequestBody = Request;

/** The message the worker adds when the wasm engine cannot be loaded at all. */
export type WorkerNote = { type: 'loadFailed'; message: string };
