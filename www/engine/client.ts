// The page's side of the engine: one worker, typed requests with ids, events
// routed back to whoever asked, cancel, and recovery.
//
// Why not Comlink: the protocol is the product here (ids, streamed progress,
// cancel, fatal errors), and a proxy library would hide exactly that. This
// file is the whole RPC layer, about a hundred lines.
//
// Following: left to choose (`auto`), the engine starts on the CPU, and the
// backend chooser (chooser.ts) may ask it to follow WebGPU for a lab that
// runs faster there; the learner's choice stays `auto` meanwhile.
//
// Recovery: a fatal error (a panic trapped the wasm instance) or a lost GPU
// device terminates the worker and starts a fresh one; after a device loss
// the new one runs on the CPU. After a crash, requests in flight fail with
// the reason; after a device loss they are sent again to the new worker, so
// a forward pass that was running on the GPU finishes on the CPU.
import { say } from '../i18n';
import { type NotKept, notKept } from './kept';
import { type Ask, type BackendInfo, type BackendPreference, type Drawn, type ThreadPreference, type Envelope, type Event, type Message, type Reply, type ReplyFor, type Request, type WorkerNote } from './protocol';

/** Which engine build the worker loaded, and its wasm's size in bytes. */
export type EngineBuild = Extract<WorkerNote, { type: 'engine' }>['build'];

export type EngineStatus =
  | { state: 'loading'; loaded: number; total: number }
  /**
   * `software`: the software WebGPU adapter that `auto` passed over for the
   * CPU, by name. `build`: the engine build that runs (`null` if the worker
   * did not say), `bytes` its wasm's size.
   */
  | { state: 'ready'; backend: BackendInfo; initMs: number; software: string | null; build: EngineBuild | null; bytes: number }
  | { state: 'failed'; message: string };

export type EngineNotice =
  | { kind: 'fallback'; reason: string }
  /** `auto` found only a software WebGPU adapter and runs on the CPU; `backend=webgpu` forces it. */
  | { kind: 'software'; adapter: string }
  | { kind: 'deviceLost'; reason: string }
  | { kind: 'crashed'; reason: string }
  /** The threaded CPU engine could not start its threads, so one runs. */
  | { kind: 'oneThread'; reason: string }
  /** A downloaded model or dataset the browser would not keep: its lab works now, but not offline. */
  | { kind: 'notKept'; path: string; bytes: number; why: NotKept['why']; usage: number; quota: number };

export type Progress = { stage: string; loaded: number; total: number };

type Pending = {
  /** The request without its id (the client adds it, in an `Envelope`). */
  body: Request;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  onProgress: ((progress: Progress) => void) | undefined;
  onChunk: ((text: string) => void) | undefined;
  onTokens: ((tokens: Drawn[]) => void) | undefined;
};

/** A request in flight; `done` settles with its reply (of the kind its request gets). */
export type Job<R extends Reply = Reply> = { id: number; done: Promise<R>; cancel: () => void };

/**
 * A request the engine refused or failed. `message` is in the learner's
 * language, said from `code` and `params` when it was made; the engine's
 * English is `english`.
 */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    readonly params: Message['params'],
    readonly english: string,
  ) {
    super(say({ code, params, text: english }));
    this.name = 'EngineError';
  }
}

/** Error for a request that was cancelled. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** A new worker's notes, before it has said anything. */
const NOTHING_SAID = { software: null, build: null, bytes: 0 } as const;

/** More crashes than this within a minute stop the restarts. */
const MAX_CRASHES_PER_MINUTE = 3;

export class EngineClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** The learner's choice (the link's `backend`). */
  private preference: BackendPreference;
  /** What the current worker was asked for: the learner's choice, or under `auto` the backend the chooser follows. */
  private asked: BackendPreference;
  private threads: ThreadPreference;
  private statusListeners = new Set<(status: EngineStatus) => void>();
  private noticeListeners = new Set<(notice: EngineNotice) => void>();
  private crashes: number[] = [];
  /** Where the threaded engine's pool threads report a panic (the worker itself is blocked then). */
  private panics: BroadcastChannel | null = null;
  /** What the current worker said before `ready` (its notes): the software adapter it passed over, the build it loaded. */
  private said: { software: string | null; build: EngineBuild | null; bytes: number } = NOTHING_SAID;
  status: EngineStatus = { state: 'loading', loaded: 0, total: 0 };

  constructor(preference: BackendPreference, threads: ThreadPreference = 'all') {
    this.preference = preference;
    this.asked = preference;
    this.threads = threads;
    this.start();
  }

  /** The learner's backend choice; after a lost device, `cpu`. */
  get preferred(): BackendPreference {
    return this.preference;
  }

  /** The learner's thread choice. */
  get threadChoice(): ThreadPreference {
    return this.threads;
  }

  /** Follow the engine's status (called at once with the current one). */
  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  /** Hear about fallbacks, device losses and crashes. */
  onNotice(listener: (notice: EngineNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /**
   * Send a request; `done` settles with its reply, or rejects. The reply's
   * type follows from the request's (see `ReplyFor`). Streamed text
   * (generated characters) arrives through `onChunk` before it, generated
   * tokens with their distributions through `onTokens`.
   */
  request<B extends Ask>(
    body: B,
    onProgress?: (progress: Progress) => void,
    onChunk?: (text: string) => void,
    onTokens?: (tokens: Drawn[]) => void,
  ): Job<ReplyFor<B['type']>> {
    const id = this.nextId++;
    const done = new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { body, resolve, reject, onProgress, onChunk, onTokens });
    });
    this.post({ ...body, id });
    return {
      id,
      // The engine answers each request type with the kind ReplyKinds names
      // for it: both come from the same Rust definitions.
      done: done as Promise<ReplyFor<B['type']>>,
      cancel: () => this.post({ type: 'cancel', id: this.nextId++, target: id }),
    };
  }

  /** Restart the engine with another backend (and thread) preference. */
  restart(preference: BackendPreference, threads: ThreadPreference = this.threads): void {
    this.preference = preference;
    this.asked = preference;
    this.threads = threads;
    this.stop('the engine was restarted');
    this.start();
  }

  /**
   * Under `auto`, run on `backend` (restarting the engine if it runs on the
   * other); a learner's own choice is never overridden. True if it restarted.
   */
  follow(backend: 'cpu' | 'webgpu'): boolean {
    const asked = backend === 'webgpu' ? 'webgpu' : 'auto';
    if (this.preference !== 'auto' || this.asked === asked) return false;
    this.asked = asked;
    this.stop('the engine moved to another backend');
    this.start();
    return true;
  }

  /** Stop the engine for good (a client made for one measurement). */
  close(): void {
    this.stop('the engine was closed');
    this.statusListeners.clear();
    this.noticeListeners.clear();
  }

  private start(): void {
    const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
    this.worker = worker;
    // A stopped worker may still deliver queued messages or its trap's
    // error event: only the current worker is listened to.
    worker.onmessage = (message: MessageEvent<Event | WorkerNote>) => {
      if (this.worker === worker) this.receive(message.data);
    };
    worker.onerror = (error) => {
      error.preventDefault();
      if (this.worker === worker) this.crash(error.message || 'the engine worker failed');
    };
    this.said = NOTHING_SAID;
    this.setStatus({ state: 'loading', loaded: 0, total: 0 });
    this.post({ type: 'init', id: this.nextId++, backend: this.asked, threads: this.threads });
  }

  private stop(reason: string): void {
    this.worker?.terminate();
    this.worker = null;
    this.panics?.close();
    this.panics = null;
    for (const pending of this.pending.values()) pending.reject(new Error(reason));
    this.pending.clear();
  }

  private crash(reason: string): void {
    this.stop(reason);
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < 60_000).concat(now);
    if (this.crashes.length > MAX_CRASHES_PER_MINUTE) {
      // Something is wrong at start-up itself: stop rather than loop.
      this.setStatus({ state: 'failed', message: reason });
      return;
    }
    this.emitNotice({ kind: 'crashed', reason });
    this.start();
  }

  private post(request: Envelope): void {
    this.worker?.postMessage(request);
  }

  private receive(message: Event | WorkerNote): void {
    switch (message.type) {
      case 'loadFailed':
        this.setStatus({ state: 'failed', message: message.message });
        return;
      case 'software':
        this.said = { ...this.said, software: message.adapter };
        return;
      case 'oneThread':
        this.emitNotice({ kind: 'oneThread', reason: message.reason });
        return;
      case 'engine': {
        this.said = { ...this.said, build: message.build, bytes: message.bytes };
        if (message.panics !== null && typeof BroadcastChannel !== 'undefined') {
          const worker = this.worker;
          const panics = new BroadcastChannel(message.panics);
          panics.onmessage = (event: MessageEvent<Event>) => {
            if (this.worker === worker) this.receive(event.data);
          };
          this.panics = panics;
        }
        return;
      }
      case 'fetched':
        void notKept(message.url, message.bytes).then((missing) => {
          if (missing) this.emitNotice({ kind: 'notKept', path: message.path, bytes: message.bytes, ...missing });
        });
        return;
      case 'ready': {
        const { software } = this.said;
        this.setStatus({ state: 'ready', backend: message.backend, initMs: message.initMs, ...this.said });
        if (software !== null) this.emitNotice({ kind: 'software', adapter: software });
        else if (message.fallback !== null && this.preference !== 'cpu') {
          this.emitNotice({ kind: 'fallback', reason: message.fallback });
        }
        return;
      }
      case 'deviceLost': {
        const replay = [...this.pending].filter(([, p]) => p.body.type !== 'loseDevice');
        for (const [id] of replay) this.pending.delete(id);
        this.stop(`the GPU device was lost: ${message.message}`);
        this.preference = 'cpu';
        this.asked = 'cpu';
        this.emitNotice({ kind: 'deviceLost', reason: message.message });
        this.start();
        for (const [id, pending] of replay) {
          this.pending.set(id, pending);
          this.post({ ...pending.body, id });
        }
        return;
      }
      case 'progress':
        if (message.stage === 'wasm') {
          this.setStatus({ state: 'loading', loaded: message.loaded, total: message.total });
        }
        this.pending.get(message.id)?.onProgress?.(message);
        return;
      case 'chunk':
        this.pending.get(message.id)?.onChunk?.(message.text);
        return;
      case 'tokens':
        this.pending.get(message.id)?.onTokens?.(message.tokens);
        return;
      case 'result':
        this.settle(message.id, (p) => p.resolve(message.result));
        return;
      case 'cancelled':
        this.settle(message.id, (p) => p.reject(new CancelledError()));
        return;
      case 'error': {
        const error = new EngineError(message.code, message.params, message.message);
        if (message.fatal) {
          if (this.status.state === 'failed') return;
          this.crash(error.message);
          return;
        }
        this.settle(message.id, (p) => p.reject(error));
        return;
      }
    }
  }

  private settle(id: number, action: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    action(pending);
  }

  private setStatus(status: EngineStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private emitNotice(notice: EngineNotice): void {
    for (const listener of this.noticeListeners) listener(notice);
  }
}
