// How the guided runs' predictions in the vision lab are measured: for each
// predicting step (`<question id>:<step index>`), the button the guide bar
// presses, the readings the lab publishes (www/ui/readings.ts) and the choice
// the measured value picks.
import type { Measure } from '../types';

const integer = (n: number) => n.toLocaleString();

/** The index of the largest value: which of the named layers the readings put first. */
const largest = (values: number[]) => values.reduce((best, v, i) => (v > (values[best] ?? -Infinity) ? i : best), 0);

/** A choice index as it stands, anything else the first choice (pick must answer every number). */
const index = (n: number, choices: number) => (Number.isInteger(n) && n >= 0 && n < choices ? n : 0);

/** The test accuracy of the evaluation at or after step 300, against an unregularised run's 94%. */
function accuracyAt300(): Measure {
  return {
    press: 'train',
    stop: 'train',
    readings: ['vision.test.accuracy'],
    after: 300,
    what: { en: 'test accuracy at step 300', zh: '第 300 步的测试准确率' },
    show: (a) => `${(100 * a).toFixed(1)}%`,
    pick: (a) => (a >= 0.9 ? 0 : a >= 0.3 ? 1 : 2),
  };
}

export const visionMeasures: Record<string, Measure> = {
  // The first training step's loss, before any update has taught the net anything.
  'cross-entropy-vs-mse:0': {
    press: 'train',
    stop: 'train',
    readings: ['vision.train.loss'],
    after: 1,
    what: { en: 'cross-entropy of the first training batch', zh: '第一批训练数据的交叉熵' },
    // Nearest of 0, 1, 2.3 and 10.
    pick: (loss) => (loss < 0.5 ? 0 : loss < 1.65 ? 1 : loss < 6.15 ? 2 : 3),
  },
  // The mean of the latest training batches (dropout on) over the test loss (dropout off), both at the same step.
  'dropout-train-eval:2': {
    press: 'train',
    stop: 'train',
    readings: ['vision.train.recentLoss', 'vision.test.loss'],
    after: 150,
    value: ([train, test]) => (train as number) / (test as number),
    what: { en: 'training loss ÷ test loss', zh: '训练损失 ÷ 测试损失' },
    // Within 10% of each other the curves overlap.
    pick: (ratio) => (ratio < 0.9 ? 0 : ratio > 1.1 ? 1 : 2),
  },
  // The layer table: the first BatchNorm row's parameters.
  'batchnorm-gamma-beta-batch-one:0': {
    readings: ['vision.bn1.params'],
    what: { en: 'parameters of the first BatchNorm', zh: '第一个 BatchNorm 的参数量' },
    show: integer,
    // Nearest of 8, 16, 32 and 6,272 (by ratio).
    pick: (n) => (n < 11.3 ? 0 : n < 22.6 ? 1 : n < 448 ? 2 : 3),
  },
  // The layer table: the output layer's parameters, against its 7,850 in the pooled network.
  'pooling-max-backward:1': {
    readings: ['vision.output.params'],
    what: { en: 'final dense layer’s parameters (7,850 with both pools)', zh: '最后全连接层的参数量（有两个池化时为 7,850）' },
    show: integer,
    // Nearest of 1, 4 and 16 times (by ratio).
    pick: (n) => (n / 7850 < 2 ? 0 : n / 7850 < 8 ? 1 : 2),
  },
  // The layer table: which of the three layers has the most parameters.
  'weight-sharing:0': {
    readings: ['vision.conv1.params', 'vision.hidden.params', 'vision.output.params'],
    value: largest,
    what: { en: 'the layer with the most parameters', zh: '参数最多的层' },
    show: (i) => ['conv 5x5/1, 8', 'dense 128', 'dense 10'][i] ?? '?',
    pick: (i) => index(i, 3),
  },
  // The layer table: the convolution's parameters, against its 208 at stride 1.
  'weight-sharing:1': {
    readings: ['vision.conv1.params'],
    what: { en: 'the convolution’s parameters (208 at stride 1)', zh: '卷积层的参数量（步幅 1 时为 208）' },
    show: integer,
    // Nearest of 1, 1/2 and 1/4 times (by ratio).
    pick: (n) => (n / 208 > 0.707 ? 0 : n / 208 > 0.354 ? 1 : 2),
  },
  // The layer table: the third convolution's receptive field.
  'receptive-field:1': {
    readings: ['vision.conv3.rf'],
    what: { en: 'receptive field of the third convolution', zh: '第三个卷积的感受野' },
    show: (side) => `${side}×${side}`,
    // Nearest of 7, 10, 18 and 28.
    pick: (side) => (side < 8.5 ? 0 : side < 14 ? 1 : side < 23 ? 2 : 3),
  },
  // The layer table: which of the three layers does the most multiply-adds.
  'cnn-flops-params:0': {
    readings: ['vision.conv1.macs', 'vision.conv2.macs', 'vision.output.macs'],
    value: largest,
    what: { en: 'the layer with the most multiply-adds', zh: '乘加次数最多的层' },
    show: (i) => ['conv 5x5/1, 8', 'conv 5x5/1, 16', 'dense 10'][i] ?? '?',
    pick: (i) => index(i, 3),
  },
  // The layer table: block 2's convolution, against its 3,216 parameters with 8 channels in block 1.
  'cnn-flops-params:1': {
    readings: ['vision.conv2.params'],
    what: { en: 'block 2 convolution’s parameters (3,216 with 8 channels in block 1)', zh: '第 2 块卷积的参数量（第 1 块 8 通道时为 3,216）' },
    show: integer,
    // Nearest of 1, 2 and 4 times (by ratio).
    pick: (n) => (n / 3216 < 1.41 ? 0 : n / 3216 < 2.83 ? 1 : 2),
  },
  // The training loss at step 80: a sigmoid CNN sits on its plateau near ln 10 ≈ 2.3 at first.
  'sigmoid-saturation:3': {
    press: 'train',
    stop: 'train',
    readings: ['vision.train.loss'],
    after: 80,
    what: { en: 'training loss at step 80', zh: '第 80 步的训练损失' },
    show: (loss) => loss.toFixed(2),
    pick: (loss) => (loss < 1.8 ? 0 : loss < 3 ? 1 : 2),
  },
  // The training loss at step 150 with BatchNorm, at the learning rate that stalled the plain CNN.
  'what-normalisation-does:3': {
    press: 'train',
    stop: 'train',
    readings: ['vision.train.loss'],
    after: 150,
    what: { en: 'training loss at step 150', zh: '第 150 步的训练损失' },
    show: (loss) => loss.toFixed(2),
    pick: (loss) => (loss < 1.8 ? 1 : loss < 3 ? 0 : 2),
  },
  // The latest training batches (augmented) against the test digits (plain), at the same step.
  'translation-invariance:2': {
    press: 'train',
    stop: 'train',
    readings: ['vision.train.recentLoss', 'vision.test.loss'],
    after: 300,
    value: ([train, test]) => (train as number) / (test as number),
    what: { en: 'training loss ÷ test loss', zh: '训练损失 ÷ 测试损失' },
    show: (ratio) => ratio.toFixed(2),
    pick: (ratio) => (ratio > 1.1 ? 0 : ratio < 0.9 ? 2 : 1),
  },
  // The test accuracy at step 300 with Adam + L2 = 1 (step 0) and AdamW's decay of 1 (step 1).
  'adam-vs-adamw:0': accuracyAt300(),
  'adam-vs-adamw:1': accuracyAt300(),
  // Train 40 steps, pause, then quantize and fold: the largest output difference folding made.
  'conv-bn-folding:1': {
    before: { press: 'train', readings: ['vision.train.loss'], after: 40, stop: 'train' },
    press: 'compress',
    readings: ['vision.fold.maxDiff'],
    what: { en: 'largest output difference after folding', zh: '折叠后输出的最大差异' },
    show: (d) => d.toExponential(1),
    pick: (d) => (d < 1e-3 ? 0 : d < 1 ? 1 : 2),
  },
};
