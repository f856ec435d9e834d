// Which backend is faster for a lab on this device, and the timings that
// say so, remembered per device in localStorage. Pure bookkeeping: the
// timing itself is probe.ts, the choosing in a running page chooser.ts.

/** One lab's representative step, timed on each backend of one device. */
export type Timing = {
  /** Median milliseconds a step on the CPU backend, with `threads` threads. */
  cpuMs: number;
  /** Median milliseconds a step on WebGPU. */
  gpuMs: number;
  threads: number;
  /** When it was measured (ms since the epoch). */
  at: number;
};

/**
 * The faster backend for `timing`. A side whose time is not a finite,
 * positive number (NaN included) loses; with neither measured the CPU
 * stays, as it needs no second engine.
 */
export function faster(timing: Pick<Timing, 'cpuMs' | 'gpuMs'>): 'cpu' | 'webgpu' {
  const ok = (ms: number) => Number.isFinite(ms) && ms > 0;
  if (!ok(timing.gpuMs)) return 'cpu';
  if (!ok(timing.cpuMs)) return 'webgpu';
  return timing.gpuMs < timing.cpuMs ? 'webgpu' : 'cpu';
}

/**
 * The device a timing belongs to: its GPU adapter (or none), its cores and
 * the CPU threads the engine ran on. Another browser on the same machine
 * keeps its own timings (localStorage is per browser).
 */
export function deviceKey(adapter: string | null, cores: number, threads: number): string {
  return `${adapter ?? 'no adapter'} | ${cores} cores | ${threads} threads`;
}

const KEY = 'kindling.timings.v1';

type Stored = Record<string, Record<string, Timing>>;

function isTiming(value: unknown): value is Timing {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return ['cpuMs', 'gpuMs', 'threads', 'at'].every((k) => typeof t[k] === 'number');
}

/** The timings kept in `storage` (none where the browser refuses storage). */
export class TimingMemory {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null) {}

  private read(): Stored {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(KEY) ?? '{}');
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Stored) : {};
    } catch {
      // A hand-edited or truncated entry: start again rather than fail.
      return {};
    }
  }

  /** Lab `lab`'s timing on `device`, if one was kept and is well-formed. */
  get(device: string, lab: string): Timing | null {
    const timing = this.read()[device]?.[lab];
    return isTiming(timing) ? timing : null;
  }

  /** Keep `timing` for `lab` on `device` (silently not, where storage is refused or full). */
  set(device: string, lab: string, timing: Timing): void {
    const stored = this.read();
    stored[device] = { ...(stored[device] ?? {}), [lab]: timing };
    try {
      this.storage?.setItem(KEY, JSON.stringify(stored));
    } catch {
      // Private mode or a full quota: the choice holds for this visit only.
    }
  }
}
