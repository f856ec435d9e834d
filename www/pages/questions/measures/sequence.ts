// How the guided runs' predictions in the sequence lab are measured: for each
// predicting step (`<question id>:<step index>`), the button the guide bar
// presses, the readings the lab publishes (www/ui/readings.ts) and the choice
// the measured value picks.
import type { Measure } from '../types';

/** The cells in the order of the choices (and of `CELLS` in the lab). */
const CELL_NAMES = ['RNN', 'LSTM', 'GRU'] as const;
/** Held-out bits per character closer than this count as a tie. */
const TIE_BPC = 0.05;

export const sequenceMeasures: Record<string, Measure> = {
  // Train with clipping at norm 1 and read the training loss's fall: the
  // mean of the latest losses over the mean of the first ones.
  'vanishing-gradient-fixes:3': {
    press: 'train',
    stop: 'train',
    readings: ['sequence.loss.ratio'],
    after: 100,
    what: { en: 'latest training loss ÷ first', zh: '最新训练损失 ÷ 最初训练损失' },
    // Down by a tenth or more: it learns; within a fifth above: it is stuck;
    // higher (or NaN): it blew up like the unclipped run.
    pick: (ratio) => (ratio < 0.9 ? 1 : ratio < 1.2 ? 2 : 0),
  },
  // Trace the untrained LSTM and read the mean of the forget gate's map.
  'lstm-gates-forget-input:0': {
    press: 'trace',
    readings: ['sequence.gates.forget'],
    what: { en: 'mean forget gate, untrained', zh: '未训练时遗忘门的平均值' },
    pick: (mean) => (mean < 0.4 ? 0 : mean <= 0.6 ? 1 : 2),
  },
  // Train the three side by side and read their held-out bits per
  // character together, at one evaluation.
  'gru-vs-lstm:0': {
    press: 'train',
    stop: 'train',
    readings: ['sequence.heldOut.rnn', 'sequence.heldOut.lstm', 'sequence.heldOut.gru'],
    after: 100,
    // The index of the lowest (0 RNN, 1 LSTM, 2 GRU), or 3 when all are within TIE_BPC.
    value: (bpc) => {
      const finite = bpc.map((b) => (Number.isFinite(b) ? b : Infinity));
      const best = Math.min(...finite);
      return Math.max(...finite) - best < TIE_BPC ? 3 : finite.indexOf(best);
    },
    what: { en: 'lowest held-out bits per character', zh: '留出集每字符比特数最低的' },
    show: (which) => (which === 3 ? CELL_NAMES.join(' ≈ ') : (CELL_NAMES[which] ?? String(which))),
    pick: (which) => (which >= 0 && which <= 3 ? Math.floor(which) : 3),
  },
};
