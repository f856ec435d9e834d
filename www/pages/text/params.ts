// The Text lab's link parameters: the text, which tokenizers to show, and the
// BPE trainer's corpus and merges.
import { p, type StateOf } from '../../state/params';
import { MAX_LINK_TEXT } from '../../state/common';

/** Tokenizers the Text lab can show, in display order. */
export const TOKENIZERS = ['wordpiece', 'r50kBase', 'cl100kBase', 'o200kBase', 'jieba', 'chars', 'bytes'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];

/** The Text lab. */
export const textParams = {
  text: p.text(MAX_LINK_TEXT, ''),
  sample: p.enum(['en', 'zh', 'code', 'emoji'], 'zh'),
  tok: p.list(TOKENIZERS, TOKENIZERS),
  hmm: p.bool(true),
  corpus: p.enum(['text', 'en', 'zh'], 'zh'),
  merges: p.int(0, 5000, 60),
} as const;
export type TextState = StateOf<typeof textParams>;
