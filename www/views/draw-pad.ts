// A pad to draw a digit on: white ink on black, like MNIST, turned into a
// 28 × 28 digit framed as MNIST framed its own (./mnist-frame.ts) while the
// learner draws (at most every 120 ms) and when the stroke ends. The Vision
// lab classifies the drawing; the Embeddings lab encodes it to a point.
import { sizeCanvas } from '../ui/canvas';
import { h } from '../ui/dom';
import { toMnist } from './mnist-frame';

/** The pad's side in canvas pixels. */
const PAD = 280;
/** Redraw the digit at most this often while a stroke goes on. */
const EVERY_MS = 120;

/**
 * `onDigit` gets the framed digit, or null when the pad is empty.
 * `testid` names the canvas for the browser tests.
 */
export function drawPad(props: { label: string; testid: string; onDigit: (pixels: Uint8Array | null) => void }): { element: HTMLCanvasElement; clear: () => void } {
  const pad = h('canvas', { class: 'draw-pad', 'data-testid': props.testid, 'aria-label': props.label });
  const ctx = sizeCanvas(pad, PAD, PAD);
  const clear = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD, PAD);
  };
  clear();
  let drawing = false;
  let last: [number, number] | null = null;
  let throttle = 0;
  const point = (event: PointerEvent): [number, number] => {
    const box = pad.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * PAD, ((event.clientY - box.top) / box.height) * PAD];
  };
  const read = () => {
    const image = ctx.getImageData(0, 0, pad.width, pad.height);
    const n = pad.width;
    const ink = new Uint8ClampedArray(n * n);
    for (let i = 0; i < n * n; i++) ink[i] = image.data[i * 4] ?? 0;
    props.onDigit(toMnist(ink, n));
  };
  pad.addEventListener('pointerdown', (event) => {
    drawing = true;
    last = point(event);
    pad.setPointerCapture(event.pointerId);
  });
  pad.addEventListener('pointermove', (event) => {
    if (!drawing || !last) return;
    const next = point(event);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 26;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(last[0], last[1]);
    ctx.lineTo(next[0], next[1]);
    ctx.stroke();
    last = next;
    const now = performance.now();
    if (now - throttle > EVERY_MS) {
      throttle = now;
      read();
    }
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    last = null;
    read();
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  return { element: pad, clear };
}
