// How the guided runs' predictions in the precision lab are measured: for each
// predicting step (`<question id>:<step index>`), the button the guide bar
// presses, the readings the lab publishes (www/ui/readings.ts) and the choice
// the measured value picks.
import type { Measure } from '../types';

/** The index of the largest value (NaN never wins). */
const largest = (values: number[]) => values.reduce((best, v, i) => (v > (values[best] ?? Number.NEGATIVE_INFINITY) ? i : best), 0);
/** An index as a choice: anything but 0 … n − 1 falls back to the first. */
const index = (n: number) => (i: number) => (Number.isInteger(i) && i >= 0 && i < n ? i : 0);

export const precisionMeasures: Record<string, Measure> = {
  // PTQ of the f32 run against int4 QAT, held-out bits per character when
  // the runs end; both are scored on the same held-out characters.
  'int8-ptq-vs-qat-round:1': {
    press: 'precision-qat-run',
    readings: ['precision.qat.ptq4', 'precision.qat.qat4'],
    value: ([ptq, qat]) => (ptq as number) - (qat as number),
    what: { en: 'PTQ int4’s held-out bits per character − QAT int4’s', zh: 'PTQ int4 的留出集每字符比特数 − QAT int4 的' },
    show: (diff) => `${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(3)}`,
    pick: (diff) => (diff > 0.01 ? 1 : diff < -0.01 ? 0 : 2),
  },
  // The matrix on view, quantized at every granularity with the same bits.
  'quant-granularity-groupwise-int4:0': {
    press: 'precision-layer-compare',
    readings: ['precision.layer.rmsTensor', 'precision.layer.rmsChannel'],
    value: ([tensor, channel]) => (channel as number) / (tensor as number),
    what: { en: 'RMS rounding error per output channel ÷ per tensor', zh: '每个输出通道一个缩放因子的 RMS 舍入误差 ÷ 整个张量一个的' },
    show: (ratio) => `×${ratio.toFixed(2)}`,
    pick: (ratio) => (ratio < 0.95 ? 0 : ratio > 1.05 ? 2 : 1),
  },
  // The whole-model table: bits per character lost at int4 under each granularity.
  'quant-granularity-groupwise-int4:1': {
    press: 'precision-table-run',
    readings: ['precision.table.int4Tensor', 'precision.table.int4Channel', 'precision.table.int4Group32'],
    value: largest,
    what: { en: 'the int4 scheme that loses the most bits per character', zh: '每字符比特数损失最大的 int4 方案' },
    show: (i) => ['int4 · tensor', 'int4 · channel', 'int4 · group32'][i] ?? '?',
    pick: index(3),
  },
  // The values are rounded to each format as the lab opens: 1 for a format
  // that keeps all of them finite and above zero, fp16 + 2 × bf16.
  'mixed-precision-loss-scaling:0': {
    readings: ['precision.formats.fp16', 'precision.formats.bf16'],
    value: ([fp16, bf16]) => (fp16 as number) + 2 * (bf16 as number),
    what: { en: 'formats that keep every value finite and above zero', zh: '能让每个值保持有限且不为零的格式' },
    show: (code) => ['–', 'fp16', 'bf16', 'fp16 + bf16'][code] ?? '?',
    // 1: fp16 only, 2: bf16 only, 3: both, anything else: neither.
    pick: (code) => (code === 1 ? 0 : code === 2 ? 1 : code === 3 ? 2 : 3),
  },
  // Each run's share of gradients rounded to 0 so far, in the choices' order.
  'mixed-precision-loss-scaling:1': {
    press: 'precision-mixed-run',
    stop: 'precision-mixed-stop',
    readings: ['precision.mixed.vanished.fp32', 'precision.mixed.vanished.fp16', 'precision.mixed.vanished.dynamic', 'precision.mixed.vanished.bf16'],
    after: 10,
    value: largest,
    what: { en: 'the run with the largest share of gradients rounded to 0', zh: '被取整为 0 的梯度比例最大的那一路' },
    show: (i) => ['fp32', 'fp16', 'fp16 · dynamic scale', 'bf16'][i] ?? '?',
    pick: index(4),
  },
};
