// Ready-made inputs for the Transformer lab.

/** Texts for the attention, head and embeddings views. */
export const TEXTS = {
  en: 'The animal didn’t cross the street because it was too tired.',
  zh: '我爱北京天安门，天安门上太阳升。',
} as const;

/** Sentence sets for the similarity view, one sentence per line. */
export const SENTENCE_SETS = {
  en: [
    'A man is playing a guitar.',
    'Someone is strumming a guitar on stage.',
    'A woman is slicing an onion.',
    'She is chopping vegetables in the kitchen.',
    'The stock market fell sharply today.',
    'Shares dropped after the announcement.',
  ].join('\n'),
  zh: [
    '我喜欢吃苹果。',
    '苹果是我最喜欢的水果。',
    '今天的天气很好。',
    '今天阳光明媚。',
    '股市今天大跌。',
    'I like eating apples.',
  ].join('\n'),
} as const;
