// The sentences MiniLM is measured on: pairs close in meaning and pairs
// far apart, in English (its training language) and a few in Chinese.
export const SENTENCES: string[] = [
  'A man is playing a guitar.',
  'Someone is playing an instrument.',
  'The cat sits on the mat.',
  'A dog is running through the park.',
  'The stock market fell sharply today.',
  'Investors lost money as shares dropped.',
  'How do I reset my password?',
  'I forgot my login details.',
  '今天天气很好。',
  '外面阳光明媚。',
];
