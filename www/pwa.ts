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
