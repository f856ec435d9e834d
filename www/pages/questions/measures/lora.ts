// How the guided runs' predictions in the lora lab are measured: for each
// predicting step (`<question id>:<step index>`), the button the guide bar
// presses, the readings the lab publishes (www/ui/readings.ts) and the choice
// the measured value picks.
import type { Measure } from '../types';

export const loraMeasures: Record<string, Measure> = {
  // Inside ΔW is drawn again when training ends: the full fine-tune's update
  // energy in its top r singular directions (`after` leaves out a Show
  // pressed before the run ends).
  'lora-low-rank-adaptation:1': {
    press: 'lora-train',
    readings: ['lora.inside.energy'],
    after: 50,
    what: { en: 'share of the full fine-tune’s update energy in its top 8 directions', zh: '全量微调的更新中前 8 个方向所占的能量比例' },
    show: (share) => `${(100 * share).toFixed(1)}%`,
    // “About half”: nearer a half than none or all.
    pick: (share) => (share < 0.25 ? 0 : share < 0.75 ? 1 : 2),
  },
  // The result table, when training ends: each run's change on the Tang poems.
  'lora-catastrophic-forgetting:0': {
    press: 'lora-train',
    readings: ['lora.forget.lora', 'lora.forget.full'],
    value: ([lora, full]) => (full as number) - (lora as number),
    what: { en: 'full fine-tuning’s rise on the Tang poems − LoRA’s (bits per character)', zh: '全量微调在唐诗上的损失上升 − LoRA 的（每字符比特数）' },
    show: (diff) => `${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(3)}`,
    pick: (diff) => (diff > 0.02 ? 1 : diff < -0.02 ? 0 : 2),
  },
};
