// Serves dist/ for the browser tests with Vite's preview server on a free
// loopback port, and hands its URL to the tests.
import type { TestProject } from 'vitest/node';
import { preview } from 'vite';
import { existsSync } from 'node:fs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `cargo xtask build` first');
  const server = await preview({
    configFile: false,
    root: process.cwd(),
    build: { outDir: 'dist' },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server reported no URL');
  project.provide('baseUrl', url);
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  };
}
