// How the guided runs' predictions in the transformer lab are measured: for each
// predicting step (`<question id>:<step index>`), the button the guide bar
// presses, the readings the lab publishes (www/ui/readings.ts) and the choice
// the measured value picks.
import type { Measure } from '../types';

export const transformerMeasures: Record<string, Measure> = {
  // The head's arithmetic is done as the page opens: the query's largest
  // weight without the 1/√d_k scale, less the one with it.
  'self-attention-sqrt-dk:0': {
    readings: ['transformer.head.maxUnscaled', 'transformer.head.maxScaled'],
    value: ([unscaled, scaled]) => (unscaled as number) - (scaled as number),
    what: { en: 'largest weight without ÷√d_k − with it', zh: '不除以 √d_k 时的最大权重 − 除以时的' },
    show: (change) => `${change > 0 ? '+' : ''}${change.toFixed(3)}`,
    // A change of a hundredth or less is no change.
    pick: (change) => (change > 0.01 ? 0 : change < -0.01 ? 2 : 1),
  },
  // The stats table is filled as the page opens: layer 3's share of
  // attention (mean over heads and queries) on [CLS] and [SEP] together.
  'multi-head-attention:0': {
    readings: ['transformer.stats.special'],
    what: { en: 'layer 3’s attention on [CLS] + [SEP]', zh: '第 3 层落在 [CLS] + [SEP] 上的注意力' },
    show: (share) => `${(100 * share).toFixed(0)}%`,
    pick: (share) => (share < 0.1 ? 0 : share > 0.5 ? 2 : 1),
  },
};
