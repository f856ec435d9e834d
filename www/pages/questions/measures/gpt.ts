// How the guided runs' predictions in the gpt lab are measured: for each
// predicting step (`<question id>:<step index>`), the button the guide bar
// presses, the readings the lab publishes (www/ui/readings.ts) and the choice
// the measured value picks.
import type { Measure } from '../types';

/** The index of the largest value (NaN never wins). */
const largest = (values: number[]) => values.reduce((best, v, i) => (v > (values[best] ?? Number.NEGATIVE_INFINITY) ? i : best), 0);
/** An index as a choice: anything but 0 … n − 1 falls back to the first. */
const index = (n: number) => (i: number) => (Number.isInteger(i) && i >= 0 && i < n ? i : 0);

export const gptMeasures: Record<string, Measure> = {
  // The parameter table is drawn as the model is built; LayerNorm holds two
  // values per feature (γ and β), so one means half the parameters.
  'batchnorm-vs-layernorm:3': {
    readings: ['gpt.cost.normsPerFeature'],
    what: { en: 'values each RMSNorm holds per feature (LayerNorm: γ and β, 2)', zh: '每个 RMSNorm 在每个特征上的参数个数（LayerNorm：γ 和 β，共 2 个）' },
    pick: (perFeature) => (perFeature / 2 < 0.75 ? 1 : perFeature / 2 > 1.5 ? 2 : 0),
  },
  // The step timing publishes each model's step time at 256 over its time at 16.
  'rnn-vs-transformer:0': {
    press: 'race-steps',
    readings: ['gpt.race.gptSlowdown', 'gpt.race.lstmSlowdown'],
    value: ([gpt, lstm]) => (gpt as number) / (lstm as number),
    what: { en: 'GPT’s slowdown from 16 to 256 characters ÷ the LSTM’s', zh: '从 16 到 256 个字符，GPT 变慢的倍数 ÷ LSTM 变慢的倍数' },
    // Half as much again either way counts as slowing down more.
    pick: (ratio) => (ratio > 1.5 ? 0 : ratio < 1 / 1.5 ? 1 : 2),
  },
  // The masks tab draws the GPT's first layer as it opens.
  'bert-vs-gpt:0': {
    readings: ['gpt.masks.firstSelf'],
    what: { en: 'the first character’s weight on itself (first layer, mean over heads)', zh: '第一个字给自己的注意力权重（第一层，各头平均）' },
    show: (weight) => `${(100 * weight).toFixed(1)}%`,
    pick: (weight) => (weight >= 0.99 ? 0 : weight < 0.5 ? 1 : 2),
  },
  // Five models train 200 steps each, then each one's loss is read at every position.
  'positional-encodings:1': {
    press: 'extrapolate',
    readings: ['gpt.extrapolate.rise.learned', 'gpt.extrapolate.rise.sinusoidal', 'gpt.extrapolate.rise.rope', 'gpt.extrapolate.rise.alibi'],
    value: largest,
    what: { en: 'the encoding whose loss rises most past the training length', zh: '超过训练长度后损失上升最多的位置编码' },
    show: (i) => ['learned', 'sinusoidal', 'RoPE', 'ALiBi'][i] ?? '?',
    pick: index(4),
  },
  // The parameter table is drawn as the model is built.
  // The blocks' parameters at width 256 against 12·L·d² = 393,216 at width 128 (2 layers).
  'transformer-params-flops:1': {
    readings: ['gpt.cost.attention', 'gpt.cost.mlp'],
    value: ([attention, mlp]) => ((attention as number) + (mlp as number)) / (12 * 2 * 128 * 128),
    what: { en: 'blocks’ parameters ÷ 393,216 (12·L·d² at width 128)', zh: '块的参数量 ÷ 393,216（宽度 128 时的 12·L·d²）' },
    show: (ratio) => `×${ratio.toFixed(2)}`,
    // Nearest of ×2, ×4 and ×8 (by ratio).
    pick: (ratio) => (ratio < 2 * Math.SQRT2 ? 0 : ratio < 4 * Math.SQRT2 ? 1 : 2),
  },
  'transformer-params-flops:0': {
    readings: ['gpt.cost.attention', 'gpt.cost.mlp', 'gpt.cost.embedding'],
    value: largest,
    what: { en: 'the part with the most parameters', zh: '参数最多的部分' },
    show: (i) => ['attention', 'MLP', 'embedding + output'][i] ?? '?',
    pick: index(3),
  },
  // Without the cache, the mean time per token over the last quarter of the
  // positions written against the first quarter's.
  'kv-cache-decoding:0': {
    press: 'cache-run',
    readings: ['gpt.cache.plainGrowth'],
    what: { en: 'time per token without the cache, last quarter ÷ first quarter', zh: '不用缓存时每个词元的耗时：最后四分之一 ÷ 最前四分之一' },
    show: (ratio) => `×${ratio.toFixed(2)}`,
    pick: (ratio) => (ratio > 1.5 ? 1 : ratio < 1 / 1.5 ? 2 : 0),
  },
  // The sweep writes the same text with 1, 2 and 4 K/V heads.
  'kv-cache-decoding:2': {
    press: 'cache-run',
    readings: ['gpt.cache.mqaBytes'],
    what: { en: 'cache bytes with 1 K/V head ÷ with 4', zh: '1 个 K/V 头的缓存字节数 ÷ 4 个时的' },
    show: (ratio) => `${(100 * ratio).toFixed(0)}%`,
    // Halfway between ¼ and ½, and between ½ and 1.
    pick: (ratio) => (ratio < 0.375 ? 1 : ratio < 0.75 ? 0 : 2),
  },
  // Both blocks train side by side for the same seconds; their held-out
  // loss where the time ran out.
  'llama-block:0': {
    press: 'blocks-run',
    readings: ['gpt.blocks.gpt2', 'gpt.blocks.llama'],
    value: ([gpt2, llama]) => (gpt2 as number) - (llama as number),
    what: { en: 'GPT-2 block’s held-out bits per character − LLaMA block’s', zh: 'GPT-2 块的留出集每字符比特数 − LLaMA 块的' },
    show: (diff) => `${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(3)}`,
    pick: (diff) => (diff > 0.03 ? 1 : diff < -0.03 ? 0 : 2),
  },
};
