import { describe, expect, it } from 'vitest';
import uPlot from 'uplot';
import { LOG_FLOOR, logTicks, onLogAxis } from './log-axis';

describe('log axis', () => {
  it('raises a vanishing value to the floor and leaves a gap for what a log axis cannot draw', () => {
    expect(onLogAxis(1e-40)).toBe(LOG_FLOOR);
    expect(onLogAxis(1.4e-45)).toBe(LOG_FLOOR);
    expect(onLogAxis(3e-3)).toBe(3e-3);
    expect(onLogAxis(3e38)).toBe(3e38);
    for (const y of [0, -1, Number.NaN, null]) expect(onLogAxis(y)).toBeNull();
  });

  it('labels the floor as a bound, powers of ten over a wide range, every tick over a narrow one', () => {
    // The scale uPlot makes for data reaching the floor starts a hair above it.
    const low = uPlot.rangeLog(LOG_FLOOR, 10, 10, true)[0] ?? 0;
    expect(logTicks([low, 1e-12, 1e-11, 1])).toEqual(['≤1e-24', '1e-12', '', '1']);
    expect(logTicks([0.5, 1, 2])).toEqual(['0.5', '1', '2']);
  });
});
