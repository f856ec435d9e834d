// Service-worker registration. The service worker (www/sw.ts, Workbox)
// precaches the shell, the worker and both CPU engines in a versioned cache. A new version waits ('prompt' mode)
// until the user accepts it, then the page reloads onto it: a running page
// never mixes old JS with new wasm. The GPU engine is kept only on devices
// that run it (`keepGpuEngine`).
import { registerSW } from 'virtual:pwa-register';
import gpuWasm from './engine/pkg/gpu/kindling_gpu_bg.wasm?url';
import type { EngineClient } from './engine/client';

export type PwaEvents = {
  onNeedRefresh: (update: () => void) => void;
  onOfflineReady: () => void;
};

export function registerServiceWorker(events: PwaEvents): void {
  if (!('serviceWorker' in navigator)) return;
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () =>
      events.onNeedRefresh(async () => {
        // Another tab accepted already: the new worker controls this page, with nothing left waiting.
        const registration = await navigator.serviceWorker.getRegistration();
        if (!registration?.waiting) {
          window.location.reload();
          return;
        }
        // workbox-window reloads only for an update it found itself; one the
        // browser found (its own check of sw.js) takes control without a
        // reload, leaving this page on the old files. Reload when the new
        // worker takes control, whoever found it.
        navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
        void update(true);
      }),
    onOfflineReady: events.onOfflineReady,
    onRegisterError: (error: unknown) => console.warn('service worker registration failed', error),
  });
}

/**
 * Keep the GPU engine for offline use once it runs here. It is not
 * precached (a page on the CPU never needs it); the service worker stores
 * it when it passes (www/sw.ts). A first visit downloads it before the
 * service worker is in charge, so once one is, fetch it again through it:
 * the next offline visit then finds it.
 */
export function keepGpuEngine(client: EngineClient): void {
  if (!('serviceWorker' in navigator) || !('caches' in self)) return;
  let asked = false;
  client.onStatus((status) => {
    if (asked || status.state !== 'ready' || status.build !== 'gpu') return;
    asked = true;
    void navigator.serviceWorker.ready
      .then(async () => {
        if (!navigator.serviceWorker.controller) {
          await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
        }
        if (!(await caches.match(gpuWasm))) await (await fetch(gpuWasm)).arrayBuffer();
      })
      .catch((error: unknown) => console.warn('could not keep the GPU engine for offline use', error));
  });
}
