// `cargo xtask bench`: the page's figures, measured in headless Chromium on
// the built site, written as JSON to a new bench/results/<name>-<date>.json
// (never over an earlier one: a dated file is a record) and copied to
// bench/results/latest.json; then the README's Figures section for that
// file is printed (bench/figures.mjs).
//
// Platform figures: wasm size (raw, gzip, brotli), time to first paint, time
// until the engine is ready on each backend, and matrix-product GFLOP/s at
// 128, 512 and 1024 on each backend. Later labs add their own sections here:
// the Text lab's tokenizer times, the Transformer lab's model load and
// forward latency at 16, 64 and 256 tokens, the Vision lab's training
// throughput, accuracy after 1 and 3 epochs and the time to inspect one
// digit, and so on for each lab to the Embeddings lab's word2vec and VAE
// training throughput and the time to decode one point of the VAE's code.
//
// Then the threaded CPU engine against one thread, in the same browser: the
// page served with the cross-origin isolation headers, as `cargo xtask serve`
// serves it, matrix products, the MiniLM forward pass and the Vision lab's
// training on every core and on one (`BENCH_ONLY=threads` runs just that).
//
// Then the backend choice (`BENCH_ONLY=choice`): the wasm a first visit
// fetches before its first lab works, on a plain host and an isolated one,
// in a browser with a WebGPU adapter; and each lab's step timed on each
// backend as the page times it to choose (www/engine/chooser.ts), with the
// backend `auto` runs it on.
//
// Then the soak (bench/soak.mjs): each lab that trains until paused, ten
// minutes on the CPU backend, its memory and speed read every minute.
// `BENCH_ONLY=soak` runs just that.
//
// SwiftShader's WebGPU computes on the CPU: its figures say nothing about a
// real GPU, and the JSON says which adapter produced them.
import { launchChromium } from '../tests/browser/chromium.mjs';
import { preview } from 'vite';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { figures } from './figures.mjs';
import { soakFigures } from './soak.mjs';
import isolationHeaders from '../www/isolation-headers.json' with { type: 'json' };

const SIZES = [128, 512, 1024];
/** Fewest timed training steps behind a characters-per-second figure. */
const MIN_STEPS = 3;
const TEXT_SIZES = [1_000, 10_000, 100_000];
/**
 * Seeds of the 480-character samples written after five minutes of
 * training: one sample has about eighty lines, too few to tell 86% from
 * 97%, so the share of well-formed lines is taken over three.
 */
const SAMPLE_SEEDS = [1, 2, 3];

/**
 * A five-character quatrain line is five characters and a comma or full
 * stop. `result.fiveMinutes.texts` (when there) becomes the share of
 * well-formed lines over all of them, the line count and the start of the
 * first sample.
 */
function withLineShares(result) {
  const five = result.fiveMinutes;
  if (!five?.texts) return result;
  const lines = five.texts.flatMap((text) => text.split(/(?<=[，。\n])/).map((l) => l.replace(/\n/g, '')).filter((l) => l.length > 0));
  const wellFormed = lines.filter((l) => /^[^，。]{5}[，。]$/.test(l)).length;
  const { texts, ...rest } = five;
  result.fiveMinutes = { ...rest, linesWellFormed: +(wellFormed / Math.max(1, lines.length)).toFixed(3), lines: lines.length, samples: texts.length, sample: texts[0].slice(0, 240) };
  return result;
}
const TOKENIZERS = ['wordpiece', 'r50kBase', 'cl100kBase', 'o200kBase', 'jiebaHmm', 'chars', 'bytes'];

/** Text lab: each tokenizer's asset, raw and gzipped. */
function textAssets() {
  const dir = 'dist/data/text';
  return Object.fromEntries(
    readdirSync(dir).map((name) => {
      const bytes = readFileSync(`${dir}/${name}`);
      return [name, { rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }];
    }),
  );
}

/**
 * The backend the pages being measured ask for. Left to choose, the page
 * passes over a software adapter such as SwiftShader for the CPU, so the
 * WebGPU figures are taken with WebGPU forced.
 */
let forcedBackend = 'auto';
/** The CPU threads the pages ask for: `all` (where the page is isolated) or `one`. */
let forcedThreads = 'all';

/** The site's `page`, in English, on the backend being measured. */
function siteUrl(base, page) {
  return new URL(`?lang=en&page=${page}&backend=${forcedBackend}&threads=${forcedThreads}`, base).toString();
}

/** A new page of the site at `page`, once its engine is ready. */
async function openPage(context, base, page) {
  const tab = await context.newPage();
  await tab.goto(siteUrl(base, page));
  await tab.locator('[data-testid="backend"][data-state="ready"]').waitFor({ timeout: 300_000 });
  return tab;
}

/** Median time (ms) each tokenizer takes on 1k, 10k and 100k characters of mixed English and Chinese. */
async function tokenizeTimes(page) {
  return page.evaluate(
    async ({ sizes, tokenizers }) => {
      const client = window.kindling.client;
      const unit = 'Attention lets every token look at every other token. 注意力让每个词都能看到其他所有的词。';
      const run = async (text) => (await client.request({ type: 'tokenize', text, tokenizers, maxTokens: 0 }).done).value;
      await run(unit); // load every vocabulary first
      const out = {};
      for (const size of sizes) {
        const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
        const times = Object.fromEntries(tokenizers.map((t) => [t, []]));
        const counts = {};
        for (let i = 0; i < 5; i++) {
          for (const row of await run(text)) {
            times[row.tokenizer].push(row.ms);
            counts[row.tokenizer] = row.count;
          }
        }
        out[size] = Object.fromEntries(
          tokenizers.map((t) => {
            const sorted = times[t].sort((a, b) => a - b);
            return [t, { medianMs: +sorted[2].toFixed(2), tokens: counts[t] }];
          }),
        );
      }
      return out;
    },
    { sizes: TEXT_SIZES, tokenizers: TOKENIZERS },
  );
}

/** One wasm file's size: raw, gzip (level 9) and brotli (quality 11). */
function sizeOf(file) {
  const bytes = readFileSync(`dist/assets/${file}`);
  return {
    file,
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    brotliBytes: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * The engine builds' sizes (www/engine/wasm-loader.ts): `cpu`, the one a
 * page on the CPU fetches first, `threads`, the same on a thread pool for
 * an isolated page, and `gpu`, with WebGPU.
 */
function engineSizes() {
  const files = readdirSync('dist/assets');
  const find = (build) => {
    const file = files.find((name) => name.startsWith(`kindling_${build}_bg-`) && name.endsWith('.wasm'));
    if (!file) throw new Error(`no ${build} engine in dist/assets: run \`cargo xtask build\``);
    return sizeOf(file);
  };
  return { cpu: find('cpu'), threads: find('cpu_mt'), gpu: find('gpu') };
}

/**
 * Text lab responsiveness: the longest main-thread task (and the total time
 * blocked over 50 ms) while 100,000 characters are pasted and drawn.
 */
async function pasteResponsiveness(context, base) {
  const page = await openPage(context, base, 'text');
  await page.locator('[data-tokenizer="chars"] .chip').first().waitFor({ timeout: 120_000 });
  const result = await page.evaluate(async () => {
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    const input = document.querySelector('[data-testid="text-input"]');
    const started = performance.now();
    input.value = 'Attention lets every token look at every other token. 注意力让每个词都能看到其他所有的词。'.repeat(1500).slice(0, 100_000);
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => {
      const check = () =>
        document.querySelector('[data-tokenizer="chars"] [data-testid="row-count"]')?.textContent === '100000 tokens'
          ? resolve()
          : setTimeout(check, 20);
      check();
    });
    const drawnMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
    observer.disconnect();
    return {
      drawnMs: Math.round(drawnMs),
      longestTaskMs: Math.round(Math.max(0, ...tasks)),
      blockingMs: Math.round(tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0)),
    };
  });
  await page.close();
  return result;
}

/** Transformer lab: model load (first and second page), forward latency by token count. */
async function transformerTimes(context, base, mode) {
  const inspect = (page, text) =>
    page.evaluate(async (text) => {
      const started = performance.now();
      const reply = await window.kindling.client.request({ type: 'inspect', text }).done;
      const wallMs = performance.now() - started;
      return { forwardMs: reply.value.forwardMs, loadMs: reply.value.loadMs, tokens: reply.value.tokens.length, wallMs };
    }, text);
  const load = async () => {
    const page = await openPage(context, base, 'home');
    const first = await inspect(page, 'warm up');
    return { page, loadMs: Math.round(first.loadMs) };
  };
  const cold = await load();
  await cold.page.close();
  const { page, loadMs } = await load();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const forward = [];
  for (const tokens of [16, 64, 256]) {
    // "word" is one WordPiece token: n - 2 of them plus [CLS] and [SEP].
    const text = 'word '.repeat(tokens - 2);
    const runs = mode === 'cpu' || tokens < 256 ? 5 : 3;
    await inspect(page, text);
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await inspect(page, text));
    forward.push({
      tokens: samples[0].tokens,
      runs,
      medianForwardMs: +median(samples.map((s) => s.forwardMs)).toFixed(1),
      medianWallMs: +median(samples.map((s) => s.wallMs)).toFixed(1),
    });
  }
  const jsHeapMB = await page.evaluate(() => (performance.memory ? +(performance.memory.usedJSHeapSize / 2 ** 20).toFixed(1) : null));
  await page.close();
  return { modelLoadColdMs: cold.loadMs, modelLoadSecondPageMs: loadMs, forward, pageJsHeapMB: jsHeapMB };
}

/** The Vision lab's default network and training settings, as its page sends them. */
const VISION_NET = {
  blocks: [
    { channels: 8, kernel: 5, stride: 1, padding: 2, pool: 'max' },
    { channels: 16, kernel: 5, stride: 1, padding: 2, pool: 'max' },
  ],
  activation: 'relu',
  batchNorm: false,
  dropout: 0,
  hidden: 0,
};
const VISION_TRAIN = { optimizer: 'adam', lr: 0.001, batch: 64, l2: 0, l1: 0, init: 'he', augment: false, seed: 1 };

/**
 * Vision lab: training throughput of the default net at batch 64, test
 * accuracy after 1 and 3 epochs (CPU only: SwiftShader needs about a second
 * per step), and the time to inspect one digit: the page's one request for
 * a drawn digit, which answers its probabilities with every feature map and
 * the first layer's filters (there is no request for the probabilities
 * alone).
 */
async function visionFigures(context, base, mode) {
  const page = await openPage(context, base, 'home');
  const result = await page.evaluate(async ({ mode, net, train }) => {
    const client = window.kindling.client;
    const ask = async (body) => (await client.request(body).done).value;
    await ask({ type: 'visionSetup', net, train });
    // Warm-up, then throughput over a few seconds of steady training.
    await ask({ type: 'visionTrain', steps: 2, budgetMs: 10_000, evaluate: false });
    const started = performance.now();
    let images = 0;
    const budget = mode === 'cpu' ? 5000 : 20_000;
    while (performance.now() - started < budget) {
      const p = await ask({ type: 'visionTrain', steps: 10_000, budgetMs: 1000, evaluate: false });
      images += p.losses.length * 64;
    }
    const imagesPerSecond = images / ((performance.now() - started) / 1000);
    const out = { imagesPerSecond: Math.round(imagesPerSecond) };
    if (mode === 'cpu') {
      // 8,000 digits / 64 = 125 steps per epoch, from a fresh network.
      await ask({ type: 'visionSetup', net, train });
      const epoch = async () => {
        let done = 0;
        while (done < 125) done += (await ask({ type: 'visionTrain', steps: 125 - done, budgetMs: 5000, evaluate: false })).losses.length;
        return (await ask({ type: 'visionTrain', steps: 0, budgetMs: 1, evaluate: true })).evaluation.accuracy;
      };
      out.accuracyAfter1Epoch = +(await epoch()).toFixed(4);
      await epoch();
      out.accuracyAfter3Epochs = +(await epoch()).toFixed(4);
    }
    const pixels = new Array(784).fill(0).map((_, i) => (Math.abs((i % 28) - 14) < 2 && i > 112 && i < 672 ? 255 : 0));
    await ask({ type: 'visionInspect', pixels });
    const times = [];
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      await ask({ type: 'visionInspect', pixels });
      times.push(performance.now() - t0);
    }
    out.inspectOneDigitMs = +times.sort((a, b) => a - b)[4].toFixed(1);
    return out;
  }, { mode, net: VISION_NET, train: VISION_TRAIN });
  await page.close();
  return result;
}

/**
 * Sequence lab on the Tang corpus with the lab's default network (hidden
 * 128, embedding 64, 32 streams x 32 characters): training characters per
 * second of each recurrence, over at least MIN_STEPS timed steps after a
 * warm-up step (a SwiftShader step takes most of a minute, so its figure
 * would otherwise rest on one step); on the CPU also the loss after a fixed number
 * of steps for each, and what a learner sees after five minutes of the
 * default LSTM: a sample and the share of its lines that are well-formed
 * five-character lines.
 */
async function sequenceFigures(context, base, mode) {
  const page = await openPage(context, base, 'home');
  page.setDefaultTimeout(900_000);
  const result = await page.evaluate(async ({ mode, minSteps, SAMPLE_SEEDS }) => {
    const client = window.kindling.client;
    const ask = async (body) => (await client.request(body).done).value;
    const config = (cell) => ({ cell, layers: 1, hidden: 128, embed: 64, bptt: 32, dropout: 0, clip: true, clipAt: 5, optimizer: 'adam', lr: 0.003, batch: 32, seed: 1 });
    const { hidden, embed, bptt, batch } = config('lstm');
    const out = { config: { hidden, embed, bptt, batch }, charsPerSecond: {}, steps: {}, corpus: null };
    for (const cell of ['rnn', 'lstm', 'gru']) {
      const setup = await ask({ type: 'sequenceSetup', source: { kind: 'tang' }, config: config(cell), compare: false });
      out.corpus = { trainChars: setup.trainChars, validChars: setup.validChars, vocab: setup.vocab };
      await ask({ type: 'sequenceTrain', steps: 1, budgetMs: 1, evaluate: false });
      const started = performance.now();
      let steps = 0;
      const budget = mode === 'cpu' ? 6000 : 20_000;
      while (performance.now() - started < budget || steps < minSteps) steps += (await ask({ type: 'sequenceTrain', steps: mode === 'cpu' ? 10_000 : 1, budgetMs: 1000, evaluate: false })).runs[0].losses.length;
      out.charsPerSecond[cell] = Math.round((steps * setup.charsPerStep) / ((performance.now() - started) / 1000));
      out.steps[cell] = steps;
    }
    if (mode === 'cpu') {
      const STEPS = 150;
      out.after150Steps = {};
      for (const cell of ['rnn', 'lstm', 'gru']) {
        await ask({ type: 'sequenceSetup', source: { kind: 'tang' }, config: config(cell), compare: false });
        const losses = [];
        while (losses.length < STEPS) losses.push(...(await ask({ type: 'sequenceTrain', steps: STEPS - losses.length, budgetMs: 5000, evaluate: false })).runs[0].losses);
        const held = (await ask({ type: 'sequenceTrain', steps: 0, budgetMs: 1, evaluate: true })).runs[0].validLoss;
        const last = losses.slice(-10).reduce((a, b) => a + b, 0) / 10;
        out.after150Steps[cell] = { trainLossNats: +last.toFixed(3), heldOutBitsPerChar: +(held / Math.LN2).toFixed(3) };
      }
      // Five minutes of the default LSTM, as a learner pressing Train gets.
      await ask({ type: 'sequenceSetup', source: { kind: 'tang' }, config: config('lstm'), compare: false });
      const started = performance.now();
      let steps = 0;
      while (performance.now() - started < 300_000) steps += (await ask({ type: 'sequenceTrain', steps: 10_000, budgetMs: 300, evaluate: false })).runs[0].losses.length;
      const held = (await ask({ type: 'sequenceTrain', steps: 0, budgetMs: 1, evaluate: true })).runs[0].validLoss;
      const texts = [];
      for (const seed of SAMPLE_SEEDS) texts.push((await ask({ type: 'sequenceSample', run: 0, sample: { prefix: '', acrostic: false, temperature: 0.8, length: 480, seed } })).text);
      out.fiveMinutes = { steps, heldOutBitsPerChar: +(held / Math.LN2).toFixed(3), texts };
    }
    return out;
  }, { mode, minSteps: MIN_STEPS, SAMPLE_SEEDS });
  await page.close();
  return withLineShares(result);
}

/**
 * GPT lab: training tokens per second of the default model (2 layers, width
 * 128, 4 heads, context 64, batch 32) on the Tang characters, and writing
 * tokens per second; on the CPU backend also what a learner has after five
 * minutes of it: the held-out bits per character and the share of
 * well-formed five-character lines in a 480-character sample (the Sequence
 * figures measure the LSTM the same way).
 */
async function gptFigures(context, base, mode) {
  const page = await openPage(context, base, 'home');
  page.setDefaultTimeout(900_000);
  const result = await page.evaluate(async ({ mode, minSteps, SAMPLE_SEEDS }) => {
    const client = window.kindling.client;
    const ask = async (body) => (await client.request(body).done).value;
    const settings = {
      layers: 2, width: 128, heads: 4, context: 64, mlpRatio: 4, dropout: 0, tie: true, preNorm: true,
      positions: 'learned', norm: 'layerNorm', mlp: 'gelu', kvHeads: 0,
      optimizer: 'adamW', lr: 0.003, warmup: 100, decay: 3000, weightDecay: 0.01, batch: 32, clip: true, clipAt: 1, seed: 1, merges: 0,
    };
    const setup = await ask({ type: 'gptSetup', source: { kind: 'tang' }, settings, race: false });
    const out = {
      config: { layers: 2, width: 128, heads: 4, context: 64, batch: 32 },
      params: setup.params,
      trainFlopsPerToken: setup.cost.trainFlops,
      vocab: setup.vocab,
    };
    await ask({ type: 'gptTrain', steps: 1, budgetMs: 1, evaluate: false, race: false });
    let started = performance.now();
    let steps = 0;
    const budget = mode === 'cpu' ? 8000 : 30_000;
    while (performance.now() - started < budget || steps < minSteps) steps += (await ask({ type: 'gptTrain', steps: mode === 'cpu' ? 10_000 : 1, budgetMs: 1000, evaluate: false, race: false })).losses.length;
    out.trainTokensPerSecond = Math.round((steps * setup.tokensPerStep) / ((performance.now() - started) / 1000));
    out.trainSteps = steps;
    out.achievedGflops = +((out.trainTokensPerSecond * setup.cost.trainFlops) / 1e9).toFixed(2);
    const write = { prompt: '', acrostic: false, temperature: 0.8, topK: 0, topP: 1, length: mode === 'cpu' ? 200 : 40, seed: 1 };
    out.sampleTokensPerSecond = +(await ask({ type: 'gptSample', sample: write })).tokensPerSecond.toFixed(1);
    if (mode === 'cpu') {
      // Five minutes of the default model, as a learner pressing Train gets.
      await ask({ type: 'gptSetup', source: { kind: 'tang' }, settings, race: false });
      started = performance.now();
      steps = 0;
      while (performance.now() - started < 300_000) steps += (await ask({ type: 'gptTrain', steps: 10_000, budgetMs: 300, evaluate: false, race: false })).losses.length;
      const held = (await ask({ type: 'gptTrain', steps: 0, budgetMs: 1, evaluate: true, race: false })).validLoss;
      const texts = [];
      for (const seed of SAMPLE_SEEDS) texts.push((await ask({ type: 'gptSample', sample: { ...write, length: 480, seed } })).text);
      out.fiveMinutes = { steps, heldOutBitsPerChar: +(held / Math.LN2).toFixed(3), texts };
    }
    return out;
  }, { mode, minSteps: MIN_STEPS, SAMPLE_SEEDS });
  await page.close();
  return withLineShares(result);
}

/**
 * The GPT lab's KV cache: the default model's shape (2 layers, width 128,
 * 4 heads) with a context of 256, untrained (speed does not depend on the
 * weights), writing 256 tokens greedily with and without the cache. Decode
 * tokens per second at 32, 128 and 256 tokens of context (the median step
 * within 8 positions of each), the prefill of all 256 at once, the cache's
 * bytes at 256 tokens, and on the CPU the same writing with 1, 2 and 4 K/V
 * heads.
 */
async function decoderFigures(context, base, mode) {
  const page = await openPage(context, base, 'home');
  page.setDefaultTimeout(900_000);
  const result = await page.evaluate(async (mode) => {
    const client = window.kindling.client;
    const ask = async (body) => (await client.request(body).done).value;
    const settings = {
      layers: 2, width: 128, heads: 4, context: 256, mlpRatio: 4, dropout: 0, tie: true, preNorm: true,
      positions: 'learned', norm: 'layerNorm', mlp: 'gelu', kvHeads: 0,
      optimizer: 'adamW', lr: 0.003, warmup: 100, decay: 3000, weightDecay: 0.01, batch: 32, clip: true, clipAt: 1, seed: 1, merges: 0,
    };
    await ask({ type: 'gptSetup', source: { kind: 'tang' }, settings, race: false });
    // A warm-up run, then the measured one.
    await ask({ type: 'gptCache', cache: { prompt: '', tokens: 16, sweep: false } });
    const run = await ask({ type: 'gptCache', cache: { prompt: '', tokens: 256, sweep: mode === 'cpu' } });
    // The median step within 8 positions of `at`: one slow step (a
    // collection, a timer) should not set the figure.
    const near = (at, key) => {
      const ms = run.steps.filter((s) => Math.abs(s.position - at) <= 8).map((s) => s[key]).sort((a, b) => a - b);
      return +(1000 / ms[Math.floor(ms.length / 2)]).toFixed(1);
    };
    const out = {
      config: { layers: 2, width: 128, heads: 4, context: 256 },
      identical: run.identical,
      maxLogitDifference: run.maxDifference,
      decodeTokensPerSecond: {},
      prefillTokens: run.prefillTokens,
      prefillTokensPerSecond: +((run.prefillTokens * 1000) / run.prefillMs).toFixed(1),
      cacheBytesAt256: run.steps[run.steps.length - 1].bytes,
      cachePositionAtEnd: run.steps[run.steps.length - 1].position,
    };
    for (const at of [32, 128, 256]) out.decodeTokensPerSecond[at] = { cached: near(at, 'cachedMs'), uncached: near(at, 'plainMs') };
    if (run.sweep.length) out.kvHeads = run.sweep.map((r) => ({ kvHeads: r.kvHeads, bytes: r.bytes, tokensPerSecond: +r.tokensPerSecond.toFixed(1) }));
    return out;
  }, mode);
  await page.close();
  return result;
}

/**
 * LoRA lab: training steps per second of LoRA r = 8 (W_Q and W_V, α 16)
 * and of full fine-tuning on the built Tang base, batch 16 of the Song ci,
 * each run set up and timed alone; the values each trains and the
 * adapter's bytes at f32.
 */
async function loraFigures(context, base, mode) {
  const page = await openPage(context, base, 'home');
  page.setDefaultTimeout(900_000);
  const result = await page.evaluate(async ({ mode, minSteps }) => {
    const client = window.kindling.client;
    const ask = async (body) => (await client.request(body).done).value;
    const out = { batch: 16 };
    for (const [name, rank] of [['lora8', 8], ['full', 0]]) {
      const settings = { runs: [{ rank, alpha: 16, targets: ['query', 'value'] }], lr: 0.002, batch: 16, seed: 1, heldOut: 2048 };
      const setup = await ask({ type: 'loraSetup', base: 'built', target: { kind: 'songCi' }, settings });
      await ask({ type: 'loraTrain', steps: 1, evaluate: false });
      const started = performance.now();
      let steps = 0;
      while (performance.now() - started < (mode === 'cpu' ? 8000 : 30_000) || steps < minSteps) {
        steps += (await ask({ type: 'loraTrain', steps: mode === 'cpu' ? 5 : 1, evaluate: false })).runs[0].losses.length;
      }
      const seconds = (performance.now() - started) / 1000;
      out[name] = { trainable: setup.runs[0].trainable, stepsPerSecond: +(steps / seconds).toFixed(2), steps };
      out.baseParams = setup.base.params;
    }
    out.adapterBytes = out.lora8.trainable * 4;
    return out;
  }, { mode, minSteps: MIN_STEPS });
  await page.close();
  return result;
}

/**
 * Precision lab, on the built Tang GPT: a forward pass of 8 windows with
 * f32 weights against burn's own int8 weights; a 512 × 512 product in fp16
 * against f32 (where the device has fp16); held-out bits per character
 * with every matrix at int8 per channel, int4 in groups of 32 and int4
 * with one scale, and W8A8 at each calibration (on the CPU only: the
 * numbers do not depend on the backend); and QAT's training speed.
 */
async function precisionFigures(context, base, mode) {
  const page = await openPage(context, base, 'home');
  page.setDefaultTimeout(900_000);
  const result = await page.evaluate(async (mode) => {
    const client = window.kindling.client;
    const ask = async (body) => (await client.request(body).done).value;
    const load = await ask({ type: 'precisionLoad', model: 'builtGpt', cnnSteps: 300 });
    const out = { params: load.params, f32Bytes: load.f32Bytes };
    const speed = await ask({ type: 'precisionSpeed' });
    out.forward = { tokens: speed.tokens, f32Ms: +speed.f32Ms.toFixed(1), int8Ms: +speed.int8Ms.toFixed(1), maxDifference: speed.maxDifference };
    const half = await ask({ type: 'precisionHalf', size: 512 });
    out.fp16Matmul512 = { supported: half.supported, f32Ms: half.f32Ms, f16Ms: half.f16Ms, meanError: half.meanError, maxError: half.maxError };
    if (mode === 'cpu') {
      const schemes = [
        { bits: 8, symmetric: true, granularity: 'channel' },
        { bits: 4, symmetric: true, granularity: 'group32' },
        { bits: 4, symmetric: true, granularity: 'tensor' },
      ];
      const table = await ask({ type: 'precisionTable', schemes, sentences: [], held: 16384 });
      out.table = table.rows.map((r) => ({ scheme: r.scheme, bytes: r.bytes, bitsPerChar: +r.quality.bitsPerChar.toFixed(4) }));
      const acts = await ask({ type: 'precisionActivations', site: 0, held: 16384 });
      out.activations = { f32: +acts.f32Score.toFixed(4), rows: acts.rows.map((r) => ({ calibration: r.calibration, bitsPerChar: +r.score.toFixed(4) })) };
    }
    await ask({ type: 'precisionQatSetup', model: 'builtGpt', symmetric: true, granularity: 'channel', settings: { lr: 0.0005, batch: 16, seed: 1, heldOut: 256 }, cnnSteps: 300 });
    await ask({ type: 'precisionQatTrain', steps: 1, evaluate: false });
    const started = performance.now();
    let steps = 0;
    while (performance.now() - started < (mode === 'cpu' ? 8000 : 30_000) || steps < 2) {
      steps += (await ask({ type: 'precisionQatTrain', steps: mode === 'cpu' ? 4 : 1, evaluate: false })).runs[0].losses.length;
    }
    // Three runs (f32, QAT int8, QAT int4) train per step of the experiment.
    out.qatExperimentStepsPerSecond = +(steps / ((performance.now() - started) / 1000)).toFixed(2);
    return out;
  }, mode);
  await page.close();
  return result;
}

/**
 * Concepts lab: training steps per second of the gradient-flow net (width
 * 16, sigmoid, Xavier, batch 32, Adam) at depth 10 and 50, with the
 * per-layer gradient norms read back every slice as the page does.
 */
async function conceptsFigures(context, base, mode) {
  const page = await openPage(context, base, 'home');
  const result = await page.evaluate(async (mode) => {
    const client = window.kindling.client;
    const ask = async (body) => (await client.request(body).done).value;
    const out = {};
    for (const depth of [10, 50]) {
      const data = { dataset: 'spiral', noise: 0.1, samples: 300, seed: 1 };
      const net = { depth, width: 16, activation: 'sigmoid', init: 'xavier', residual: false, norm: 'none', dropout: 0 };
      const fit = { optimizer: 'adam', lr: 0.01, batch: 32, l1: 0, l2: 0, seed: 1 };
      await ask({ type: 'conceptsSetup', experiment: 'flow', data, runs: [{ net, fit }] });
      await ask({ type: 'conceptsTrain', experiment: 'flow', budgetMs: 1, details: false });
      const started = performance.now();
      let steps = 0;
      while (performance.now() - started < (mode === 'cpu' ? 4000 : 15_000)) steps += (await ask({ type: 'conceptsTrain', experiment: 'flow', budgetMs: 250, details: false })).runs[0].losses.length;
      out[`depth${depth}StepsPerSecond`] = +(steps / ((performance.now() - started) / 1000)).toFixed(1);
    }
    return out;
  }, mode);
  await page.close();
  return result;
}

/**
 * Embeddings lab (Representations) with the page's default settings and
 * its 300 ms training slices: word2vec on the Tang characters (skip-gram,
 * 50 values, window 5, 5 negatives, subsampling 1e-3, batch 512, vocabulary
 * 3,000) in training examples (pairs) per second, and the VAE on the
 * digits (a two-number code, hidden 256, β 1, batch 128) in digits per
 * second: each the median of the figures the engine gives for its slices
 * after a warm-up slice (SwiftShader: at least 3 slices, more while under
 * 20 s, at most 9). Then the time to decode one point of the code, from
 * request to answer as the page's pointer gets it: the median of 30.
 */
async function representationsFigures(context, base, mode) {
  const page = await openPage(context, base, 'home');
  page.setDefaultTimeout(900_000);
  const result = await page.evaluate(async (mode) => {
    const client = window.kindling.client;
    const ask = async (body) => (await client.request(body).done).value;
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    /** The page's slice. */
    const SLICE_MS = 300;
    /** A warm-up slice, then `read` of each slice that took a step, as many as this backend allows. */
    const slices = async (type, read) => {
      await ask({ type, budgetMs: SLICE_MS });
      const values = [];
      const started = performance.now();
      const [least, most] = mode === 'cpu' ? [9, 9] : [3, 9];
      while (values.length < most && (values.length < least || performance.now() - started < 20_000)) {
        const p = await ask({ type, budgetMs: SLICE_MS });
        if (p.losses.length > 0) values.push(read(p));
        if (p.finished || p.diverged) break;
      }
      return values;
    };
    const w2v = { method: 'skipGram', dim: 50, window: 5, negatives: 5, subsample: 0.001, lr: 0.025, epochs: 3, batch: 512, seed: 1 };
    const setup = await ask({ type: 'w2vSetup', source: { kind: 'tang' }, unit: 'chars', maxVocab: 3000, minCount: 1, settings: w2v });
    const eps = await slices('w2vTrain', (p) => p.examplesPerSecond);
    const ae = { shape: { kind: 'variational', latent: 2, hidden: 256 }, beta: 1, lr: 0.001, batch: 128, seed: 1 };
    const aeParams = await ask({ type: 'aeSetup', settings: ae });
    const ips = await slices('aeTrain', (p) => p.imagesPerSecond);
    // One point at a time, as the pointer asks; the warm-up decode is not timed.
    await ask({ type: 'aeDecode', points: [[0, 0]] });
    const times = [];
    for (let i = 0; i < 30; i++) {
      const point = [Math.cos(i) * 1.5, Math.sin(i) * 1.5];
      const t0 = performance.now();
      const pixels = await ask({ type: 'aeDecode', points: [point] });
      times.push(performance.now() - t0);
      if (pixels.length !== 784) throw new Error(`aeDecode answered ${pixels.length} bytes for one point`);
    }
    return {
      word2vec: {
        config: { method: w2v.method, dim: w2v.dim, window: w2v.window, negatives: w2v.negatives, batch: w2v.batch, maxVocab: 3000 },
        vocab: setup.vocab,
        tokens: setup.tokens,
        params: setup.params,
        examplesPerSecond: Math.round(median(eps)),
        slices: eps.length,
      },
      vae: {
        config: { latent: 2, hidden: 256, beta: 1, batch: 128 },
        params: aeParams,
        imagesPerSecond: +median(ips).toFixed(1),
        slices: ips.length,
      },
      decodeOnePointMs: +median(times).toFixed(1),
      decodes: times.length,
    };
  }, mode);
  await page.close();
  return result;
}

/** Matrix-product GFLOP/s at each of `SIZES` on the page's engine. */
async function matmulTimes(page) {
  const matmul = await page.evaluate(
    async (sizes) => (await window.kindling.client.request({ type: 'matmulBench', sizes, minMs: 1500 }).done).value,
    SIZES,
  );
  return matmul.timings.map((t) => ({ size: t.size, gflops: +t.gflops.toFixed(3), products: t.products, ms: +t.ms.toFixed(1) }));
}

/**
 * The first visit's wasm, and the backend each lab would run on. A
 * WebGPU-capable browser (SwiftShader here) opens the Text lab with `auto`
 * on a plain host and on an isolated one; every wasm it fetches until the
 * engine is ready is counted. Then, on the isolated page, the chooser times
 * each lab it can on both backends.
 */
async function choiceFigures(plainBase, isolatedBase) {
  forcedBackend = 'auto';
  forcedThreads = 'all';
  const browser = await launchChromium('webgpu');
  try {
    const firstVisit = {};
    let page;
    for (const [host, base] of [['plain', plainBase], ['isolated', isolatedBase]]) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const wasm = [];
      context.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (path.endsWith('.wasm')) wasm.push(path.split('/').pop());
      });
      page = await openPage(context, base, 'text');
      const status = await page.evaluate(() => ({ ...window.kindling.client.status, isolated: self.crossOriginIsolated }));
      const files = wasm.map(sizeOf);
      firstVisit[host] = {
        isolated: status.isolated,
        build: status.build,
        threads: status.backend.threads,
        files,
        gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
      };
      if (host === 'plain') await context.close();
    }
    const { adapter, timings } = await page.evaluate(async () => {
      const { chooser } = window.kindling;
      const adapter = await chooser.adapterInfo();
      const timings = {};
      for (const lab of chooser.labs()) timings[lab] = await chooser.compare(lab);
      return { adapter, timings };
    });
    const ok = (ms) => Number.isFinite(ms) && ms > 0;
    const faster = (t) => (ok(t.gpuMs) && (!ok(t.cpuMs) || t.gpuMs < t.cpuMs) ? 'webgpu' : 'cpu');
    const labs = Object.fromEntries(
      Object.entries(timings).map(([lab, t]) => [
        lab,
        { cpuMs: +t.cpuMs.toFixed(1), gpuMs: +t.gpuMs.toFixed(1), threads: t.threads, faster: faster(t), chosen: adapter.hardware ? faster(t) : 'cpu' },
      ]),
    );
    return { adapter, firstVisit, labs };
  } finally {
    forcedBackend = 'auto';
    await browser.close();
  }
}

/** `BENCH_ONLY=matmul`: the matrix products alone, on a page of their own. */
async function matmulFigures(context, base) {
  const page = await openPage(context, base, 'home');
  const matmul = await matmulTimes(page);
  await page.close();
  return matmul;
}

/**
 * The backends in the order they are measured: the CPU first, since
 * SwiftShader's browser can leave the cores busy for a while after it closes.
 */
const BACKENDS = ['cpu', 'webgpu'];

/** `{ [key]: await measure(key) }` for each of `keys`, one after the other. */
async function inOrder(keys, measure) {
  const out = {};
  for (const key of keys) out[key] = await measure(key);
  return out;
}

async function measureBackend(base, mode) {
  forcedBackend = mode;
  const browser = await launchChromium(mode);
  try {
    // Cold: a fresh profile, nothing cached.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(siteUrl(base, 'home'));
    await page.locator('[data-testid="backend"][data-state="ready"]').waitFor({ timeout: 300_000 });
    const engineReadyWallMs = Date.now() - started;
    const timing = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const first = performance.getEntriesByName('first-paint')[0];
      return { firstPaintMs: first?.startTime ?? null, firstContentfulPaintMs: paint?.startTime ?? null };
    });
    const status = await page.evaluate(() => window.kindling.client.status);
    const matmul = await matmulTimes(page);
    const tokenize = mode === 'cpu' ? await tokenizeTimes(page) : undefined;
    const paste = mode === 'cpu' ? await pasteResponsiveness(context, base) : undefined;
    const transformer = await transformerTimes(context, base, mode);
    const vision = await visionFigures(context, base, mode);
    const sequence = await sequenceFigures(context, base, mode);
    const concepts = await conceptsFigures(context, base, mode);
    const gpt = await gptFigures(context, base, mode);
    const decoder = await decoderFigures(context, base, mode);
    const lora = await loraFigures(context, base, mode);
    const precision = await precisionFigures(context, base, mode);
    const representations = await representationsFigures(context, base, mode);
    await context.close();
    return {
      representations,
      concepts,
      gpt,
      decoder,
      lora,
      precision,
      transformer,
      vision,
      sequence,
      ...(tokenize ? { tokenizeMs: tokenize } : {}),
      ...(paste ? { paste100k: paste } : {}),
      backend: status.backend,
      engineInitMs: status.initMs,
      engineReadyWallMs,
      ...timing,
      matmul,
    };
  } finally {
    await browser.close();
  }
}

/** Rounds of the thread comparison: each side measured this many times, in turn. */
const THREAD_ROUNDS = 3;

/**
 * The threaded CPU engine against one thread, in one browser, on the site
 * served with the isolation headers (`isolatedBase`): a page asking for
 * every core and one asking for one (`threads=one`), open side by side and
 * measured in turn, THREAD_ROUNDS times, so that a slow spell of the
 * machine falls on both: matrix products, the MiniLM forward pass at 256
 * tokens and the Vision lab's training throughput (the medians). Each side
 * says which engine build and how many threads it ran on.
 */
async function threadFigures(isolatedBase) {
  forcedBackend = 'cpu';
  const browser = await launchChromium('cpu');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  try {
    const sides = await inOrder(['all', 'one'], async (threads) => {
      forcedThreads = threads;
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await openPage(context, isolatedBase, 'home');
      await page.evaluate(async ({ net, train }) => {
        const client = window.kindling.client;
        await client.request({ type: 'inspect', text: 'warm up' }).done;
        await client.request({ type: 'visionSetup', net, train }).done;
      }, { net: VISION_NET, train: VISION_TRAIN });
      const status = await page.evaluate(() => ({ ...window.kindling.client.status, isolated: self.crossOriginIsolated }));
      // A page that did not get the threads would compare one thread with one.
      const want = threads === 'all' ? 'threads' : 'cpu';
      if (status.build !== want) throw new Error(`threads=${threads} ran the ${status.build} engine, not the ${want} one (isolated: ${status.isolated})`);
      return { page, context, status, rounds: [] };
    });
    for (let round = 0; round < THREAD_ROUNDS; round++) {
      for (const side of Object.values(sides)) {
        const matmul = await matmulTimes(side.page);
        const measured = await side.page.evaluate(async (batch) => {
          const client = window.kindling.client;
          const ask = async (body) => (await client.request(body).done).value;
          // "word" is one WordPiece token: 254 of them plus [CLS] and [SEP].
          const text = 'word '.repeat(254);
          await ask({ type: 'inspect', text });
          const forward = [];
          for (let i = 0; i < 3; i++) forward.push((await ask({ type: 'inspect', text })).forwardMs);
          await ask({ type: 'visionTrain', steps: 2, budgetMs: 10_000, evaluate: false });
          const started = performance.now();
          let images = 0;
          while (performance.now() - started < 4000) images += (await ask({ type: 'visionTrain', steps: 10_000, budgetMs: 1000, evaluate: false })).losses.length * batch;
          return { forward, imagesPerSecond: images / ((performance.now() - started) / 1000) };
        }, VISION_TRAIN.batch);
        side.rounds.push({ matmul, bert256Ms: median(measured.forward), imagesPerSecond: measured.imagesPerSecond });
      }
    }
    const out = {};
    for (const [threads, side] of Object.entries(sides)) {
      await side.context.close();
      out[threads] = {
        build: side.status.build,
        threads: side.status.backend.threads,
        isolated: side.status.isolated,
        rounds: side.rounds.length,
        matmul: SIZES.map((size) => ({ size, gflops: +median(side.rounds.map((r) => r.matmul.find((m) => m.size === size).gflops)).toFixed(3) })),
        bert256Ms: +median(side.rounds.map((r) => r.bert256Ms)).toFixed(1),
        visionImagesPerSecond: Math.round(median(side.rounds.map((r) => r.imagesPerSecond))),
      };
    }
    return out;
  } finally {
    forcedThreads = 'all';
    forcedBackend = 'auto';
    await browser.close();
  }
}

/** Vite's preview server on a free port, with `headers` on every response. */
async function serve(headers) {
  const server = await preview({
    configFile: false,
    build: { outDir: 'dist' },
    preview: { host: '127.0.0.1', port: 0, headers },
    logLevel: 'warn',
  });
  return { server, base: server.resolvedUrls.local[0] };
}

// The backends' figures are taken without isolation (one thread, as the
// labs' figures always were); the thread figures with it.
const { server, base } = await serve({});
const isolated = await serve(isolationHeaders);
/**
 * `BENCH_ONLY=concepts` measures one lab on both backends and takes every
 * other figure from the last full run (each lab's figures take minutes; a
 * full run takes about twenty-five). The result is a new dated file that
 * names the run it builds on; that run's file is left as it was.
 */
async function measureOnly(lab) {
  const { latestFile } = await import('./figures.mjs');
  if (lab === 'threads') {
    const basedOn = latestFile();
    const result = JSON.parse(readFileSync(basedOn, 'utf8'));
    result.threads = await threadFigures(isolated.base);
    result.threadsDate = new Date().toISOString();
    result.engines = engineSizes();
    result.basedOn = basename(basedOn);
    return result;
  }
  if (lab === 'choice') {
    const basedOn = latestFile();
    const result = JSON.parse(readFileSync(basedOn, 'utf8'));
    result.choice = await choiceFigures(base, isolated.base);
    result.choiceDate = new Date().toISOString();
    result.engines = engineSizes();
    result.basedOn = basename(basedOn);
    return result;
  }
  if (lab === 'soak') {
    const basedOn = latestFile();
    const result = JSON.parse(readFileSync(basedOn, 'utf8'));
    result.soak = await soakFigures(base);
    result.soakDate = new Date().toISOString();
    result.basedOn = basename(basedOn);
    return result;
  }
  const measure = { matmul: matmulFigures, concepts: conceptsFigures, decoder: decoderFigures, gpt: gptFigures, lora: loraFigures, precision: precisionFigures, representations: representationsFigures, sequence: sequenceFigures, vision: visionFigures }[lab];
  if (!measure) throw new Error(`BENCH_ONLY: no lab ${lab}`);
  const basedOn = latestFile();
  const result = JSON.parse(readFileSync(basedOn, 'utf8'));
  for (const mode of BACKENDS) {
    forcedBackend = mode;
    const browser = await launchChromium(mode);
    try {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      result[mode][lab] = await measure(context, base, mode);
      await context.close();
    } finally {
      await browser.close();
    }
  }
  // The engines' sizes go with the matrix products: one sentence of the README.
  if (lab === 'matmul') result.engines = engineSizes();
  result[`${lab}Date`] = new Date().toISOString();
  result.basedOn = basename(basedOn);
  return result;
}

/**
 * Where the result goes: bench/results, or `BENCH_RESULTS=DIR` (a trial run
 * that should leave bench/results as it was; BENCH_ONLY still builds on the
 * last run there).
 */
const RESULTS = process.env.BENCH_RESULTS || 'bench/results';

/** Write `json` to a dated file that does not exist yet; returns its path. */
function writeNew(name, date, json) {
  for (let n = 1; ; n++) {
    const path = `${RESULTS}/${name}-${date.slice(0, 10)}${n > 1 ? `-${n}` : ''}.json`;
    if (existsSync(path)) continue;
    writeFileSync(path, json, { flag: 'wx' });
    return path;
  }
}

try {
  const result = process.env.BENCH_ONLY ? await measureOnly(process.env.BENCH_ONLY) : {
    name: 'platform',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGiB: Math.round(totalmem() / 2 ** 30) },
    chromium: await launchChromium('cpu').then(async (browser) => {
      const version = browser.version();
      await browser.close();
      return version;
    }),
    engines: engineSizes(),
    textAssets: textAssets(),
    digitsAsset: (() => {
      const bytes = readFileSync('dist/data/vision/mnist-10k.bin');
      return { rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    })(),
    tangAsset: (() => {
      const bytes = readFileSync('dist/data/sequence/tang5.txt');
      return { rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    })(),
    modelAsset: (() => {
      const bytes = readFileSync('dist/data/transformer/minilm-int8.safetensors');
      return { rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    })(),
    ...(await inOrder(BACKENDS, (mode) => measureBackend(base, mode))),
    threads: await threadFigures(isolated.base),
    choice: await choiceFigures(base, isolated.base),
    soak: await soakFigures(base),
  };
  mkdirSync(RESULTS, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const file = writeNew(result.name, new Date().toISOString(), json);
  writeFileSync(`${RESULTS}/latest.json`, json);
  process.stdout.write(json);
  process.stdout.write(`\nwrote ${file}; the README's Figures section for it (\`node bench/figures.mjs --write ${file}\` puts it there):\n\n`);
  process.stdout.write(figures(result, file));
} finally {
  server.httpServer.close();
  isolated.server.httpServer.close();
}
