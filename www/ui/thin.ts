// A chart's points, kept to a bound. A lab left training for an hour
// reports a loss every step, a hundred thousand of them; every one kept
// would grow the page's memory and the cost of each redraw without end.
// Past a bound, neighbouring points are merged in pairs, the way a long
// curve is drawn at the screen's resolution anyway.

/** One chart's columns: x, then one column per series (`null` is a gap). */
export type Columns = (number | null)[][];

/**
 * Merge neighbouring rows of `columns` in pairs, in place: each pair takes
 * its later x and, per series, the mean of its two values (the one value
 * where the other is a gap, a gap where both are). A sparse series such as
 * a test loss every few hundred steps keeps every point; a lone last row
 * stays as it is. Halves the rows (rounding up).
 */
export function halve(columns: Columns): void {
  const rows = columns[0]?.length ?? 0;
  for (const [c, column] of columns.entries()) {
    let out = 0;
    for (let i = 0; i < rows; i += 2) {
      const a = column[i] ?? null;
      const b = i + 1 < rows ? (column[i + 1] ?? null) : null;
      if (c === 0) column[out++] = i + 1 < rows ? b : a;
      else column[out++] = a !== null && b !== null ? (a + b) / 2 : (a ?? b);
    }
    column.length = out;
  }
}

/**
 * Append a row, then halve once the rows pass `max`: the chart keeps
 * between `max / 2` and `max` rows however long the run.
 */
export function pushBounded(columns: Columns, row: readonly (number | null)[], max: number): void {
  columns.forEach((column, c) => column.push(row[c] ?? null));
  if ((columns[0]?.length ?? 0) > max) halve(columns);
}
