// The parameter tables of the app and of each page. A link is
// `?v=1&page=engine&lang=zh&backend=cpu&n=1024`; every name is declared here.
import { p, type StateOf } from './params';

/** Version of the link format; bump when a parameter changes meaning. */
export const LINK_VERSION = 1;

export const PAGES = ['home', 'engine', 'text', 'transformer', 'vision', 'sequence', 'concepts'] as const;
export type Page = (typeof PAGES)[number];

/** Pages that exist; the others are announced on the lab index as coming. */
export const BUILT_PAGES: readonly Page[] = ['home', 'engine'];

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

/** Each page's own table, by page. */
export const pageParams = {
  home: {},
  engine: engineParams,
  text: {},
  transformer: {},
  vision: {},
  sequence: {},
  concepts: {},
} as const satisfies Record<Page, object>;
