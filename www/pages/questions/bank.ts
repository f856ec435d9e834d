// Every question, in the order the page lists them within a group, and the
// groups in the order of the page.
import { bankA } from './bank-a';
import { bankB } from './bank-b';
import type { Group, Question } from './types';

export const GROUPS: readonly Group[] = ['training', 'normalisation', 'optimisation', 'cnn', 'rnn', 'attention', 'tokens', 'llm'];

export const QUESTIONS: readonly Question[] = [...bankA, ...bankB];
