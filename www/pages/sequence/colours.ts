// The three recurrences in the order every list and chart of the lab shows
// them, and one colour each.
import type { CellKind } from '../../engine/protocol';

export const CELLS: readonly CellKind[] = ['rnn', 'lstm', 'gru'];
export const CELL_COLOURS: Record<CellKind, string> = { rnn: '#c2410c', lstm: '#1d4ed8', gru: '#15803d' };
