// What Kindling keeps on this device: the shell (page, scripts, styles,
// icons) and the engine (the wasm) that the service worker precached, and
// each model, vocabulary and dataset cached as a lab first used it, each
// with its size, read from the Cache Storage the service worker fills. The
// learner can delete any downloaded file (a lab fetches it again when it
// needs it) or everything (the next visit downloads Kindling again), ask
// the browser to keep the files when space runs short, and see how much
// of the browser's quota they take.
import { t } from '../../i18n';
import { formatBytes, h } from '../../ui/dom';

/** The service worker's caches, by the names www/sw.ts and Workbox give them. */
const PRECACHE = /^workbox-precache/;
const DATA = /^kindling-data-/;

/**
 * Whether cache `name` is this Kindling's: its data caches, and the precache
 * Workbox names for this scope (another app on the same origin has its own).
 */
function ours(name: string, scope: string): boolean {
  return DATA.test(name) || (PRECACHE.test(name) && name.endsWith(scope));
}

/** The scope Kindling's service worker controls (the page's folder when none is registered). */
async function scope(): Promise<string> {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration?.scope ?? new URL('.', document.baseURI).toString();
}

type Entry = { cache: string; request: Request; path: string; bytes: number; kind: 'shell' | 'engine' | 'data' };

/** Every cached response of Kindling's caches, with its size and kind. */
async function entries(): Promise<Entry[]> {
  const found: Entry[] = [];
  const here = await scope();
  for (const name of await caches.keys()) {
    if (!ours(name, here)) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      // The stored length where the response says it; the body's size only where it does not.
      const length = Number(response?.headers.get('content-length') ?? NaN);
      const bytes = Number.isFinite(length) && length > 0 ? length : response ? (await response.blob()).size : 0;
      // A path relative to the site, whatever sub-path it is served under.
      const path = new URL(request.url).pathname.replace(new URL('.', document.baseURI).pathname, '');
      const kind = DATA.test(name) ? 'data' : /\.wasm$/.test(path) ? 'engine' : 'shell';
      found.push({ cache: name, request, path, bytes, kind });
    }
  }
  return found;
}

export function storagePanel(): { element: HTMLElement; refresh: () => Promise<void> } {
  const summary = h('p', { 'data-testid': 'storage-summary', 'aria-live': 'polite' });
  const table = h('table', { class: 'results', 'data-testid': 'storage-table' });
  const keep = h('button', { type: 'button', 'data-testid': 'storage-persist' }, t('check.storage.persist'));
  const wipe = h('button', { type: 'button', 'data-testid': 'storage-wipe' }, t('check.storage.wipe'));
  const note = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'storage-note' });
  const supported = typeof caches !== 'undefined' && 'serviceWorker' in navigator;

  const refresh = async () => {
    if (!supported) {
      summary.textContent = t('check.storage.unsupported');
      return;
    }
    const all = await entries();
    const total = (kind: Entry['kind']) => all.filter((e) => e.kind === kind).reduce((sum, e) => sum + e.bytes, 0);
    const estimate = navigator.storage?.estimate ? await navigator.storage.estimate() : null;
    const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : false;
    summary.textContent = t('check.storage.summary', {
      shell: formatBytes(total('shell')),
      engine: formatBytes(total('engine')),
      data: formatBytes(total('data')),
      files: all.filter((e) => e.kind === 'data').length,
      usage: estimate?.usage != null ? formatBytes(estimate.usage) : '?',
      quota: estimate?.quota != null ? formatBytes(estimate.quota) : '?',
    });
    keep.disabled = persisted;
    keep.textContent = persisted ? t('check.storage.persisted') : t('check.storage.persist');
    const row = (e: Entry) => {
      const cells: (string | HTMLElement)[] = [t(`check.storage.kind.${e.kind}`), e.path, formatBytes(e.bytes)];
      const remove = h('button', { type: 'button', class: 'small', 'aria-label': t('check.storage.deleteOne', { path: e.path }) }, t('check.storage.delete'));
      remove.addEventListener('click', async () => {
        await (await caches.open(e.cache)).delete(e.request);
        note.textContent = t('check.storage.deleted', { path: e.path });
        await refresh();
      });
      return h('tr', { 'data-kind': e.kind, 'data-path': e.path, 'data-bytes': String(e.bytes) }, ...cells.map((c) => h('td', {}, c)), h('td', {}, e.kind === 'data' ? remove : ''));
    };
    // The shell's many small files are one row; the engine and each downloaded file have their own.
    const shell = all.filter((e) => e.kind === 'shell');
    table.replaceChildren(
      h('thead', {}, h('tr', {}, ...[t('check.storage.what'), t('check.storage.file'), t('check.storage.size'), ''].map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        h('tr', { 'data-kind': 'shell', 'data-bytes': String(total('shell')) }, h('td', {}, t('check.storage.kind.shell')), h('td', {}, t('check.storage.shellFiles', { n: shell.length })), h('td', {}, formatBytes(total('shell'))), h('td', {})),
        ...all.filter((e) => e.kind !== 'shell').map(row),
      ),
    );
    table.dataset.files = String(all.length);
  };

  keep.addEventListener('click', async () => {
    const granted = navigator.storage?.persist ? await navigator.storage.persist() : false;
    note.textContent = granted ? t('check.storage.persistGranted') : t('check.storage.persistRefused');
    await refresh();
  });
  wipe.addEventListener('click', async () => {
    if (!window.confirm(t('check.storage.wipeConfirm'))) return;
    const here = await scope();
    for (const name of await caches.keys()) if (ours(name, here)) await caches.delete(name);
    await (await navigator.serviceWorker.getRegistration())?.unregister();
    note.textContent = t('check.storage.wiped');
    await refresh();
  });

  const element = h(
    'div',
    { class: 'panel', 'data-testid': 'storage' },
    h('h2', {}, t('check.storage.title')),
    h('p', {}, t('check.storage.intro')),
    summary,
    h('div', { class: 'table-scroll' }, table),
    h('div', { class: 'controls' }, keep, wipe),
    note,
  );
  return { element, refresh };
}
