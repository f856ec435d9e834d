// Cross-origin isolation: the three headers that let a page share memory
// between threads (SharedArrayBuffer, and so a wasm module's shared memory
// across Web Workers). The service worker adds them to what it serves
// (www/sw.ts); Vite's dev and preview servers send them too (vite.config.ts).
import headers from './isolation-headers.json';

/**
 * The headers, for a server's configuration: the page keeps no window of
 * another origin in its browsing context group (COOP), loads nothing from
 * another origin that has not agreed to it (COEP), and its own files may be
 * loaded only by pages of its origin (CORP). JSON, so that the bench's
 * plain-JavaScript server reads the same list.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = headers;

/**
 * `response` with the isolation headers. An opaque response (another
 * origin's, unreadable) cannot be rebuilt and is returned as it is; the page
 * loads none.
 */
export function isolated(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
