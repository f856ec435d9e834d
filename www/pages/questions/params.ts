// The Questions page's link parameters: the question open, and the search.
import { p, type StateOf } from '../../state/params';

/** `q` is a question's id (empty: none open); `find` the search text. */
export const questionsParams = {
  q: p.text(80, ''),
  find: p.text(60, ''),
} as const;
export type QuestionsState = StateOf<typeof questionsParams>;
