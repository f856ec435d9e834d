// Serves dist/ for the browser tests with Vite's preview server on a free
// loopback port, with the cross-origin isolation headers `cargo xtask serve`
// sends, and hands its URL to the tests; and serves the same dist/ a second
// time under a sub-path (/some/path/kindling/), as a static host that is not
// the root and sets no headers would, for the sub-path and one-thread tests.
import type { TestProject } from 'vitest/node';
import { preview } from 'vite';
import { existsSync } from 'node:fs';
import { ISOLATION_HEADERS } from '../../www/isolation';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    subPathUrl: string;
  }
}

/** Where the second copy is served: deep, so a path that assumes the root fails. */
const SUB_PATH = '/some/path/kindling/';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `cargo xtask build` first');
  const server = await preview({
    configFile: false,
    root: process.cwd(),
    build: { outDir: 'dist' },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false, headers: { ...ISOLATION_HEADERS } },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server reported no URL');
  project.provide('baseUrl', url);
  const nested = await preview({
    configFile: false,
    root: process.cwd(),
    base: SUB_PATH,
    build: { outDir: 'dist' },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'warn',
  });
  const nestedUrl = nested.resolvedUrls?.local[0];
  if (!nestedUrl) throw new Error('the sub-path preview server reported no URL');
  project.provide('subPathUrl', new URL(SUB_PATH, nestedUrl).toString());
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await new Promise<void>((resolve) => nested.httpServer.close(() => resolve()));
  };
}
