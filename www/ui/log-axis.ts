// Log axes: where a value can be drawn, and how ticks are labelled.
//
// uPlot places log-axis ticks by stepping through decades with decimal
// rounding; below about 1e-25 the rounding no longer lands on the next step,
// and the tick list grows until the browser throws "Invalid array length".
// A vanishing gradient reaches such values (float32 goes down to 1e-45), so
// a log chart draws anything smaller at a floor, and labels the floor "≤".

/** The smallest value a log chart draws; smaller ones are drawn here. */
export const LOG_FLOOR = 1e-24;

/** A value as a log axis can draw it: raised to the floor; zero, negative or missing is a gap. */
export function onLogAxis(y: number | null): number | null {
  if (y === null || !(y > 0)) return null;
  return Math.max(y, LOG_FLOOR);
}

/**
 * Log-axis labels: every tick over a range of a decade or two; over more,
 * only the powers of ten, written 1e-6 rather than 0.000001 (or 0). The
 * floor reads "≤1e-24": values below it are drawn there.
 */
export function logTicks(ticks: readonly number[]): string[] {
  const positive = ticks.filter((v) => v > 0);
  const span = positive.length ? Math.log10(Math.max(...positive) / Math.min(...positive)) : 0;
  return ticks.map((v) => {
    if (!(v > 0)) return '';
    // uPlot's range puts the floor at 1.0000000000000001e-24.
    if (Math.abs(v / LOG_FLOOR - 1) < 1e-9) return `≤${LOG_FLOOR.toExponential()}`;
    const e = Math.round(Math.log10(v));
    const decade = Math.abs(Math.log10(v) - e) < 1e-6;
    if (span <= 2) return String(Number(v.toPrecision(2)));
    if (!decade || (span > 8 && e % 2 !== 0)) return '';
    return e >= -2 && e <= 3 ? String(Number(v.toPrecision(1))) : `1e${e}`;
  });
}
