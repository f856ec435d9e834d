// Where URL state meets the browser: read the link once at start, write it
// back with history.replaceState (one history entry per page, not per slider
// move). Everything here except `readLocation`/`writeLocation` is pure.
import { parse, serialize, type ParamTable, type ParamValue, type Parsed, type Problem, type StateOf } from './params';
import { LINK_VERSION, PAGE_ALIASES, appParams, pageParams, type AppState } from './routes';

export type LinkState = {
  app: AppState;
  /** The current page's own parameters. */
  page: Record<string, ParamValue>;
  problems: readonly Problem[];
  /** Whether the link named a language (else the browser's is used). */
  langInLink: boolean;
};

function names(table: ParamTable): string[] {
  return Object.keys(table);
}

/** Read a whole link: the app's parameters, then the page's own. */
export function readLink(search: string): LinkState {
  const params = new URLSearchParams(search);
  const alias = PAGE_ALIASES.get(params.get('page') ?? '');
  if (alias) params.set('page', alias);
  const app = parse(appParams, params, new Set(Object.values(pageParams).flatMap(names)));
  const table: ParamTable = pageParams[app.state.page];
  const page: Parsed<ParamTable> = parse(table, params, new Set(names(appParams)));
  // A name of another page's table is not "unknown" to the app table, but it
  // is to this page: report it once, from the page's parse.
  const problems = [...app.problems, ...page.problems].filter(
    (problem, index, all) =>
      all.findIndex((other) => other.kind === problem.kind && other.name === problem.name) === index,
  );
  return {
    app: app.state,
    page: page.state as Record<string, ParamValue>,
    problems,
    langInLink: app.present.has('lang'),
  };
}

/** Serialise app and page state to a query string (with a leading `?`). */
export function writeLink(app: AppState, page: Record<string, ParamValue>, langInLink: boolean): string {
  const params = new URLSearchParams();
  serialize(appParams, app, params);
  if (langInLink) params.set('lang', app.lang);
  const table: ParamTable = pageParams[app.page];
  serialize(table, page as StateOf<ParamTable>, params);
  // The version always comes first, even though it equals its default.
  params.delete('v');
  const ordered = new URLSearchParams({ v: String(LINK_VERSION) });
  for (const [name, value] of params) ordered.append(name, value);
  return `?${ordered.toString()}`;
}

/**
 * Put `query` into the address bar without a navigation: a new history entry
 * when the page changes (so Back works), else a replacement.
 */
export function writeLocation(query: string, newEntry: boolean): void {
  const url = new URL(window.location.href);
  if (url.search === query) return;
  url.search = query;
  if (newEntry) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}
