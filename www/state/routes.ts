// The parameter tables of the app and of each page. A link is
// `?v=1&page=engine&lang=zh&backend=cpu&n=1024`; every name is declared here.
import { p, type StateOf } from './params';

/** Version of the link format; bump when a parameter changes meaning. */
export const LINK_VERSION = 1;

export const PAGES = ['home', 'engine', 'text', 'transformer', 'vision', 'sequence', 'concepts'] as const;
export type Page = (typeof PAGES)[number];

/** Pages that exist; the others are announced on the lab index as coming. */
export const BUILT_PAGES: readonly Page[] = ['home', 'engine', 'text'];

/** Parameters every page shares. */
export const appParams = {
  v: p.int(1, LINK_VERSION, LINK_VERSION),
  page: p.enum(PAGES, 'home'),
  lang: p.enum(['en', 'zh'], 'en'),
  backend: p.enum(['auto', 'webgpu', 'cpu'], 'auto'),
} as const;
export type AppState = StateOf<typeof appParams>;

/** The engine check page. */
export const engineParams = {
  n: p.enum(['128', '256', '512', '1024'], '512'),
} as const;
export type EngineState = StateOf<typeof engineParams>;

/** Tokenizers the Text lab can show, in display order. */
export const TOKENIZERS = ['wordpiece', 'r50kBase', 'cl100kBase', 'o200kBase', 'jieba', 'chars', 'bytes'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];

/** Longest text a link can carry (characters, before compression). */
export const MAX_LINK_TEXT = 20_000;

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

/** Each page's own table, by page. */
export const pageParams = {
  home: {},
  engine: engineParams,
  text: textParams,
  transformer: {},
  vision: {},
  sequence: {},
  concepts: {},
} as const satisfies Record<Page, object>;
