// A quantization scheme as the page names it, and the schemes the model
// table runs.
import type { Granularity, Scheme } from '../../engine/protocol';
import { t } from '../../i18n';

/** The table's schemes, coarsest grid last within each width. */
export const TABLE_SCHEMES: readonly { bits: number; granularity: Granularity }[] = [
  { bits: 8, granularity: 'tensor' },
  { bits: 8, granularity: 'channel' },
  { bits: 8, granularity: 'group128' },
  { bits: 4, granularity: 'tensor' },
  { bits: 4, granularity: 'channel' },
  { bits: 4, granularity: 'group128' },
  { bits: 4, granularity: 'group64' },
  { bits: 4, granularity: 'group32' },
];

/** "int4 · per channel · symmetric". */
export function schemeName(s: Scheme): string {
  return `int${s.bits} · ${t(`precision.gran.${s.granularity}`)} · ${t(s.symmetric ? 'precision.sym' : 'precision.asym')}`;
}
