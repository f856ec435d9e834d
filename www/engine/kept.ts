// Whether a file the engine downloaded was kept for offline use. The
// service worker stores each model and dataset as it passes (Workbox's
// runtime cache, www/sw.ts); when the browser refuses to store it
// (the site's quota is spent, or storage is not allowed), Workbox only logs
// the failure and the lab gets its file all the same. So the page looks
// for the file in the cache after the download, and says why the lab will
// need the network again when it is missing.

/** How long the service worker may take to finish storing a file it has just served. */
const STORE_WAIT_MS = 15_000;
const POLL_MS = 250;

/** Why a downloaded file is not kept: the site's storage is full, or the browser refused for a reason of its own. */
export type NotKept = { why: 'full' | 'refused'; usage: number; quota: number };

/**
 * `null` when the file at `url` (`bytes` long) is kept, or when nothing is
 * kept on this page at all (no service worker in charge: a first visit's
 * install, a blocked worker, the dev server); otherwise why it is not.
 */
export async function notKept(url: string, bytes: number): Promise<NotKept | null> {
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller || !('caches' in self)) return null;
  for (let waited = 0; waited <= STORE_WAIT_MS; waited += POLL_MS) {
    if (await caches.match(url)) return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const { usage = 0, quota = 0 } = (await navigator.storage?.estimate?.()) ?? {};
  return { why: quota > 0 && usage + bytes > quota ? 'full' : 'refused', usage, quota };
}
