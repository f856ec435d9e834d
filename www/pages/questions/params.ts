// The Questions page's link parameters: the question open, and the search.
import { p, type StateOf } from '../../state/params';

/** Labs a question's run can use (empty: any). */
export const RUN_LABS = ['', 'text', 'transformer', 'vision', 'sequence', 'gpt', 'lora', 'precision', 'representations', 'concepts'] as const;

/**
 * `q` is a question's id (empty: none open); `find` the search text; `lab`
 * shows only the questions whose runs use that lab (a lab's explanations
 * link here).
 */
export const questionsParams = {
  q: p.text(80, ''),
  find: p.text(60, ''),
  lab: p.enum(RUN_LABS, ''),
} as const;
export type QuestionsState = StateOf<typeof questionsParams>;
