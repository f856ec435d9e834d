// The soak: every lab that trains until paused trains for ten minutes on
// the CPU backend, the way a learner leaves a tab running, and the bench
// records whether it holds up. Each minute it reads the engine's memory
// (the wasm module's linear memory: the worker's own heap is not visible
// to a page that is not cross-origin isolated), the page's JavaScript heap
// after a garbage collection, the steps trained so far and the mean wall
// time of the latest training slices (the page's own drawing included).
//
// Goals (issue 20): memory growth under 10% from the end of the first
// minute to the end, and no slowdown beyond noise (steps per second over
// the second minute against the last one).
//
// Labs run `SOAK_PARALLEL` at a time (default 2, one per core here), each
// in its own tab with its own engine: every lab shares the machine with
// the same load from its first minute to its last, so its start and end
// compare like with like.
import { loadavg } from 'node:os';
import { launchChromium } from '../tests/browser/chromium.mjs';
import { soakSpeed } from './figures.mjs';

/** Minutes each lab trains (`SOAK_MINUTES`, default 10). */
const MINUTES = Number(process.env.SOAK_MINUTES || 10);
/** Only these labs (`SOAK_LABS=vision,vae`), for a trial. */
const ONLY = process.env.SOAK_LABS ? process.env.SOAK_LABS.split(',') : null;
/** Labs training at once. */
const PARALLEL = Number(process.env.SOAK_PARALLEL || 2);

/**
 * Every lab whose training runs until the learner pauses it, at its
 * defaults: the link, and the prefix of its training controls' test ids.
 * (The LoRA and Precision labs train fixed runs that end by themselves.)
 */
const LABS = [
  { lab: 'vision', link: '?page=vision', prefix: '' },
  { lab: 'sequence', link: '?page=sequence', prefix: '' },
  { lab: 'gpt', link: '?page=gpt', prefix: '' },
  { lab: 'concepts', link: '?page=concepts', prefix: 'flow-' },
  // Twenty epochs (the most it offers): at its default three, word2vec finishes within the ten minutes.
  { lab: 'word2vec', link: '?page=representations&epochs=20', prefix: 'w2v-' },
  { lab: 'vae', link: '?page=representations', prefix: 'ae-' },
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One reading of a training tab. */
async function sample(page, cdp, prefix, started) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const jsHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
  const engine = await page.evaluate(async () => (await window.kindling.client.request({ type: 'memory' }).done).value);
  const speed = await page.evaluate((id) => {
    const line = document.querySelector(`[data-testid="${id}throughput"]`);
    const button = document.querySelector(`[data-testid="${id}train"]`);
    return {
      steps: Number(line?.getAttribute('data-steps') ?? NaN),
      sliceMs: Number(line?.getAttribute('data-slice-ms') ?? NaN),
      training: button?.getAttribute('aria-pressed') === 'true',
    };
  }, prefix);
  // The machine's one-minute load: what else ran beside the soak.
  return { s: Math.round((Date.now() - started) / 1000), engineBytes: engine, jsHeapBytes: jsHeap, ...speed, load: +loadavg()[0].toFixed(2) };
}

/** Growth from `a` to `b` as a fraction (NaN where either is missing). */
const growth = (a, b) => (a > 0 && Number.isFinite(b) ? +((b - a) / a).toFixed(4) : NaN);

/** Train one lab for `MINUTES`, reading it every minute. */
async function soakOne(context, base, { lab, link, prefix }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(new URL(`${link}&lang=en`, base).toString());
  await page.locator('[data-testid="backend"][data-state="ready"]').waitFor({ timeout: 300_000 });
  const train = page.getByTestId(`${prefix}train`);
  await train.and(page.locator(':not([disabled])')).waitFor({ timeout: 300_000 });
  await train.scrollIntoViewIfNeeded();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await train.click();
  const started = Date.now();
  const series = [];
  for (let minute = 1; minute <= MINUTES; minute++) {
    await sleep(started + minute * 60_000 - Date.now());
    series.push(await sample(page, cdp, prefix, started));
  }
  // A lab may have stopped by itself (its epochs done, or a blow-up): the series says when.
  if ((await train.getAttribute('aria-pressed')) === 'true') await train.click();
  await page.close();
  // From the end of the first minute: the first minute loads data and warms caches.
  const first = series[0];
  const last = series.at(-1);
  return {
    lab,
    minutes: MINUTES,
    stillTraining: last.training,
    pageErrors: errors,
    steps: last.steps,
    engineBytes: { afterFirstMinute: first.engineBytes, end: last.engineBytes, growth: growth(first.engineBytes, last.engineBytes) },
    jsHeapBytes: { afterFirstMinute: first.jsHeapBytes, end: last.jsHeapBytes, growth: growth(first.jsHeapBytes, last.jsHeapBytes) },
    stepsPerSecond: soakSpeed(series),
    sliceMs: { afterFirstMinute: first.sliceMs, end: last.sliceMs, change: growth(first.sliceMs, last.sliceMs) },
    series,
  };
}

/** The soak figures: one entry per lab, CPU backend. */
export async function soakFigures(base) {
  const browser = await launchChromium('cpu');
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const results = [];
    const labs = LABS.filter((l) => !ONLY || ONLY.includes(l.lab));
    for (let i = 0; i < labs.length; i += PARALLEL) {
      const batch = labs.slice(i, i + PARALLEL);
      console.error(`soak: ${batch.map((l) => l.lab).join(' and ')} for ${MINUTES} min`);
      // One lab failing loses only its own figures.
      results.push(...(await Promise.all(batch.map((lab) => soakOne(context, base, lab).catch((err) => ({ lab: lab.lab, error: String(err) }))))));
    }
    await context.close();
    return { parallel: PARALLEL, labs: results };
  } finally {
    await browser.close();
  }
}
