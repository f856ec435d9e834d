// How the guided runs' predictions in the concepts lab are measured: for each
// predicting step (`<question id>:<step index>`), the button the guide bar
// presses, the readings the lab publishes (www/ui/readings.ts) and the choice
// the measured value picks.
import type { Measure } from '../types';

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

export const conceptsMeasures: Record<string, Measure> = {
  // The gradient-flow panel takes one step as it opens and publishes the
  // first hidden layer's gradient norm over the last hidden layer's.
  'vanishing-exploding-gradients:0': {
    readings: ['concepts.flow.ratio'],
    what: { en: 'first hidden layer’s gradient ÷ last hidden layer’s', zh: '第一个隐藏层的梯度 ÷ 最后一个隐藏层的梯度' },
    show: (ratio) => ratio.toExponential(1),
    // Orders of magnitude: below 1/100 smaller, above 100 larger.
    pick: (ratio) => (ratio < 0.01 ? 1 : ratio > 100 ? 2 : 0),
  },
  // The first slice of training (the opening step is step 1): the
  // large-init net blows up at once (NaN), so no later step is waited for.
  'vanishing-exploding-gradients:1': {
    press: 'flow-train',
    stop: 'flow-train',
    after: 2,
    readings: ['concepts.flow.lossRatio'],
    what: { en: 'latest training loss ÷ first (NaN: blown up)', zh: '最新训练损失 ÷ 最初损失（NaN：已发散）' },
    // Falling by a tenth trains; NaN, infinite or doubling blows up.
    pick: (ratio) => (ratio < 0.9 ? 0 : ratio <= 2 ? 1 : 2),
  },
  'vanishing-gradient-fixes:0': {
    readings: ['concepts.flow.ratio'],
    what: { en: 'first hidden layer’s gradient ÷ last hidden layer’s', zh: '第一个隐藏层的梯度 ÷ 最后一个隐藏层的梯度' },
    show: (ratio) => ratio.toExponential(1),
    // Steep is orders of magnitude from end to end: a factor 100 either way.
    pick: (ratio) => (ratio < 0.01 ? 0 : ratio > 100 ? 2 : 1),
  },
  // The histograms drawn as the panel opens.
  'sigmoid-saturation:0': {
    readings: ['concepts.flow.saturated'],
    what: { en: 'share of hidden sigmoid outputs within 0.1 of 0 or 1', zh: '隐藏层 sigmoid 输出落在 0 或 1 附近 0.1 以内的比例' },
    show: percent,
    // An even spread puts 1/6 there (4 of 24 bins): twice that is piled up, half that bunched in the middle.
    pick: (share) => (share > 1 / 3 ? 1 : share >= 1 / 12 ? 2 : 0),
  },
  // Only bent borders fit XOR: a straight line or a single class stays
  // near chance, ln 2 ≈ 0.69.
  'why-nonlinearity:0': {
    press: 'flow-train',
    stop: 'flow-train',
    after: 300,
    readings: ['concepts.flow.testLoss'],
    what: { en: 'test loss (chance: ln 2 ≈ 0.69)', zh: '测试损失（随机猜测：ln 2 ≈ 0.69）' },
    pick: (loss) => (loss < Math.LN2 / 2 ? 1 : 0),
  },
  'gradient-descent-backprop:1': {
    readings: ['concepts.race.sgd'],
    what: { en: 'SGD’s final value on the bowl (12.4 at the start)', zh: 'SGD 在碗面上的最终值（起点为 12.4）' },
    show: (value) => value.toPrecision(3),
    // Above where it started (or infinite) it flew off; near 0 it reached the minimum.
    pick: (value) => (!(value <= 12.42) ? 2 : value < 1e-3 ? 0 : 1),
  },
  // By step 2,000 the training loss is about 0 and the test loss has
  // turned (or not) from its lowest point, drawn on the chart.
  'overfitting-remedies:0': {
    press: 'flow-train',
    stop: 'flow-train',
    after: 2000,
    readings: ['concepts.flow.testRise'],
    what: { en: 'test loss now ÷ its lowest so far', zh: '当前测试损失 ÷ 迄今最低测试损失' },
    // Risen by a tenth above its lowest point: it turned back up.
    pick: (rise) => (rise > 1.1 ? 1 : 0),
  },
  'overfitting-remedies:2': {
    press: 'dropout-train',
    stop: 'dropout-train',
    after: 300,
    readings: ['concepts.dropout.testRatio'],
    what: { en: 'test loss with dropout ÷ without', zh: '有 dropout 的测试损失 ÷ 无 dropout 的' },
    // Within 5% is the same.
    pick: (ratio) => (ratio < 0.95 ? 1 : ratio > 1.05 ? 0 : 2),
  },
  'l1-vs-l2:0': {
    press: 'reg-train',
    stop: 'reg-train',
    after: 300,
    readings: ['concepts.reg.l1Zeros', 'concepts.reg.l2Zeros'],
    value: ([l1, l2]) => (l1 as number) - (l2 as number),
    what: { en: 'share of L1 net’s weights exactly zero − L2 net’s', zh: 'L1 网络中恰为零的权重比例 − L2 网络的' },
    show: (gap) => `${gap >= 0 ? '+' : ''}${(100 * gap).toFixed(1)} pts`,
    // A point in a hundred either way is more; within it, both about the same.
    pick: (gap) => (gap > 0.01 ? 0 : gap < -0.01 ? 1 : 2),
  },
  // The dropout demo as the page opens: the mean of 100,000 activations
  // after training-mode dropout over before.
  'dropout-train-eval:0': {
    readings: ['concepts.dropout.meanRatio'],
    what: { en: 'mean after dropout ÷ mean before', zh: 'dropout 后的均值 ÷ 之前的均值' },
    // Halfway (on a log scale) between a half, the same and double.
    pick: (ratio) => (ratio < Math.SQRT1_2 ? 0 : ratio > Math.SQRT2 ? 2 : 1),
  },
  // How far from mean 0 / std 1 BatchNorm's columns and LayerNorm's rows
  // are, over how far BatchNorm's rows and LayerNorm's columns are.
  'batchnorm-vs-layernorm:0': {
    readings: ['concepts.norm.offBnColsLnRows', 'concepts.norm.offBnRowsLnCols'],
    value: ([cols, rows]) => (cols as number) / (rows as number),
    what: { en: 'distance from mean 0, std 1: BN columns & LN rows ÷ BN rows & LN columns', zh: '与均值 0、标准差 1 的偏离：BN 各列与 LN 各行 ÷ BN 各行与 LN 各列' },
    show: (ratio) => ratio.toExponential(1),
    // Ten times closer one way than the other; about as close both ways is the whole matrix.
    pick: (ratio) => (ratio < 0.1 ? 0 : ratio > 10 ? 1 : 2),
  },
  'batchnorm-gamma-beta-batch-one:1': {
    readings: ['concepts.norm.evalMax'],
    what: { en: 'largest |value| BatchNorm outputs in evaluation mode', zh: 'BatchNorm 评估模式输出的最大绝对值' },
    pick: (max) => (!Number.isFinite(max) ? 2 : max < 1e-6 ? 0 : 1),
  },
  // SGD's final value less Adam's: the one still swinging across the
  // valley ends far above the minimum (0).
  'optimizers-compared:0': {
    readings: ['concepts.race.sgd', 'concepts.race.adam'],
    value: ([sgd, adam]) => (sgd as number) - (adam as number),
    what: { en: 'SGD’s final value − Adam’s (minimum 0, start 12.4)', zh: 'SGD 的最终值 − Adam 的（最小值 0，起点 12.4）' },
    show: (gap) => gap.toPrecision(3),
    pick: (gap) => (gap > 0.1 ? 0 : gap < -0.1 ? 1 : 2),
  },
  // SGD's final value less the lower of momentum's and Adam's: the minima
  // are at −1, the saddle at 0.
  'optimizers-compared:2': {
    readings: ['concepts.race.sgd', 'concepts.race.momentum', 'concepts.race.adam'],
    value: ([sgd, momentum, adam]) => (sgd as number) - Math.min(momentum as number, adam as number),
    what: { en: 'SGD’s final value − the lower of momentum’s and Adam’s', zh: 'SGD 的最终值 − 动量与 Adam 中较低者' },
    show: (gap) => gap.toPrecision(3),
    pick: (gap) => (gap > 0.1 ? 1 : gap < -0.1 ? 2 : 0),
  },
  // The first hidden layer's gradient norm with residuals (about 1e-14 without).
  'residual-connections:1': {
    readings: ['concepts.flow.firstGrad'],
    what: { en: 'first hidden layer’s gradient norm', zh: '第一个隐藏层的梯度范数' },
    show: (g) => g.toExponential(1),
    pick: (g) => (g < 1e-16 ? 0 : g > 1e-12 ? 2 : 1),
  },
};
