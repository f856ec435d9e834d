import { describe, expect, it } from 'vitest';
import { TimingMemory, deviceKey, faster } from './choice';

/** A Storage-shaped map, as localStorage behaves. */
function storage(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('faster', () => {
  it('picks the smaller time a step', () => {
    expect(faster({ cpuMs: 3, gpuMs: 41 })).toBe('cpu');
    expect(faster({ cpuMs: 41, gpuMs: 3 })).toBe('webgpu');
  });
  it('keeps the CPU on a tie', () => {
    expect(faster({ cpuMs: 5, gpuMs: 5 })).toBe('cpu');
  });
  it('lets a side that was not measured lose, NaN included', () => {
    expect(faster({ cpuMs: 10, gpuMs: Number.NaN })).toBe('cpu');
    expect(faster({ cpuMs: Number.NaN, gpuMs: 10 })).toBe('webgpu');
    expect(faster({ cpuMs: Number.POSITIVE_INFINITY, gpuMs: 10 })).toBe('webgpu');
    expect(faster({ cpuMs: 0, gpuMs: 10 })).toBe('webgpu');
    expect(faster({ cpuMs: Number.NaN, gpuMs: Number.NaN })).toBe('cpu');
  });
});

describe('TimingMemory', () => {
  const timing = { cpuMs: 3, gpuMs: 41, threads: 8, at: 1 };
  it('keeps a timing per device and lab', () => {
    const s = storage();
    const memory = new TimingMemory(s);
    const laptop = deviceKey('nvidia ampere', 8, 8);
    memory.set(laptop, 'vision', timing);
    expect(new TimingMemory(s).get(laptop, 'vision')).toEqual(timing);
    expect(memory.get(laptop, 'gpt')).toBeNull();
    expect(memory.get(deviceKey('nvidia ampere', 8, 1), 'vision')).toBeNull();
    memory.set(laptop, 'gpt', { ...timing, cpuMs: 9 });
    expect(memory.get(laptop, 'vision')).toEqual(timing);
  });
  it('forgets a hand-edited or broken entry instead of failing', () => {
    const s = storage();
    s.setItem('kindling.timings.v1', '{not json');
    expect(new TimingMemory(s).get('d', 'vision')).toBeNull();
    s.setItem('kindling.timings.v1', JSON.stringify({ d: { vision: { cpuMs: 'fast' } } }));
    expect(new TimingMemory(s).get('d', 'vision')).toBeNull();
    new TimingMemory(s).set('d', 'vision', timing);
    expect(new TimingMemory(s).get('d', 'vision')).toEqual(timing);
  });
  it('works, remembering nothing, without storage or when storage refuses', () => {
    const memory = new TimingMemory(null);
    memory.set('d', 'vision', timing);
    expect(memory.get('d', 'vision')).toBeNull();
    const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(() => new TimingMemory(full).set('d', 'vision', timing)).not.toThrow();
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', async () => {
    const { median } = await import('./probe');
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
