// The device check's link parameters.
import { p, type StateOf } from '../../state/params';

/** The device check: the size of the timed matrix products. */
export const checkParams = {
  n: p.enum(['128', '256', '512', '1024'], '512'),
} as const;
export type CheckState = StateOf<typeof checkParams>;
