// The header: name, page links (the index, then each lab of www/labs.ts),
// language switch, backend badge and Share.
import { LANGS, getLang, t, type Lang } from '../i18n';
import type { BackendChooser, LabChoice } from '../engine/chooser';
import type { EngineClient, EngineStatus } from '../engine/client';
import { LABS } from '../labs';
import type { Page } from '../state/routes';
import { formatBytes, formatMs, h } from './dom';
import { progressBar } from './progress';

export type HeaderProps = {
  page: Page;
  client: EngineClient;
  chooser: BackendChooser;
  href: (page: Page) => string;
  onLang: (lang: Lang) => void;
  onShare: () => void;
};

function badgeText(status: EngineStatus): string {
  switch (status.state) {
    case 'loading':
      return t('backend.loading');
    case 'ready':
      return status.backend.kind === 'webgpu'
        ? t('backend.webgpu', { adapter: status.backend.adapter ?? '?' })
        : status.software !== null
          ? t('backend.cpuOverSoftware')
          : status.backend.threads > 1
            ? t('backend.cpuThreads', { threads: status.backend.threads })
            : t('backend.cpu');
    case 'failed':
      return t('backend.crashed');
  }
}

/**
 * Why the lab on screen runs where it runs, when the page chose by timing
 * it: said after the backend in the badge. Only while the engine runs the
 * backend chosen (not, say, after a lost device).
 */
function whyText(choice: LabChoice, status: EngineStatus, page: string): string {
  if (choice.state === 'timing' && choice.lab === page) return t('choice.timing');
  if (choice.state !== 'chosen' || choice.lab !== page || status.state !== 'ready' || status.backend.kind !== choice.backend) return '';
  const ms = { cpu: formatMs(choice.timing.cpuMs), gpu: formatMs(choice.timing.gpuMs) };
  return choice.backend === 'webgpu' ? t('choice.gpuFaster', ms) : t('choice.cpuFaster', ms);
}

function link(props: HeaderProps, page: Page, text: string): HTMLElement {
  return h('a', { href: props.href(page), 'data-nav': page, 'aria-current': page === props.page ? 'page' : undefined }, text);
}

/** The header element, and a function that unsubscribes its badge. */
export function header(props: HeaderProps): { element: HTMLElement; dispose: () => void } {
  const badge = h('span', { class: 'badge', role: 'status', 'aria-label': t('backend.label'), 'data-testid': 'backend' });
  const download = progressBar(t('progress.wasm'));
  download.element.classList.add('engine-download');
  let choice: LabChoice = { state: 'none' };
  let status: EngineStatus = props.client.status;
  const show = () => {
    const why = whyText(choice, status, props.page);
    badge.textContent = why ? `${badgeText(status)} — ${why}` : badgeText(status);
    badge.dataset.choice = why && choice.state === 'chosen' ? choice.backend : choice.state === 'timing' && why ? 'timing' : '';
  };
  const unchoose = props.chooser.onChange((c) => {
    choice = c;
    show();
  });
  const unstatus = props.client.onStatus((current) => {
    status = current;
    const downloading = status.state === 'loading' && status.total > 0 && status.loaded < status.total;
    download.element.hidden = !downloading;
    if (status.state === 'loading') {
      download.update(
        status.loaded,
        status.total,
        t('progress.bytes', { loaded: formatBytes(status.loaded), total: formatBytes(status.total) }),
      );
    }
    show();
    badge.dataset.state = status.state;
    badge.dataset.backend = status.state === 'ready' ? status.backend.kind : '';
    badge.dataset.engine = status.state === 'ready' ? (status.build ?? '') : '';
    badge.dataset.threads = status.state === 'ready' ? String(status.backend.threads) : '';
    badge.title =
      status.state === 'failed'
        ? status.message
        : status.state === 'ready' && status.software !== null
          ? t('notice.software', { adapter: status.software })
          : t('backend.label');
  });

  const nav = h(
    'nav',
    { class: 'nav', 'aria-label': 'Main' },
    link(props, 'home', t('nav.home')),
    ...LABS.filter((lab) => !lab.coming).map((lab) => link(props, lab.id, t(`${lab.id}.nav`))),
  );

  const langs = h('div', { class: 'lang', role: 'group', 'aria-label': t('lang.label') });
  const names: Record<Lang, string> = { en: 'English', zh: '简体中文' };
  for (const lang of LANGS) {
    const button = h(
      'button',
      { type: 'button', lang, 'aria-pressed': String(lang === getLang()), 'data-lang': lang },
      names[lang],
    );
    button.addEventListener('click', () => props.onLang(lang));
    langs.append(button);
  }

  const share = h('button', { type: 'button', class: 'share', 'data-testid': 'share' }, t('share.button'));
  share.addEventListener('click', props.onShare);

  const brand = h(
    'a',
    { class: 'brand', href: props.href('home'), 'data-nav': 'home' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '◆'),
    t('app.name'),
  );
  const element = h(
    'header',
    { class: 'site-header' },
    h('div', { class: 'header-row' }, brand, nav),
    h('div', { class: 'header-row header-tools' }, langs, badge, share),
    download.element,
  );
  return {
    element,
    dispose: () => {
      unchoose();
      unstatus();
    },
  };
}
