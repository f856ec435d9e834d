import { describe, expect, it } from 'vitest';
import { heldOutClock } from './held-out-clock';

/** Slices of `slice` ms, a measurement costing `cost` ms more; the share of the time spent measuring over `total` ms. */
function share(everyMs: number, slice: number, cost: number, total: number): { measured: number; share: number } {
  const clock = heldOutClock(everyMs);
  let now = 0;
  let measured = 0;
  let measuring = 0;
  while (now < total) {
    const due = clock.due(now);
    const took = slice + (due ? cost : 0);
    now += took;
    clock.record(took, due, now);
    if (due) {
      measured += 1;
      measuring += cost;
    }
  }
  return { measured, share: measuring / now };
}

describe('heldOutClock (held-out loss while training)', () => {
  it('measures at the first slice and then about every interval when measuring is cheap', () => {
    const { measured, share: s } = share(4000, 300, 100, 60_000);
    expect(measured).toBeGreaterThanOrEqual(13);
    expect(measured).toBeLessThanOrEqual(16);
    expect(s).toBeLessThan(0.05);
  });
  it('spends at most about a fifth of the time measuring when a measurement outlasts the interval', () => {
    // The Sequence lab on a slow machine: a 300 ms slice, 4 s to measure.
    const { measured, share: s } = share(4000, 300, 4000, 120_000);
    expect(measured).toBeGreaterThan(3);
    expect(s).toBeLessThanOrEqual(0.21);
    expect(s).toBeGreaterThan(0.1);
  });
  it('measures again at once after a reset', () => {
    const clock = heldOutClock(4000);
    clock.record(300, false, 300);
    clock.record(5000, true, 5300);
    expect(clock.due(5400)).toBe(false);
    clock.reset();
    expect(clock.due(5400)).toBe(true);
  });
});
