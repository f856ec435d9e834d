// The page: reads the link, starts the engine worker, renders the current
// page and keeps the link in step with what is on screen.
import { BackendChooser, type LabChoice } from './engine/chooser';
import { EngineClient, type EngineNotice } from './engine/client';
import type { BackendPreference, ThreadPreference } from './engine/protocol';
import { detectLang, pageName, setLang, t, useLabMessages, type Lang } from './i18n';
import { LABS } from './labs';
import { homePage } from './pages/home';
import { guideBar } from './pages/questions';
import { keepGpuEngine, registerServiceWorker } from './pwa';
import type { Problem } from './state/params';
import { BUILT_PAGES, PAGES, type Page } from './state/routes';
import { readLink, writeLink, writeLocation, type LinkState } from './state/url';
import { formatBytes, formatMs, h, replace } from './ui/dom';
import { header } from './ui/header';
import { Notices } from './ui/notices';
import { clearReadings } from './ui/readings';

declare const __APP_VERSION__: string;

useLabMessages(LABS);

const root = document.getElementById('app') as HTMLElement;
const notices = new Notices();
let link: LinkState = readLink(window.location.search);
let disposers: (() => void)[] = [];

function problemText(problem: Problem): string {
  if (problem.kind === 'unknown') return t('notice.unknownParam', { name: problem.name });
  if (problem.name === 'v') return t('notice.badVersion', { value: problem.value });
  return t('notice.badParam', { name: problem.name, value: problem.value, fallback: problem.fallback });
}

/** wgpu's adapter errors are long and technical; say the common one plainly. */
function friendlyReason(reason: string): string {
  if (/no adapter|no suitable graphics adapter|found no adapters|navigator\.gpu is missing/i.test(reason)) {
    return t('notice.noAdapter');
  }
  return reason.length > 160 ? `${reason.slice(0, 160)}…` : reason;
}

function noticeText(notice: EngineNotice): string {
  switch (notice.kind) {
    case 'fallback':
      return t('notice.fallback', { reason: friendlyReason(notice.reason) });
    case 'software':
      return t('notice.software', { adapter: notice.adapter });
    case 'deviceLost':
      return t('notice.deviceLost', { reason: notice.reason });
    case 'crashed':
      return t('notice.crashed', { reason: notice.reason });
    case 'oneThread':
      return t('notice.oneThread', { reason: notice.reason });
    case 'notKept': {
      const file = { file: notice.path.split('/').pop() ?? notice.path, size: formatBytes(notice.bytes) };
      return notice.why === 'full'
        ? t('notice.notKept.full', { ...file, usage: formatBytes(notice.usage), quota: formatBytes(notice.quota) })
        : t('notice.notKept.refused', file);
    }
  }
}

function applyLang(): void {
  const lang: Lang = link.langInLink ? link.app.lang : detectLang(navigator.languages);
  link.app.lang = lang;
  setLang(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  document.title = t('app.name');
}

/** A link to `page`, keeping the language and backend (a guided step stays on its own page). */
function hrefFor(page: Page): string {
  const app = { ...link.app, page, guide: '' };
  return writeLink(app, page === link.app.page ? link.page : {}, link.langInLink);
}

function sync(newEntry = false): void {
  writeLocation(writeLink(link.app, link.page, link.langInLink), newEntry);
}

applyLang();
const client = new EngineClient(link.app.backend, link.app.threads);
client.onNotice((notice) => notices.show(noticeText(notice), notice.kind === 'fallback' || notice.kind === 'software' ? 'info' : 'warn'));
const chooser = new BackendChooser(client, Object.fromEntries(LABS.flatMap((lab) => ('probe' in lab && lab.probe ? [[lab.id, lab.probe]] : []))));
// Under `auto`, find the adapter early, so a kept choice applies before a lab's first request.
if (link.app.backend === 'auto') void chooser.adapterInfo();
chooser.onChange((choice: LabChoice) => {
  if (choice.state === 'chosen' && choice.switched) {
    const { cpuMs, gpuMs } = choice.timing;
    notices.show(t(choice.backend === 'webgpu' ? 'choice.toGpu' : 'choice.toCpu', { lab: pageName(choice.lab), cpu: formatMs(cpuMs), gpu: formatMs(gpuMs) }), 'info');
  }
});

function navigate(page: Page): void {
  link = { ...link, app: { ...link.app, page, guide: '' }, page: readLink(`?page=${page}`).page, problems: [] };
  sync(true);
  render();
  window.scrollTo(0, 0);
  (document.getElementById('main') as HTMLElement | null)?.focus();
}

async function share(): Promise<void> {
  const url = window.location.href;
  try {
    await navigator.clipboard.writeText(url);
    notices.show(t('share.copied'), 'info');
  } catch {
    notices.show(`${t('share.manual')} ${url}`, 'info');
  }
}

/** What every page's `setState` does: merge into the link and write it. */
function setPageState(patch: object): void {
  link = { ...link, page: { ...link.page, ...patch } };
  sync();
}

function setBackend(backend: BackendPreference): void {
  link = { ...link, app: { ...link.app, backend } };
  sync();
  client.restart(backend);
}

function setThreads(threads: ThreadPreference): void {
  link = { ...link, app: { ...link.app, threads } };
  sync();
  client.restart(link.app.backend, threads);
}

/** A link to page `id`, or to the index for a name that is no page. */
function hrefTo(id: string): string {
  return hrefFor(PAGES.find((page) => page === id) ?? 'home');
}

function render(): void {
  for (const dispose of disposers) dispose();
  disposers = [];
  const head = header({
    page: link.app.page,
    client,
    chooser,
    href: hrefFor,
    onLang: (lang) => {
      link = { ...link, app: { ...link.app, lang }, langInLink: true };
      applyLang();
      sync();
      render();
    },
    onShare: () => void share(),
  });
  disposers.push(head.dispose);

  clearReadings();
  const page = BUILT_PAGES.includes(link.app.page) ? link.app.page : 'home';
  const lab = LABS.find((row) => row.id === page);
  // Before the lab draws (and asks the engine anything): a kept choice may move the engine.
  chooser.enter(page);
  const view = lab?.render({
    client,
    state: link.page,
    setState: setPageState,
    href: hrefTo,
    backend: link.app.backend,
    setBackend,
    threads: link.app.threads,
    setThreads,
    chooser,
  });
  if (view) disposers.push(view.dispose);
  const content = view ? view.element : homePage(hrefFor);
  const guide = link.app.guide ? guideBar({ guide: link.app.guide, page, href: hrefTo }) : null;
  if (guide) disposers.push(guide.dispose);

  const main = h('main', { id: 'main', tabindex: -1 }, ...(guide ? [guide.element] : []), content);
  const footer = h('footer', { class: 'site-footer' }, t('app.footer', { version: __APP_VERSION__ }));
  replace(root, head.element, notices.element, main, footer);
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('nav.skip');
}

// In-page navigation: links marked data-nav change the page without a reload.
document.addEventListener('click', (event) => {
  const target = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[data-nav]');
  if (!target || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(target.dataset.nav as Page);
});

window.addEventListener('popstate', () => {
  const before = link.app;
  link = readLink(window.location.search);
  applyLang();
  if (link.app.backend !== before.backend || link.app.threads !== before.threads) client.restart(link.app.backend, link.app.threads);
  render();
});

for (const problem of link.problems) notices.show(problemText(problem));
if (!BUILT_PAGES.includes(link.app.page)) {
  link = { ...link, app: { ...link.app, page: 'home' } };
}
sync();
render();

registerServiceWorker({
  onNeedRefresh: (update) => notices.show(t('notice.update'), 'info', { label: t('notice.updateButton'), run: update }),
  onOfflineReady: () => notices.show(t('notice.offlineReady'), 'info'),
});
keepGpuEngine(client);

// A handle for the browser tests and for curious users in the console.
Object.assign(window, { kindling: { client, chooser } });
