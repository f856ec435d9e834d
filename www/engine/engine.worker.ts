/// <reference lib="webworker" />
// The engine worker: owns the wasm module and the burn device, and nothing
// else. It creates the engine lazily on the first request, forwards every
// request to it and every event back, and turns a trapped wasm instance into
// a fatal error so that the page can restart the worker. Which of the three
// engine builds it loads follows from that first request (`init`): the GPU
// engine only when WebGPU is asked for by name, the much smaller CPU engine
// otherwise, threaded where the page is cross-origin isolated (shared memory
// needs it). Left to choose (`auto`), the engine starts on the CPU even where
// a GPU is there: the page times each lab on both (engine/chooser.ts) and
// restarts on WebGPU for the labs it wins, so no lab waits for the GPU build.
import { softwareAdapter } from './adapter';
import type { Envelope, Event, WorkerNote } from './protocol';
import { download } from './download';
import { poolSize } from './threads';
import { type EngineBuild, type EngineHandle, loadEngineModule } from './wasm-loader';

declare const self: DedicatedWorkerGlobalScope;

let engine: Promise<EngineHandle> | null = null;
let dead = false;
/** The adapter `checkGpu` found, to name it in `ready` without asking again. */
let checkedAdapter: GPUAdapterInfo | null = null;
/** Init requests this worker downgraded to the CPU, with the reason. */
const downgraded = new Map<number, string>();

function post(message: Event | WorkerNote): void {
  if (message.type === 'ready') {
    const original = message;
    void ready(original)
      .catch(() => original)
      .then((amended) => self.postMessage(amended));
    return;
  }
  self.postMessage(message);
}

/** Add what only JavaScript knows to `ready`: why the CPU, which adapter. */
async function ready(event: Extract<Event, { type: 'ready' }>): Promise<Event> {
  const reason = downgraded.get(event.id);
  if (event.fallback === null && reason !== undefined) event = { ...event, fallback: reason };
  if (event.backend.kind === 'webgpu' && !event.backend.adapter) {
    const info = checkedAdapter ?? (await navigator.gpu?.requestAdapter())?.info;
    const name = [info?.vendor, info?.architecture].filter(Boolean).join(' ') || info?.description || 'WebGPU';
    event = { ...event, backend: { ...event.backend, adapter: name } };
  }
  return event;
}

/**
 * The site's root: built, this worker is `assets/engine.worker-<hash>.js`;
 * under the dev server, public files are served from `/`.
 */
const siteRoot = import.meta.env.DEV ? new URL('/', self.location.href) : new URL('../', import.meta.url);

/** What the engine calls to read an asset; progress goes to request `id`. */
async function fetchAsset(path: string, id: number): Promise<Uint8Array> {
  const stage = `asset:${path}`;
  const url = new URL(path, siteRoot).toString();
  const bytes = await download(url, (loaded, total) => post({ type: 'progress', id, stage, loaded, total }));
  post({ type: 'fetched', path, url, bytes: bytes.length });
  return bytes;
}

/**
 * The CPU threads a page may run on: every core the browser reports (up to
 * MAX_THREADS) where it is cross-origin isolated, one otherwise: workers
 * share the wasm memory only in an isolated page.
 */
function threadsFor(request: Envelope): number {
  if (request.type !== 'init' || request.threads === 'one' || !self.crossOriginIsolated) return 1;
  return poolSize(navigator.hardwareConcurrency);
}

/**
 * The build `request` needs when it is the first: the GPU engine for an
 * `init` that still asks for WebGPU after [`checkGpu`], the threaded CPU
 * engine where more than one thread may run, the CPU engine for everything
 * else. A worker keeps the build it started with; after a lost device the
 * page starts a new worker on the CPU.
 */
function buildFor(request: Envelope): EngineBuild {
  if (request.type === 'init' && request.backend !== 'cpu') return 'gpu';
  return threadsFor(request) > 1 ? 'threads' : 'cpu';
}

/**
 * Load the module once; download progress is reported against `request`.
 * A threaded engine that cannot start (a browser refusing the shared
 * memory, or its workers) gives way to the single-threaded one.
 */
function getEngine(request: Envelope): Promise<EngineHandle> {
  const id = request.id;
  const load = (build: EngineBuild) =>
    loadEngineModule(build, threadsFor(request), (loaded, total) => post({ type: 'progress', id, stage: 'wasm', loaded, total })).then(
      ({ Handle, bytes, panics }) => {
        post({ type: 'engine', build, bytes, panics });
        return new Handle((event: Event) => post(event), fetchAsset);
      },
    );
  const build = buildFor(request);
  engine ??= build === 'threads' ? load(build).catch((err: unknown) => {
    post({ type: 'oneThread', reason: String(err) });
    return load('cpu');
  }) : load(build);
  return engine;
}

/**
 * WebGPU needs `navigator.gpu` and an adapter. Where either is missing, ask
 * the engine for the CPU directly and remember why, rather than load the GPU
 * engine for wgpu to probe an absent API.
 * Left to choose (`auto`), the CPU engine starts: a software adapter is
 * skipped (a learner who forces `webgpu` gets it all the same), and a
 * hardware one waits for a lab that runs faster on it (engine/chooser.ts).
 */
async function checkGpu(request: Envelope): Promise<Envelope> {
  if (request.type !== 'init' || request.backend === 'cpu') return request;
  if (!navigator.gpu) {
    downgraded.set(request.id, 'this browser has no WebGPU (navigator.gpu is missing)');
    return { ...request, backend: 'cpu' };
  }
  // Without an adapter wgpu would fail the same way, after the GPU engine's
  // download: go to the CPU engine at once.
  const adapter = await navigator.gpu.requestAdapter().catch(() => null);
  if (!adapter) {
    downgraded.set(request.id, 'the browser offers no WebGPU adapter (requestAdapter() gave none)');
    return { ...request, backend: 'cpu' };
  }
  checkedAdapter = adapter.info;
  if (request.backend !== 'auto') return request;
  const software = softwareAdapter(adapter);
  if (software) post({ type: 'software', adapter: software });
  return { ...request, backend: 'cpu' };
}

/** The fatal error this worker sends itself, with its code for the page. */
function fatal(id: number, code: 'engine.stopped' | 'engine.loadFailed', reason: string): Event {
  const english = code === 'engine.stopped' ? 'the engine has stopped' : 'the engine could not be loaded';
  return { type: 'error', id, message: `${english}: ${reason}`, code, params: { reason }, fatal: true };
}

/** Requests in arrival order: an `init` waiting for its adapter holds back the ones after it. */
let arrived: Promise<unknown> = Promise.resolve();

self.onmessage = async (message: MessageEvent<Envelope>) => {
  const checked = arrived.then(() => checkGpu(message.data));
  arrived = checked.catch(() => undefined);
  const request = await checked;
  if (dead) {
    post(fatal(request.id, 'engine.stopped', 'an earlier request crashed it'));
    return;
  }
  let instance: EngineHandle;
  try {
    instance = await getEngine(request);
  } catch (err) {
    post({ type: 'loadFailed', message: String(err) });
    post(fatal(request.id, 'engine.loadFailed', String(err)));
    dead = true;
    return;
  }
  try {
    await instance.handle(request);
  } catch (err) {
    // A panic traps the instance (panic = "abort"): the panic hook has already
    // sent a fatal error with the panic message; this covers traps without one.
    dead = true;
    post(fatal(request.id, 'engine.stopped', String(err)));
  }
};
