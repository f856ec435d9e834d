// After training: the network in int8 (per tensor and per channel) and with
// its BatchNorm folded into the convolutions, measured on the test split.
import type { EngineClient } from '../../engine/client';
import type { Compression } from '../../engine/protocol';
import { t } from '../../i18n';
import { formatBytes, h } from '../../ui/dom';
import { publish } from '../../ui/readings';

export function compressPanel(props: { client: EngineClient; ready: () => boolean }): { element: HTMLElement; reset: () => void } {
  const button = h('button', { type: 'button', 'data-testid': 'compress' }, t('vision.compress'));
  const out = h('div', { 'data-testid': 'compression', 'aria-live': 'polite' });
  const element = h('section', { class: 'panel' }, h('h2', {}, t('vision.compressTitle')), h('p', { class: 'muted' }, t('vision.compressIntro')), button, out);
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const show = (c: Compression) => {
    const row = (name: string, acc: number, bytes: number, testid: string) =>
      h('tr', { 'data-testid': testid, 'data-accuracy': acc }, h('td', {}, name), h('td', { class: 'num' }, pct(acc)), h('td', { class: 'num' }, `${(100 * (acc - c.f32Accuracy)).toFixed(2)}`), h('td', { class: 'num' }, formatBytes(bytes)));
    const folding = c.folding
      ? h('p', { 'data-testid': 'folding', 'data-diff': c.folding.maxDifference }, t('vision.folded', { diff: c.folding.maxDifference.toExponential(1), before: c.folding.msBefore.toFixed(0), after: c.folding.msAfter.toFixed(0) }))
      : h('p', { class: 'muted' }, t('vision.noBn'));
    if (c.folding) publish('vision.fold.maxDiff', c.folding.maxDifference);
    out.replaceChildren(
      h(
        'table',
        { class: 'results' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { class: 'num' }, t('vision.accuracy')), h('th', { class: 'num' }, t('vision.points')), h('th', { class: 'num' }, t('vision.size')))),
        h('tbody', {}, row('f32', c.f32Accuracy, c.f32Bytes, 'f32-row'), row(t('vision.int8Tensor'), c.perTensorAccuracy, c.int8Bytes, 'tensor-row'), row(t('vision.int8Channel'), c.perChannelAccuracy, c.int8Bytes, 'channel-row')),
      ),
      folding,
    );
  };
  button.addEventListener('click', () => {
    if (!props.ready()) return;
    button.disabled = true;
    out.replaceChildren(h('p', { class: 'muted' }, t('vision.compressing')));
    props.client
      .request({ type: 'visionCompress' })
      .done.then((reply) => {
        show(reply.value);
      })
      .catch((err: Error) => out.replaceChildren(h('p', { class: 'notice notice-warn' }, t('app.error', { message: err.message }))))
      .finally(() => (button.disabled = false));
  });
  return { element, reset: () => out.replaceChildren() };
}
