// The questions bank's shape: each interview question, its answer in both
// languages, and the guided run that answers it in the labs.
export type Text = { en: string; zh: string };
export type Group = 'training' | 'normalisation' | 'cnn' | 'rnn' | 'attention' | 'tokens' | 'llm' | 'optimisation';
export type LabId = 'text' | 'transformer' | 'vision' | 'sequence' | 'gpt' | 'lora' | 'precision' | 'representations' | 'concepts';
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
/**
 * How a predicting step is checked in the lab: what the guide bar presses,
 * which readings (www/ui/readings.ts) it waits for, and which choice the
 * measured value picks. Kept beside the bank, one file per lab
 * (./measures/<lab>.ts), keyed by step (`<question id>:<step index>`).
 */
export type Measure = {
  /**
   * A run to make first, when the measurement needs a trained network: press
   * `press`, wait for `readings` at or after step `after`, then press `stop`
   * (a Train/Pause toggle) and wait until that run has settled.
   */
  before?: { press: string; readings: string[]; after: number; stop: string };
  /** data-testid of the lab's button that runs the step; absent when the lab measures as it opens. */
  press?: string;
  /** data-testid of the button that stops the run once it is measured: a training lab's Train/Pause toggle, pressed only while its aria-pressed is not "false". */
  stop?: string;
  /** The readings to wait for, each published after the press; the value needs all of them. */
  readings: string[];
  /** Take a reading only at or after this training step. */
  after?: number;
  /** The measured value from the readings, in `readings` order (default: the first). */
  value?: (values: number[]) => number;
  /** What the value is, e.g. “first layer's gradient ÷ last layer's”. */
  what: Text;
  /** The value as shown (default: three significant digits). */
  show?: (value: number) => string;
  /** The index of the choice the measured value picks. */
  pick: (value: number) => number;
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
