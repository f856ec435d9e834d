/// <reference lib="webworker" />
// The service worker: Workbox precaching and runtime caching (what the page
// keeps for offline use), plus one thing Workbox does not do: every response
// it serves carries the headers that make the page cross-origin isolated.
// Isolation lets the engine's Web Workers share the wasm memory, so the CPU
// backend runs on every core (www/engine/wasm-loader.ts). A static host
// cannot always set headers; a service worker can, for the page and all it
// loads. A first visit, served before this worker is in charge, runs on one
// thread; the next load runs on all of them.
//
// Updates wait for the page ('prompt' in www/pwa.ts): a new worker takes
// over only when the page posts SKIP_WAITING, then the page reloads onto it.
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setDefaultHandler } from 'workbox-routing';
import { CacheFirst, NetworkOnly } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { version } from '../package.json';
import { GPU_ENGINE } from './engine/files';
import { isolated } from './isolation';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

/** Adds the isolation headers to whatever a strategy answers with. */
const isolate: WorkboxPlugin = { handlerWillRespond: async ({ response }) => isolated(response) };

/**
 * Workbox's plugin classes declare their optional hooks as `T | undefined`,
 * which this project's `exactOptionalPropertyTypes` reads as a mismatch.
 */
const plugins = (...list: object[]): WorkboxPlugin[] => list as WorkboxPlugin[];

addPlugins([isolate]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every page address opens the app, offline too.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// The GPU engine (not precached: a page on the CPU never loads it): hashed
// by content, this version's copy kept alone, the last one's dropped.
registerRoute(
  new RegExp(`/assets/${GPU_ENGINE}-[\\w-]+\\.wasm$`),
  new CacheFirst({
    cacheName: 'kindling-gpu-engine',
    plugins: plugins(new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 1 }), isolate),
  }),
);
// Models, vocabularies and dictionaries: large, and most visits use few of
// them, so each is kept when first used. Named by version, like the precache.
registerRoute(
  /\/data\//,
  new CacheFirst({
    cacheName: `kindling-data-${version}`,
    plugins: plugins(new CacheableResponsePlugin({ statuses: [200] }), isolate),
  }),
);
// Anything else from the network, isolated all the same.
setDefaultHandler(new NetworkOnly({ plugins: [isolate] }));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// The first install takes the open page at once (there is no old version to
// mix with); later versions still wait for the page.
clientsClaim();

