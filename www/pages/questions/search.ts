// Search over the questions in both languages at once. Chinese has no
// spaces between words, so a query matches anywhere in the text (a
// substring), after folding case and width; several words must all match.
import type { Question } from './types';

/** Lower case, full-width ASCII folded to half width, spaces collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether every word of `query` occurs in the question's title or answer, in either language. */
export function matches(question: Question, query: string): boolean {
  const words = fold(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold([question.title.en, question.title.zh, question.answer.en, question.answer.zh, question.id].join(' '));
  return words.every((w) => haystack.includes(w));
}
