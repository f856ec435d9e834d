// The backend each lab runs on when the learner leaves the choice to the
// page (`auto`). The engine starts on the CPU, so the first lab is usable
// without the GPU build. Where the browser has a hardware GPU adapter, the
// first visit to a lab that offers a probe (engine/probe.ts) times its
// representative step on both backends, each in an engine of its own,
// keeps the timings for this device (choice.ts) and moves the engine to
// the faster backend; later visits use the kept timings at once. A
// software adapter is never chosen (the worker skips it), but timings the
// learner asked for on the Device page are still shown, as the reason.
import { adapterName, findAdapter, softwareAdapter } from './adapter';
import { type Timing, TimingMemory, deviceKey, faster } from './choice';
import type { EngineClient } from './client';
import { type LabProbe, timeStep } from './probe';
import { poolSize } from './threads';

/** What the chooser says about the lab on screen. */
export type LabChoice =
  | { state: 'none' }
  /** Timing `lab` on both backends. */
  | { state: 'timing'; lab: string }
  /** `lab` runs on `backend`, the faster by `timing`. */
  | { state: 'chosen'; lab: string; backend: 'cpu' | 'webgpu'; timing: Timing; switched: boolean };

/** The browser's adapter as the chooser needs it. */
type Adapter = { name: string | null; hardware: boolean };

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export class BackendChooser {
  private lab = '';
  private choice: LabChoice = { state: 'none' };
  private listeners = new Set<(choice: LabChoice) => void>();
  private adapter: Promise<Adapter> | null = null;
  /** The adapter once found: with it, a kept choice applies before the lab sends its first request. */
  private known: Adapter | null = null;
  /** Measurements run one at a time: two engines timing at once would slow each other. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Each lab's measurement under way, so that a lab is never timed twice at once. */
  private running = new Map<string, Promise<Timing>>();

  constructor(
    private readonly client: EngineClient,
    private readonly probes: Readonly<Record<string, LabProbe>>,
    private readonly memory = new TimingMemory(browserStorage()),
  ) {}

  /** The labs that can be timed, in table order. */
  labs(): string[] {
    return Object.keys(this.probes);
  }

  /** Follow the choice for the lab on screen (called at once with the current one). */
  onChange(listener: (choice: LabChoice) => void): () => void {
    this.listeners.add(listener);
    listener(this.choice);
    return () => this.listeners.delete(listener);
  }

  /** The page now shows `lab`: run it on its faster backend, timing it first if need be. */
  enter(lab: string): void {
    // Drawn again (a language switch): keep what is known or under way.
    if (lab === this.lab && this.choice.state !== 'none') return;
    this.lab = lab;
    this.set({ state: 'none' });
    if (this.known && this.client.preferred === 'auto' && this.probes[lab]) {
      const kept = this.memory.get(this.keyFor(this.known), lab);
      if (kept) return this.apply(lab, kept, this.known.hardware);
    }
    void this.choose(lab).catch((err: unknown) => {
      console.warn(`could not time the ${lab} lab on each backend`, err);
      if (this.lab === lab) this.set({ state: 'none' });
    });
  }

  /**
   * Time `lab` on both backends now and keep the timings, whatever the
   * adapter (the Device page asks; a software adapter is timed too, which
   * is how a learner sees why it is skipped). The engine the page runs on
   * is left as it is.
   */
  async compare(lab: string): Promise<Timing> {
    const key = await this.deviceKey();
    const timing = await this.measure(lab);
    this.memory.set(key, lab, timing);
    return timing;
  }

  /** `lab`'s kept timing on this device, if any. */
  async kept(lab: string): Promise<Timing | null> {
    return this.memory.get(await this.deviceKey(), lab);
  }

  private async choose(lab: string): Promise<void> {
    if (this.client.preferred !== 'auto' || !this.probes[lab]) return;
    const { hardware } = await this.adapterInfo();
    const key = await this.deviceKey();
    const kept = this.memory.get(key, lab);
    if (kept) return this.apply(lab, kept, hardware);
    if (!hardware || this.lab !== lab) return;
    this.set({ state: 'timing', lab });
    const timing = await this.measure(lab);
    this.memory.set(key, lab, timing);
    this.apply(lab, timing, hardware);
  }

  /** Run `lab` (if still on screen) on the faster backend `timing` shows; a software adapter never runs. */
  private apply(lab: string, timing: Timing, hardware: boolean): void {
    if (this.lab !== lab || this.client.preferred !== 'auto') return;
    const backend = faster(timing);
    if (backend === 'webgpu' && !hardware) {
      this.set({ state: 'none' });
      return;
    }
    const switched = this.client.follow(backend);
    this.set({ state: 'chosen', lab, backend, timing, switched });
  }

  /** Both backends' median step for `lab`, one after the other, after any measurement already running. */
  private measure(lab: string): Promise<Timing> {
    const probe = this.probes[lab];
    if (!probe) return Promise.reject(new Error(`the ${lab} lab has no probe`));
    const under = this.running.get(lab);
    if (under) return under;
    const threads = this.client.threadChoice;
    const run = this.queue.then(async () => {
      const cpu = await timeStep(probe, 'cpu', threads);
      const gpu = await timeStep(probe, 'webgpu', threads);
      return { cpuMs: cpu.ms, gpuMs: gpu.ms, threads: cpu.threads, at: Date.now() };
    });
    this.running.set(lab, run);
    this.queue = run.catch(() => undefined).finally(() => this.running.delete(lab));
    return run;
  }

  /** The browser's adapter, asked once (start it early: `enter` is quicker once it is known). */
  adapterInfo(): Promise<Adapter> {
    this.adapter ??= findAdapter().then((adapter) => {
      this.known = adapter ? { name: adapterName(adapter) || 'WebGPU', hardware: softwareAdapter(adapter) === null } : { name: null, hardware: false };
      return this.known;
    });
    return this.adapter;
  }

  /** This device, as its timings are kept: the adapter, the cores and the threads the CPU engine gets. */
  private async deviceKey(): Promise<string> {
    return this.keyFor(await this.adapterInfo());
  }

  private keyFor(adapter: Adapter): string {
    const cores = navigator.hardwareConcurrency || 1;
    const threads = this.client.threadChoice === 'one' || !self.crossOriginIsolated ? 1 : poolSize(cores);
    return deviceKey(adapter.name, cores, threads);
  }

  private set(choice: LabChoice): void {
    this.choice = choice;
    for (const listener of this.listeners) listener(choice);
  }
}
