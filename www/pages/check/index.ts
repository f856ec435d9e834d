// The device check: a real burn computation on the active backend (this
// device's GPU or CPU), checked against answers computed independently, and
// matrix-product throughput. Page id `check`; links from before it had that
// name (`?page=engine`) still open it (see PAGE_ALIASES in state/routes.ts).
import { CancelledError, type EngineClient, type EngineStatus } from '../../engine/client';
import { STALE, latest } from '../../engine/latest';
import type { BackendChooser } from '../../engine/chooser';
import type { BackendPreference, DiagnosticsReport, MatmulReport, ThreadPreference } from '../../engine/protocol';
import { isMessageKey, t } from '../../i18n';
import { formatBytes, h, replace } from '../../ui/dom';
import { poolSize } from '../../engine/threads';
import { progressBar } from '../../ui/progress';
import { labTimings } from './labs';
import { checkParams, type CheckState } from './params';
import { storagePanel } from './storage';

export type CheckPageProps = {
  client: EngineClient;
  state: CheckState;
  backend: BackendPreference;
  setState: (patch: Partial<CheckState>) => void;
  setBackend: (backend: BackendPreference) => void;
  threads: ThreadPreference;
  setThreads: (threads: ThreadPreference) => void;
  chooser: BackendChooser;
};

/** Results survive re-renders (a language switch) but not a reload. */
let lastCheck: { report: DiagnosticsReport; backend: string } | null = null;

function select<V extends string>(
  label: string,
  id: string,
  options: readonly { value: V; text: string }[],
  value: V,
  onChange: (value: V) => void,
): HTMLElement {
  const control = h('select', { id, name: id });
  for (const option of options) {
    control.append(h('option', { value: option.value, selected: option.value === value }, option.text));
  }
  control.addEventListener('change', () => onChange(control.value as V));
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

/** A check's name as the page shows it; the engine's report names each. */
function testName(name: string): string {
  const key = `check.test.${name}`;
  return isMessageKey(key) ? t(key) : name;
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function checkTable(report: DiagnosticsReport): HTMLElement {
  const rows = report.checks.map((check) =>
    h(
      'tr',
      { 'data-check': check.name, 'data-passed': String(check.passed) },
      h('th', { scope: 'row' }, testName(check.name)),
      h('td', { class: 'num' }, check.maxError.toExponential(2)),
      h('td', { class: 'num' }, check.tolerance.toExponential(0)),
      h('td', { class: 'num' }, `${fmt(check.ms, 1)} ms`),
      h('td', { class: check.passed ? 'pass' : 'fail' }, check.passed ? `✓ ${t('check.pass')}` : `✗ ${t('check.fail')}`),
    ),
  );
  return h(
    'table',
    { class: 'results', 'data-testid': 'check-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...(['check', 'error', 'tolerance', 'time', 'result'] as const).map((c) =>
          h('th', { scope: 'col' }, t(`check.col.${c}`)),
        ),
      ),
    ),
    h('tbody', {}, ...rows),
  );
}

function speedTable(report: MatmulReport): HTMLElement {
  return h(
    'table',
    { class: 'results', 'data-testid': 'speed-table' },
    h(
      'thead',
      {},
      h('tr', {}, ...(['size', 'products', 'time', 'gflops'] as const).map((c) => h('th', { scope: 'col' }, t(`check.col.${c}`)))),
    ),
    h(
      'tbody',
      {},
      ...report.timings.map((timing) =>
        h(
          'tr',
          { 'data-size': timing.size },
          h('th', { scope: 'row' }, `${timing.size}×${timing.size}`),
          h('td', { class: 'num' }, String(timing.products)),
          h('td', { class: 'num' }, `${fmt(timing.ms, 0)} ms`),
          h('td', { class: 'num', 'data-testid': 'gflops', 'data-gflops': String(timing.gflops) }, fmt(timing.gflops, 2)),
        ),
      ),
    ),
  );
}

export function checkPage(props: CheckPageProps): { element: HTMLElement; dispose: () => void } {
  const { client } = props;

  // Correctness.
  const status = h('p', { class: 'muted', 'data-testid': 'engine-status' });
  const memory = h('p', { class: 'muted', 'data-testid': 'engine-memory' });
  /** Which of the three engine builds runs (www/engine/wasm-loader.ts), its size and its threads. */
  const build = h('p', { class: 'muted', 'data-testid': 'engine-build' });
  /** The engine's memory as it is now (the native test host cannot tell; the browser's engine always can). */
  const showMemory = async () => {
    const bytes = (await client.request({ type: 'memory' }).done).value;
    memory.textContent = bytes === null ? '' : t('check.memory', { bytes: formatBytes(bytes) });
    if (bytes !== null) memory.dataset.bytes = String(bytes);
  };
  const checkOut = h('div', { 'data-testid': 'check-out', 'aria-live': 'polite' });
  const run = h('button', { type: 'button', class: 'primary', 'data-testid': 'run-check' }, t('check.run'));
  // One check at a time (engine/latest.ts); the button is off meanwhile.
  const diagnose = latest(() => client.request({ type: 'diagnose' }).done);
  const runCheck = async () => {
    if (diagnose.busy) return;
    replace(checkOut);
    run.disabled = true;
    run.textContent = t('check.running');
    try {
      const reply = await diagnose();
      if (reply !== STALE) {
        const backend = client.status.state === 'ready' ? client.status.backend.kind : '';
        lastCheck = { report: reply.value, backend };
        showCheck();
      }
    } catch (err) {
      replace(checkOut, h('p', { class: 'fail' }, t('app.error', { message: String((err as Error).message) })));
    } finally {
      run.disabled = client.status.state !== 'ready';
      run.textContent = t('check.run');
    }
  };
  const showCheck = () => {
    if (!lastCheck) return;
    const { report } = lastCheck;
    replace(
      checkOut,
      h('div', { class: 'table-scroll' }, checkTable(report)),
      h(
        'p',
        { class: report.passed ? 'pass' : 'fail', 'data-testid': 'check-verdict', 'data-passed': String(report.passed) },
        t(report.passed ? 'check.allPassed' : 'check.someFailed'),
      ),
    );
  };
  run.addEventListener('click', () => void runCheck());

  const backendSelect = select<BackendPreference>(
    t('check.backend'),
    'backend-select',
    [
      { value: 'auto', text: t('check.backendAuto') },
      { value: 'webgpu', text: t('check.backendWebgpu') },
      { value: 'cpu', text: t('check.backendCpu') },
    ],
    props.backend,
    (value) => {
      lastCheck = null;
      replace(checkOut);
      props.setBackend(value);
    },
  );

  /** The choice now: the select changes it without a new render. */
  let threads = props.threads;
  const threadSelect = select<ThreadPreference>(
    t('check.threads'),
    'threads-select',
    [
      { value: 'all', text: `${t('check.threadsAll')} (${poolSize(navigator.hardwareConcurrency)})` },
      { value: 'one', text: t('check.threadsOne') },
    ],
    props.threads,
    (value) => {
      lastCheck = null;
      replace(checkOut);
      threads = value;
      props.setThreads(value);
    },
  );
  /** Why every core was asked for and one runs. */
  const isolation = h('p', { class: 'muted', 'data-testid': 'not-isolated', hidden: true }, t('check.threads.notIsolated'));

  // Speed.
  const sizes = checkParams.n.values;
  const sizeSelect = select(
    t('check.size'),
    'size-select',
    sizes.map((n) => ({ value: n, text: `${n}×${n}` })),
    props.state.n,
    (n) => props.setState({ n }),
  );
  const measure = h('button', { type: 'button', class: 'primary', 'data-testid': 'measure' }, t('check.measure'));
  const cancel = h('button', { type: 'button', 'data-testid': 'cancel', hidden: true }, t('check.cancel'));
  const progress = progressBar(t('check.progress'));
  progress.element.hidden = true;
  const speedOut = h('div', { 'data-testid': 'speed-out', 'aria-live': 'polite' });
  measure.addEventListener('click', async () => {
    const size = Number((sizeSelect.querySelector('select') as HTMLSelectElement).value);
    const job = client.request({ type: 'matmulBench', sizes: [size], minMs: 400 }, (p) =>
      progress.update(p.loaded, p.total, `${p.loaded} / ${p.total}`),
    );
    measure.disabled = true;
    cancel.hidden = false;
    progress.element.hidden = false;
    progress.update(0, 0, '');
    cancel.onclick = () => job.cancel();
    try {
      const reply = await job.done;
      replace(speedOut, h('div', { class: 'table-scroll' }, speedTable(reply.value)));
    } catch (err) {
      replace(
        speedOut,
        err instanceof CancelledError
          ? h('p', { class: 'muted', 'data-testid': 'cancelled' }, t('check.cancelled'))
          : h('p', { class: 'fail' }, t('app.error', { message: String((err as Error).message) })),
      );
    } finally {
      measure.disabled = client.status.state !== 'ready';
      cancel.hidden = true;
      progress.element.hidden = true;
    }
  });

  // Follow the engine: enable buttons when ready, run the check once.
  const dispose = client.onStatus((s: EngineStatus) => {
    const ready = s.state === 'ready';
    run.disabled = !ready || diagnose.busy;
    measure.disabled = !ready;
    status.textContent =
      s.state === 'ready' ? t('check.initTime', { ms: Math.round(s.initMs) }) : s.state === 'failed' ? s.message : t('backend.loading');
    build.textContent = ready && s.build !== null ? t(`check.build.${s.build}`, { bytes: formatBytes(s.bytes), threads: s.backend.threads }) : '';
    build.dataset.build = ready ? (s.build ?? '') : '';
    build.dataset.threads = ready ? String(s.backend.threads) : '';
    isolation.hidden = !(ready && s.backend.kind === 'cpu' && threads === 'all' && !self.crossOriginIsolated && poolSize(navigator.hardwareConcurrency) > 1);
    if (ready && (!lastCheck || lastCheck.backend !== s.backend.kind)) void runCheck().then(showMemory, () => undefined);
  });
  showCheck();
  // What the service worker keeps, once it has taken the page (the first visit's install).
  const storage = storagePanel();
  if ('serviceWorker' in navigator) void navigator.serviceWorker.ready.then(() => storage.refresh());
  else void storage.refresh();

  const timings = labTimings(props.chooser);
  void timings.refresh();

  const element = h(
    'section',
    { class: 'page page-check' },
    h('h1', {}, t('check.title')),
    h('p', { class: 'lede' }, t('check.intro')),
    h(
      'div',
      { class: 'panel' },
      h('h2', {}, t('check.correctness')),
      h('div', { class: 'controls' }, backendSelect, threadSelect, run),
      status,
      checkOut,
      memory,
      build,
      isolation,
    ),
    h(
      'div',
      { class: 'panel' },
      h('h2', {}, t('check.speed')),
      h('p', {}, t('check.speedIntro')),
      h('div', { class: 'controls' }, sizeSelect, measure, cancel),
      progress.element,
      speedOut,
    ),
    timings.element,
    storage.element,
    h('aside', { class: 'panel explain' }, h('h2', {}, t('check.explain.title')), h('p', {}, t('check.explain.body'))),
  );
  return { element, dispose };
}
