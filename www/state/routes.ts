// The pages and the parameters every link shares. A link is
// `?v=1&page=check&lang=zh&backend=cpu&n=1024`: the app's names are declared
// here, each lab's own in www/pages/<lab>/params.ts, and the list of pages
// comes from the lab table (www/labs.ts).
import { LABS, type LabId } from '../labs';
import { GUIDE_KEYS } from '../pages/questions';
import { p, type ParamTable, type StateOf } from './params';

/** Version of the link format; bump when a parameter changes meaning. */
export const LINK_VERSION = 1;

export type Page = 'home' | LabId;

/** Every page a link can name: the lab index, then the labs. */
export const PAGES: readonly Page[] = ['home', ...LABS.map((lab) => lab.id)];

/** Pages that exist; the others are announced on the lab index as coming. */
export const BUILT_PAGES: readonly Page[] = ['home', ...LABS.filter((lab) => !lab.coming).map((lab) => lab.id)];

/**
 * Old page names that links may still carry, and the page each now opens.
 * Read silently: the link is rewritten with the new name at once.
 */
export const PAGE_ALIASES: ReadonlyMap<string, Page> = new Map([['engine', 'check']]);

/** Parameters every page shares. */
export const appParams = {
  v: p.int(1, LINK_VERSION, LINK_VERSION),
  page: p.enum(PAGES, 'home'),
  lang: p.enum(['en', 'zh'], 'en'),
  backend: p.enum(['auto', 'webgpu', 'cpu'], 'auto'),
  /** The CPU backend on every core (where the page is cross-origin isolated) or on one, to compare. */
  threads: p.enum(['all', 'one'], 'all'),
  /** A guided run's step (`<question>.<step>`), shown above its lab by the Questions page's guide bar. */
  guide: p.enum(['', ...GUIDE_KEYS], ''),
} as const;
export type AppState = StateOf<typeof appParams>;

/** Each page's own table, by page (the index has none). */
export const pageParams: Readonly<Record<Page, ParamTable>> = Object.fromEntries([
  ['home', {}],
  ...LABS.map((lab) => [lab.id, lab.params]),
]) as Record<Page, ParamTable>;
