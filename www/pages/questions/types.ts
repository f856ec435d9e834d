// The questions bank's shape: each interview question, its answer in both
// languages, and the guided run that answers it in the labs.
export type Text = { en: string; zh: string };
export type Group = 'training' | 'normalisation' | 'cnn' | 'rnn' | 'attention' | 'tokens' | 'llm' | 'optimisation';
export type LabId = 'text' | 'transformer' | 'vision' | 'sequence' | 'gpt' | 'lora' | 'precision' | 'concepts';
/** One step of a guided run: a lab opened in a given state through its link. */
export type Step = {
  lab: LabId;
  /** The lab's link parameters, exactly as its params.ts names them, with valid values. */
  params: Record<string, string | number | boolean>;
  /** One or two sentences: what to press or change on the page, and what to look at. */
  look: Text;
  /** Optional: a prediction asked before the learner runs the step. */
  predict?: { ask: Text; choices: Text[] };
};
export type Question = {
  /** kebab-case, unique. */
  id: string;
  group: Group;
  /** The interview question. */
  title: Text;
  /** A short interview-style answer, 3 to 6 sentences, written for this project. */
  answer: Text;
  /** At least two steps; empty when the lab it needs does not exist yet (then `coming: true`). */
  steps: Step[];
  coming?: boolean;
};
