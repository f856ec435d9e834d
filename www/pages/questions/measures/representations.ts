// How the guided runs' predictions in the Embeddings (representations) lab
// are measured: word2vec's nearest-neighbour cosine once an epoch is done,
// MiniLM's two "bank" vectors after the last layer, the autoencoder
// panel's code spread and KL term after 300 steps, and the β experiment's
// KL at β = 4 against β = 0.
import type { Measure } from '../types';

export const representationsMeasures: Record<string, Measure> = {
  // The Nearest neighbours table, refreshed when the one epoch ends.
  'word2vec-vs-bert-embeddings:0': {
    press: 'w2v-train',
    readings: ['representations.near.cosine'],
    after: 1,
    what: { en: 'cosine of 月 with its nearest neighbour', zh: '“月”与最近邻的余弦相似度' },
    show: (cosine) => cosine.toFixed(2),
    pick: (cosine) => (cosine > 0.5 ? 2 : cosine >= 0.2 ? 1 : 0),
  },
  // The static-against-contextual table's last row.
  'word2vec-vs-bert-embeddings:1': {
    press: 'ctx-run',
    readings: ['representations.context.cosine'],
    what: { en: 'cosine of the two “bank” vectors after the last layer', zh: '最后一层之后两个“bank”向量的余弦相似度' },
    show: (cosine) => cosine.toFixed(3),
    pick: (cosine) => (cosine >= 0.95 ? 0 : cosine >= 0.5 ? 1 : 2),
  },
  // The β table's KL column: β = 4's over β = 0's.
  'autoencoder-vs-vae:3': {
    press: 'beta-run',
    readings: ['representations.beta.kl.0', 'representations.beta.kl.2'],
    value: ([kl0, kl4]) => (kl4 ?? NaN) / (kl0 ?? NaN),
    what: { en: 'KL at β = 4 ÷ KL at β = 0', zh: 'β = 4 的 KL ÷ β = 0 的 KL' },
    show: (ratio) => ratio.toFixed(2),
    pick: (ratio) => (ratio > 0.5 ? 0 : ratio >= 0.2 ? 1 : 2),
  },
  // The test codes' root-mean-square distance from the origin.
  'autoencoder-vs-vae:1': {
    press: 'ae-train',
    stop: 'ae-train',
    readings: ['representations.ae.spread'],
    after: 300,
    what: { en: 'RMS distance of the test codes from the origin', zh: '测试编码到原点的均方根距离' },
    show: (d) => d.toFixed(2),
    // Orders of magnitude: about 1, about 10, about 100 (geometric midpoints √10 and √1000).
    pick: (d) => (d < Math.sqrt(10) ? 0 : d < Math.sqrt(1000) ? 1 : 2),
  },
  // The KL term measured on the test digits (the loss ignores it at β = 0).
  'autoencoder-vs-vae:2': {
    press: 'ae-train',
    stop: 'ae-train',
    readings: ['representations.ae.kl'],
    after: 300,
    what: { en: 'KL term per test digit', zh: '每个测试数字的 KL 项' },
    show: (kl) => `${kl.toFixed(1)} nats`,
    pick: (kl) => (kl > 10 ? 2 : kl >= 1 ? 1 : 0),
  },
};
