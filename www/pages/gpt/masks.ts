// BERT against GPT on the same sentence: the two masks as matrices (an
// encoder lets every token see every other; a decoder only the ones before
// it and itself), and each model's real first-layer attention (mean over
// heads, each on its own scale) on the sentence: MiniLM's from the
// Transformer lab's model, the learner's GPT's beside it. What each is
// trained to predict is the reason for the mask.
import type { EngineClient } from '../../engine/client';
import { t } from '../../i18n';
import { drawMatrix, sizeCanvas } from '../../ui/canvas';
import { h } from '../../ui/dom';
import { publish } from '../../ui/readings';
import { drawMask, headMatrix, label, toRun, type Run } from '../../views/attention';

/** Side of each matrix, in CSS pixels. */
const SIDE = 220;

function matrixFigure(title: string, testid: string): { element: HTMLElement; draw: (values: Float32Array, seq: number, causal: boolean, labels?: string[]) => void } {
  const canvas = h('canvas', { class: 'mask-matrix', 'data-testid': testid, role: 'img', 'aria-label': title });
  const caption = h('figcaption', {}, title);
  const tokens = h('p', { class: 'muted mono small' });
  return {
    element: h('figure', { class: 'mask-figure' }, caption, canvas, tokens),
    draw: (values, seq, causal, labels) => {
      const ctx = sizeCanvas(canvas, SIDE, SIDE);
      ctx.clearRect(0, 0, SIDE, SIDE);
      const rect = { x: 0, y: 0, w: SIDE, h: SIDE };
      // Each map on its own scale (its largest weight darkest): averaged
      // over the heads, weights spread thin over long texts.
      let top = 0;
      for (let i = 0; i < seq * seq; i++) top = Math.max(top, values[i] ?? 0);
      drawMatrix(ctx, values, seq, seq, rect, undefined, 0, top > 0 ? top : 1);
      if (causal) drawMask(ctx, seq, rect);
      canvas.dataset.seq = String(seq);
      canvas.dataset.drawn = 'true';
      tokens.textContent = labels ? labels.join(' ') : '';
    },
  };
}

export function masksView(props: { client: EngineClient }): { element: HTMLElement; show: (gpt: Run, text: string) => void } {
  const encoderMask = matrixFigure(t('gpt.masks.encoder'), 'mask-encoder');
  const decoderMask = matrixFigure(t('gpt.masks.decoder'), 'mask-decoder');
  const bert = matrixFigure(t('gpt.masks.bert'), 'attn-bert');
  const gpt = matrixFigure(t('gpt.masks.gpt'), 'attn-gpt');
  const status = h('p', { class: 'muted', 'data-testid': 'masks-status' });
  let asked = 0;
  const element = h(
    'div',
    { class: 'masks-view' },
    h('p', {}, t('gpt.masks.intro')),
    h('div', { class: 'mask-row' }, encoderMask.element, decoderMask.element),
    h('div', { class: 'mask-row' }, bert.element, gpt.element),
    status,
    h('ul', { class: 'masks-points' }, h('li', {}, t('gpt.masks.bertObjective')), h('li', {}, t('gpt.masks.gptObjective')), h('li', {}, t('gpt.masks.generation'))),
  );
  const show = (run: Run, text: string) => {
    const n = Math.min(run.seq, 12);
    const ones = new Float32Array(n * n).fill(1);
    encoderMask.draw(ones, n, false);
    decoderMask.draw(
      ones.map((_, k) => (k % n <= Math.floor(k / n) ? 1 : 0)),
      n,
      true,
    );
    const own = headMatrix(run, 0, -1);
    gpt.draw(own, run.seq, true, run.tokens.map(label));
    // The first token's weight on itself, first layer, mean over heads.
    publish('gpt.masks.firstSelf', own[0] ?? NaN);
    const mine = ++asked;
    status.textContent = t('gpt.masks.loading');
    props.client.request({ type: 'inspect', text }).done.then(
      (reply) => {
        if (mine !== asked) return;
        const encoder = toRun(reply.value);
        bert.draw(headMatrix(encoder, 0, -1), encoder.seq, false, encoder.tokens.map(label));
        const unknown = reply.value.unknown;
        status.textContent = t('gpt.masks.tokens', { bert: encoder.seq, gpt: run.seq }) + (unknown > 0 ? ` ${t('gpt.masks.unknown', { n: unknown })}` : '');
      },
      (err: Error) => {
        if (mine === asked) status.textContent = t('app.error', { message: err.message });
      },
    );
  };
  return { element, show };
}
