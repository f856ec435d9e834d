// Service-worker registration. Workbox precaches the shell, the worker and
// the wasm in a versioned cache. A new version waits ('prompt' mode) until
// the user accepts it, then the page reloads onto it: a running page never
// mixes old JS with new wasm.
import { registerSW } from 'virtual:pwa-register';

export type PwaEvents = {
  onNeedRefresh: (update: () => void) => void;
  onOfflineReady: () => void;
};

export function registerServiceWorker(events: PwaEvents): void {
  if (!('serviceWorker' in navigator)) return;
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () => events.onNeedRefresh(() => void update(true)),
    onOfflineReady: events.onOfflineReady,
    onRegisterError: (error: unknown) => console.warn('service worker registration failed', error),
  });
}
