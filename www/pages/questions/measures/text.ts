// How the guided runs' predictions in the text lab are measured: for each
// predicting step (`<question id>:<step index>`), the button the guide bar
// presses, the readings the lab publishes (www/ui/readings.ts) and the choice
// the measured value picks.
import type { Measure } from '../types';

const integer = (n: number) => String(Math.round(n));

export const textMeasures: Record<string, Measure> = {
  // Train the BPE on the English corpus and read what merge 1 joins.
  'bpe-vs-wordpiece:0': {
    press: 'bpe-train',
    readings: ['text.bpe.letters'],
    what: { en: 'letters among the two parts of merge 1', zh: '第 1 次合并的两部分中字母的个数' },
    show: integer,
    // Both letters; one letter (the other a space: its words keep the space before them); neither.
    pick: (letters) => (letters >= 2 ? 0 : letters >= 1 ? 1 : 2),
  },
  // The rows are cut as the page opens: GPT-2's count for 深度学习.
  'byte-level-bpe:1': {
    readings: ['text.tokens.r50kBase'],
    what: { en: 'GPT-2 tokens for 深度学习', zh: 'GPT-2 切“深度学习”的词元数' },
    show: integer,
    pick: (tokens) => (tokens <= 4 ? 0 : tokens < 12 ? 1 : 2),
  },
  // jieba without its HMM: the characters of its token that starts at 小明.
  'chinese-segmentation:1': {
    readings: ['text.jieba.name'],
    what: { en: 'characters in jieba’s token starting at 小明', zh: '结巴从“小明”开始的那个词的字数' },
    show: integer,
    // 2: 小明 whole; 1: 小 alone; longer (or none starting there): glued to a neighbour.
    pick: (chars) => (chars === 2 ? 0 : chars === 1 ? 1 : 2),
  },
  // The Chinese sample's cost: GPT-4o's tokens over GPT-2's.
  'token-cost-across-tokenizers:0': {
    readings: ['text.tokens.o200kBase', 'text.tokens.r50kBase'],
    value: ([o200k, r50k]) => (o200k as number) / (r50k as number),
    what: { en: 'GPT-4o tokens ÷ GPT-2 tokens', zh: 'GPT-4o 词元数 ÷ GPT-2 词元数' },
    // Within a factor of 1.25 either way is about the same.
    pick: (ratio) => (ratio < 0.8 ? 1 : ratio > 1.25 ? 2 : 0),
  },
  // GPT-2's tokens over the code sample's first indentation (four spaces).
  'token-cost-across-tokenizers:2': {
    readings: ['text.indent.r50kBase'],
    what: { en: 'GPT-2 tokens over the four spaces of indentation', zh: 'GPT-2 在四个空格缩进上用的词元数' },
    show: integer,
    // One token; more than one (about a space each); none covers them.
    pick: (tokens) => (tokens === 1 ? 0 : tokens >= 2 ? 1 : 2),
  },
};
