// Each lab's representative step timed on both backends of this device:
// the figures the page chooses a lab's backend by (engine/chooser.ts), and
// the learner's way to see them, or to time a lab again. Timing a lab
// starts two engines of its own (the CPU engine, then the GPU engine), so
// the engine the page runs on keeps what it holds.
import type { BackendChooser } from '../../engine/chooser';
import { type Timing, faster } from '../../engine/choice';
import { pageName, t } from '../../i18n';
import { formatMs, h, replace } from '../../ui/dom';

/** The panel, and a function that fills it with the kept timings. */
export function labTimings(chooser: BackendChooser): { element: HTMLElement; refresh: () => Promise<void> } {
  const body = h('tbody', {});
  const problem = h('div', { 'aria-live': 'polite' });
  const rows = new Map<string, HTMLElement>();

  const show = (lab: string, timing: Timing | null) => {
    const row = rows.get(lab);
    if (!row) return;
    const [cpu, gpu, winner] = [...row.querySelectorAll('td')];
    if (!cpu || !gpu || !winner) return;
    cpu.textContent = timing ? formatMs(timing.cpuMs) : '–';
    gpu.textContent = timing ? formatMs(timing.gpuMs) : '–';
    winner.textContent = timing ? t(faster(timing) === 'webgpu' ? 'check.labs.gpu' : 'check.labs.cpu') : '';
    if (timing) {
      row.dataset.cpuMs = String(timing.cpuMs);
      row.dataset.gpuMs = String(timing.gpuMs);
      row.dataset.faster = faster(timing);
    }
  };

  for (const lab of chooser.labs()) {
    const button = h('button', { type: 'button', 'data-testid': `time-${lab}` }, t('check.labs.time'));
    const row = h(
      'tr',
      { 'data-lab': lab },
      h('th', { scope: 'row' }, pageName(lab)),
      h('td', { class: 'num' }, '–'),
      h('td', { class: 'num' }, '–'),
      h('td', {}, ''),
      h('td', {}, button),
    );
    button.addEventListener('click', async () => {
      button.disabled = true;
      button.textContent = t('check.labs.timing');
      problem.replaceChildren();
      try {
        show(lab, await chooser.compare(lab));
      } catch (err) {
        replace(problem, h('p', { class: 'fail' }, t('check.labs.failed', { lab: pageName(lab), message: String((err as Error).message) })));
      } finally {
        button.disabled = false;
        button.textContent = t('check.labs.time');
      }
    });
    rows.set(lab, row);
    body.append(row);
  }

  const table = h(
    'table',
    { class: 'results', 'data-testid': 'lab-timings' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, t('check.labs.lab')), h('th', { scope: 'col' }, t('check.labs.cpuMs')), h('th', { scope: 'col' }, t('check.labs.gpuMs')), h('th', { scope: 'col' }, t('check.labs.faster')), h('td', {})),
    ),
    body,
  );
  const element = h('div', { class: 'panel' }, h('h2', {}, t('check.labs.title')), h('p', {}, t('check.labs.intro')), h('div', { class: 'table-scroll' }, table), problem);
  const refresh = async () => {
    for (const lab of chooser.labs()) show(lab, await chooser.kept(lab));
  };
  return { element, refresh };
}
