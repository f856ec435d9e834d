// The README's "Figures" section, written from one bench result file, so
// that every figure the README quotes comes from the file it names.
//
//   node bench/figures.mjs [FILE]   print the section for FILE
//                                   (default: the file latest.json copies)
//   node bench/figures.mjs --check  fail when README.md's section is not
//                                   exactly the one its named file gives
//   node bench/figures.mjs --write [FILE]  put FILE's section in README.md
//
// `cargo xtask bench` prints the section after a run; `cargo xtask test`
// runs the check.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = 'bench/results';
const HEADING = '## Figures';

/** The sequence bench's network, for files written before it was recorded. */
const SEQUENCE_CONFIG = { hidden: 128, embed: 64, batch: 32, bptt: 32 };

const int = (n) => Math.round(n).toLocaleString('en-US');
const fixed = (n, digits) => n.toFixed(digits);
const mb = (bytes, digits = 1) => `${fixed(bytes / 1e6, digits)} MB`;
const seconds = (ms) => `${fixed(ms / 1000, 1)} s`;
const percent = (share) => `${Math.round(100 * share)}%`;

/** The dated result file that `latest.json` is a copy of. */
export function latestFile() {
  const latest = readFileSync(`${RESULTS}/latest.json`, 'utf8');
  const dated = readdirSync(RESULTS)
    .filter((name) => name.endsWith('.json') && name !== 'latest.json')
    .sort()
    .reverse()
    .find((name) => readFileSync(`${RESULTS}/${name}`, 'utf8') === latest);
  if (!dated) throw new Error(`${RESULTS}/latest.json is a copy of no dated file there`);
  return `${RESULTS}/${dated}`;
}

/**
 * The section's markdown for `result`, read from `file`. A figure missing
 * from the file throws rather than printing "undefined".
 */
export function figures(result, file) {
  const need = (value, what) => {
    if (value === undefined || value === null || Number.isNaN(value)) throw new Error(`${file}: no ${what}`);
    return value;
  };
  const { cpu, webgpu } = result;
  const gflops = (backend, size) => need(backend.matmul.find((m) => m.size === size)?.gflops, `matmul at ${size}`);
  const cpu1024 = gflops(cpu, 1024);
  const tokenize10k = need(cpu.tokenizeMs?.['10000'], 'tokenizeMs at 10,000 characters');
  const slowestTokenizer = Math.max(...Object.values(tokenize10k).map((t) => t.medianMs));
  const paste = need(cpu.paste100k, 'paste100k');
  const forward = (tokens) => need(cpu.transformer.forward.find((f) => f.tokens === tokens), `forward at ${tokens} tokens`);
  const vision = cpu.vision;
  // Files before 2026-12 named the whole inspection "classifyOneDigitMs".
  const inspectMs = need(vision.inspectOneDigitMs ?? vision.classifyOneDigitMs, 'inspectOneDigitMs');
  const seq = need(cpu.sequence, 'sequence figures');
  const config = seq.config ?? SEQUENCE_CONFIG;
  const vocab = need(seq.corpus?.vocab, 'sequence corpus');
  const corpusChars = seq.corpus.trainChars + seq.corpus.validChars;
  const chars = (backend) => ['rnn', 'lstm', 'gru'].map((cell) => int(need(backend.sequence.charsPerSecond[cell], `${cell} chars/s`)));
  const gpuChars = ['rnn', 'lstm', 'gru'].map((cell) => need(webgpu.sequence.charsPerSecond[cell], `SwiftShader ${cell} chars/s`));
  const gpuSteps = webgpu.sequence.steps;
  const after = ['rnn', 'lstm', 'gru'].map((cell) => fixed(need(seq.after150Steps?.[cell]?.heldOutBitsPerChar, `${cell} after 150 steps`), 2));
  const five = need(seq.fiveMinutes, 'fiveMinutes');
  // Multiply-adds per character: the LSTM cell's four gates over [input,
  // hidden], and the output layer; a training step costs about three
  // forward passes (forward, and the two products of the backward pass).
  const cellMacs = 4 * (config.embed + config.hidden) * config.hidden;
  const outputMacs = config.hidden * vocab;
  const stepGflops = (3 * 2 * (cellMacs + outputMacs) * seq.charsPerSecond.lstm) / 1e9;
  const gpt = need(cpu.gpt, 'GPT figures');
  const gptFive = need(gpt.fiveMinutes, 'GPT fiveMinutes');
  const gpuGpt = need(webgpu.gpt, 'SwiftShader GPT figures');
  // Files before the three-sample runs wrote one 480-character sample.
  const written = (f) => (f.samples ? `of the ${int(f.lines)} lines in ${['no', 'one', 'two', 'three', 'four'][f.samples] ?? f.samples} 480-character samples` : 'of the lines it then writes');
  const concepts = (backend, what) => need(backend.concepts?.[`depth${what}StepsPerSecond`], `concepts at depth ${what}`);
  const date = result.date.slice(0, 10);
  // Labs measured again on their own (BENCH_ONLY) into this file.
  const again = Object.keys(result)
    .filter((key) => key.endsWith('Date'))
    .map((key) => {
      const lab = key.slice(0, -'Date'.length);
      const when = result[key];
      const name = { threads: 'thread figures', choice: 'backend-choice figures', gpt: 'GPT lab', decoder: 'KV cache', lora: 'LoRA lab', precision: 'Precision lab', representations: 'Embeddings lab', soak: 'soak', matmul: 'matrix-product and engine-size figures' }[lab] ?? `${lab[0].toUpperCase()}${lab.slice(1)} lab`;
      return `the ${name}${name.endsWith('s') ? "'" : "'s"} at ${when.slice(11, 16)} UTC${when.slice(0, 10) === date ? '' : ` on ${when.slice(0, 10)}`}`;
    })
    .join(', ');
  const machine = result.machine;
  const lines = [
    HEADING,
    '',
    `Every figure here comes from \`${file}\`: \`cargo xtask bench\` on`,
    `${date}${again ? ` (${again})` : ''}, ${machine.cpus} cores of an ${machine.cpuModel}, ${machine.memoryGiB} GiB,`,
    `headless Chromium ${result.chromium}. \`node bench/figures.mjs --write FILE\` writes this`,
    `section from a result file, and \`cargo xtask test\` fails when the two differ.`,
    '',
    `On the CPU backend (wasm with SIMD, one thread) a 1024×1024 matrix product`,
    `runs at about ${Math.round(cpu1024)} GFLOP/s; SwiftShader's WebGPU (a CPU emulation of a GPU) at`,
    `about ${fixed(gflops(webgpu, 1024), 1)}, which says`,
    ...engineLines(result),
    ...threadLines(result),
    ...choiceLines(result),
    '',
    `- Text lab: every tokenizer cuts 10,000 characters of mixed English and`,
    `  Chinese in ${fixed(slowestTokenizer, 1)} ms or less; pasting 100,000 characters draws every row in`,
    `  ${seconds(paste.drawnMs)}, longest main-thread task ${int(paste.longestTaskMs)} ms.`,
    `- Transformer lab (CPU backend): a forward pass with every layer's attention`,
    `  and hidden states read back takes ${int(forward(16).medianForwardMs)} ms at 16 tokens, ${int(forward(64).medianForwardMs)} ms at 64 and`,
    `  ${int(forward(256).medianForwardMs)} ms at 256 (${int(forward(16).medianWallMs)}, ${int(forward(64).medianWallMs)} and ${int(forward(256).medianWallMs)} ms until the page has it); loading the ${mb(result.modelAsset.rawBytes)}`,
    `  int8 model (download from the local server, dequantize, upload) ${seconds(cpu.transformer.modelLoadColdMs)}.`,
    `- Vision lab (CPU backend): the default CNN trains at ${int(vision.imagesPerSecond)} images/s at`,
    `  batch 64, reaching ${fixed(100 * vision.accuracyAfter1Epoch, 1)}% test accuracy after one epoch of the 8,000`,
    `  digits and ${fixed(100 * vision.accuracyAfter3Epochs, 1)}% after three; inspecting one digit (its`,
    `  probabilities, every feature map and the first layer's filters, from`,
    `  request to answer) takes ${fixed(inspectMs, 1)} ms.`,
    `- Sequence lab (CPU backend, Tang corpus of ${int(corpusChars)} characters with its line breaks,`,
    `  ${mb(result.tangAsset.rawBytes, 2)} raw, ${mb(result.tangAsset.gzipBytes, 2)} gzip; hidden ${config.hidden}, embedding ${config.embed}, ${config.batch} streams × ${config.bptt}`,
    `  characters): RNN ${chars(cpu)[0]}, LSTM ${chars(cpu)[1]}, GRU ${chars(cpu)[2]} training characters/s`,
    `  (SwiftShader: ${gpuChars.map(int).join(', ')}, ${gpuSteps ? `over at least ${Math.min(...Object.values(gpuSteps))} steps each` : 'from a single step each'}).`,
    `  After 150 steps the held-out loss is ${after.join(' / ')} bits per character;`,
    `  five minutes of the default LSTM (${int(five.steps)} steps) reach ${fixed(five.heldOutBitsPerChar, 2)}, and`,
    `  ${percent(five.linesWellFormed)} ${written(five)} are well-formed five-character lines. What`,
    `  limits a step: the output layer is ${percent(outputMacs / (outputMacs + cellMacs))} of the`,
    `  multiply-adds (${config.hidden} × ${int(vocab)} per character against ${int(cellMacs)} for the LSTM`,
    `  cell), and a step runs at about ${Math.round(stepGflops)} GFLOP/s where a 1024² product reaches`,
    `  ${Math.round(cpu1024)}: the ${config.bptt} time steps of the recurrence are small [${config.batch} × ${config.hidden}] products`,
    `  whose per-operation overhead, not arithmetic, sets their time.`,
    `- GPT lab (CPU backend, Tang characters; ${gpt.config.layers} layers, width ${gpt.config.width}, ${gpt.config.heads} heads,`,
    `  context ${gpt.config.context}, batch ${gpt.config.batch}: ${int(gpt.params)} parameters, ${fixed(gpt.trainFlopsPerToken / 1e6, 1)} MFLOP per training token):`,
    `  ${int(need(gpt.trainTokensPerSecond, 'GPT tokens/s'))} training tokens/s (${fixed(gpt.achievedGflops, 1)} GFLOP/s achieved) and ${fixed(need(gpt.sampleTokensPerSecond, 'GPT sampling'), 0)} written tokens/s;`,
    `  SwiftShader ${int(need(gpuGpt.trainTokensPerSecond, 'SwiftShader GPT tokens/s'))} and ${fixed(need(gpuGpt.sampleTokensPerSecond, 'SwiftShader GPT sampling'), 1)}. Five minutes of it (${int(gptFive.steps)} steps) reach`,
    `  ${fixed(gptFive.heldOutBitsPerChar, 2)} held-out bits per character, and ${percent(gptFive.linesWellFormed)}`,
    `  ${written(gptFive)} are well-formed five-character lines`,
    `  (the LSTM's five minutes above: ${fixed(five.heldOutBitsPerChar, 2)} and ${percent(five.linesWellFormed)}).`,
    ...decoderLines(cpu.decoder, webgpu.decoder, need),
    ...loraLines(cpu.lora, webgpu.lora),
    ...precisionLines(cpu.precision, webgpu.precision),
    ...representationsLines(cpu.representations, webgpu.representations, need),
    `- Concepts lab: the gradient-flow net (width 16, sigmoid, batch 32, Adam,`,
    `  every layer's gradient norm read back each slice) trains at ${int(concepts(cpu, 10))} steps/s`,
    `  at depth 10 and ${int(concepts(cpu, 50))} at depth 50 on the CPU backend; ${fixed(concepts(webgpu, 10), 1)} and ${fixed(concepts(webgpu, 50), 1)} on`,
    `  SwiftShader.`,
    ...soakLines(result.soak),
  ];
  return `${lines.join('\n')}\n`;
}

/** The KV cache's figures, when the file has them (runs before it did not). */
/**
 * The engine's size: one wasm in result files before the split, then the
 * CPU engine (what a page on the CPU fetches) and the GPU engine.
 */
function engineLines(result) {
  const sizes = (e) => `${mb(e.rawBytes)} of wasm (${mb(e.gzipBytes)} gzipped, ${mb(e.brotliBytes)} with brotli)`;
  if (!result.engines) {
    return [
      `nothing about a real GPU. The engine is ${mb(result.wasm.rawBytes)} of wasm, ${mb(result.wasm.gzipBytes)} gzipped,`,
      `${mb(result.wasm.brotliBytes)} with brotli.`,
    ];
  }
  if (!result.engines.threads) {
    return [
      `nothing about a real GPU. A page on the CPU backend loads only the CPU engine,`,
      `${sizes(result.engines.cpu)}; WebGPU needs the GPU engine,`,
      `${sizes(result.engines.gpu)}.`,
    ];
  }
  return [
    `nothing about a real GPU. A page on the CPU backend loads only the CPU engine,`,
    `${sizes(result.engines.cpu)}, or where it is cross-origin isolated the`,
    `threaded CPU engine, ${sizes(result.engines.threads)}; WebGPU needs`,
    `the GPU engine, ${sizes(result.engines.gpu)}.`,
  ];
}

/**
 * The threaded CPU engine against one thread, both measured in one browser
 * on the isolated page (`result.threads`, from files that have it).
 */
function threadLines(result) {
  const { all, one } = result.threads ?? {};
  if (!all || !one) return [];
  const at = (side) => ({
    gflops: side.matmul.find((m) => m.size === 1024).gflops,
    bert: side.bert256Ms,
    images: side.visionImagesPerSecond,
  });
  const [a, b] = [at(all), at(one)];
  const times = (x) => `${fixed(x, 2)}×`;
  return [
    '',
    `On ${all.threads} threads (the threaded engine, in a cross-origin-isolated page), against one`,
    `thread in the same browser, both measured in turn ${all.rounds} times (medians): a 1024² product runs at ${fixed(a.gflops, 1)} GFLOP/s against ${fixed(b.gflops, 1)} (${times(a.gflops / b.gflops)}),`,
    `the MiniLM forward pass at 256 tokens takes ${int(a.bert)} ms against ${int(b.bert)} (${times(b.bert / a.bert)}), and`,
    `the Vision lab's default CNN trains at ${int(a.images)} images/s against ${int(b.images)} (${times(a.images / b.images)}).`,
  ];
}

/**
 * The wasm a first visit fetches before its first lab works, and the
 * backend each timed lab runs on under `auto` (`result.choice`, from files
 * that have it).
 */
function choiceLines(result) {
  const choice = result.choice;
  if (!choice) return [];
  const { plain, isolated } = choice.firstVisit;
  const visit = (v) => `${mb(v.gzipBytes)} gzipped (the ${v.build === 'threads' ? `threaded CPU engine, ${v.threads} threads` : 'CPU engine'})`;
  const names = { transformer: 'Transformer', vision: 'Vision', sequence: 'Sequence', gpt: 'GPT' };
  const ms = (x) => (x < 100 ? fixed(x, 1) : int(x));
  const labs = Object.entries(choice.labs).map(([lab, t]) => `${names[lab] ?? lab} ${ms(t.cpuMs)} against ${ms(t.gpuMs)} ms`);
  const chosen = new Set(Object.values(choice.labs).map((t) => t.chosen));
  const adapter = choice.adapter.hardware ? `the ${choice.adapter.name} adapter` : `${choice.adapter.name} (a software adapter, which \`auto\` never runs)`;
  return [
    '',
    `Before its first lab works, a first visit fetches only a CPU engine, with or without a GPU:`,
    `${visit(plain)} from a plain static host, ${visit(isolated)} where the page is cross-origin isolated.`,
    `Left to choose, the page times each lab's step on the CPU and on WebGPU once per device;`,
    `here, CPU against ${adapter}, a step takes ${labs.join(', ')},`,
    `so ${chosen.size === 1 ? `every lab runs on ${[...chosen][0] === 'cpu' ? 'the CPU' : 'WebGPU'}` : Object.entries(choice.labs).map(([lab, t]) => `${names[lab] ?? lab} on ${t.chosen === 'cpu' ? 'the CPU' : 'WebGPU'}`).join(', ')}.`,
  ];
}

function decoderLines(cpu, webgpu, need) {
  if (!cpu || !webgpu) return [];
  const at = (backend, n, way) => {
    const v = need(backend.decodeTokensPerSecond?.[n]?.[way], `decode at ${n}`);
    return backend === webgpu ? fixed(v, 1) : int(v);
  };
  const kv = cpu.kvHeads ?? [];
  return [
    `- KV cache (GPT lab, ${cpu.config.layers} layers, width ${cpu.config.width}, ${cpu.config.heads} heads, context ${cpu.config.context}, greedy, the`,
    `  same ${cpu.cachePositionAtEnd} tokens ${cpu.identical && webgpu.identical ? 'written' : 'NOT written'} both ways): on the CPU backend decoding runs at ${at(cpu, 32, 'cached')} / ${at(cpu, 128, 'cached')} / ${at(cpu, 256, 'cached')}`,
    `  tokens/s with the cache at 32 / 128 / 256 tokens of context and ${at(cpu, 32, 'uncached')} / ${at(cpu, 128, 'uncached')} / ${at(cpu, 256, 'uncached')}`,
    `  without; the prefill of ${cpu.prefillTokens} tokens at once runs at ${int(cpu.prefillTokensPerSecond)} tokens/s. SwiftShader: ${at(webgpu, 32, 'cached')} / ${at(webgpu, 128, 'cached')} / ${at(webgpu, 256, 'cached')}`,
    `  with, ${at(webgpu, 32, 'uncached')} / ${at(webgpu, 128, 'uncached')} / ${at(webgpu, 256, 'uncached')} without, prefill ${fixed(webgpu.prefillTokensPerSecond, 1)}. The cache holds ${int(cpu.cacheBytesAt256)} bytes at ${cpu.cachePositionAtEnd} tokens${kv.length ? `;` : '.'}`,
    ...(kv.length ? [`  with ${kv.map((r) => `${r.kvHeads} K/V head${r.kvHeads === 1 ? '' : 's'} ${int(r.bytes)} bytes and ${int(r.tokensPerSecond)} tokens/s`).join(', ')}.`] : []),
  ];
}

/** The LoRA lab's figures, when the file has them. */
function loraLines(cpu, webgpu) {
  if (!cpu || !webgpu) return [];
  return [
    `- LoRA lab (the built Tang base, ${int(cpu.baseParams)} parameters; batch ${cpu.batch} of the Song ci): LoRA r = 8 on W_Q and W_V`,
    `  trains ${int(cpu.lora8.trainable)} values (an adapter of ${int(cpu.adapterBytes)} bytes) at ${fixed(cpu.lora8.stepsPerSecond, 2)} steps/s on the CPU backend,`,
    `  full fine-tuning ${int(cpu.full.trainable)} at ${fixed(cpu.full.stepsPerSecond, 2)}; SwiftShader ${fixed(webgpu.lora8.stepsPerSecond, 2)} and ${fixed(webgpu.full.stepsPerSecond, 2)}.`,
  ];
}

/** The Precision lab's figures, when the file has them. */
function precisionLines(cpu, webgpu) {
  if (!cpu || !webgpu || !cpu.table) return [];
  const name = (s) => (s ? `int${s.bits} ${{ tensor: 'one scale', channel: 'per channel', group32: 'groups of 32', group64: 'groups of 64', group128: 'groups of 128' }[s.granularity]}` : 'f32');
  const rows = cpu.table.map((r) => `${name(r.scheme)} ${fixed(r.bitsPerChar, 3)} (${mb(r.bytes, 2)})`);
  const cal = { minMax: 'min/max', p9999: '99.99%', p999: '99.9%' };
  const acts = cpu.activations.rows.filter((r) => r.calibration).map((r) => `${cal[r.calibration]} ${fixed(r.bitsPerChar, 3)}`);
  const half = (b) => (b.fp16Matmul512.supported ? `${fixed(b.fp16Matmul512.f16Ms, 1)} ms in fp16 against ${fixed(b.fp16Matmul512.f32Ms, 1)} in f32 (mean error ${b.fp16Matmul512.meanError.toExponential(1)})` : 'no fp16 on the adapter');
  return [
    `- Precision lab (the built Tang GPT, ${int(cpu.params)} parameters): held-out bits per`,
    `  character with every matrix quantized: ${rows.slice(0, 2).join(', ')},`,
    `  ${rows.slice(2).join(', ')}; with int8 activations too (W8A8),`,
    `  ranges by ${acts.join(', ')}. burn's own int8 weights: a forward pass of`,
    `  ${int(cpu.forward.tokens)} tokens takes ${fixed(cpu.forward.int8Ms, 1)} ms against ${fixed(cpu.forward.f32Ms, 1)} ms in f32 on the CPU backend, ${int(webgpu.forward.int8Ms)} against`,
    `  ${int(webgpu.forward.f32Ms)} on SwiftShader. A 512² product on the CPU backend: ${half(cpu)};`,
    `  SwiftShader: ${half(webgpu)}. PTQ against QAT trains ${fixed(cpu.qatExperimentStepsPerSecond, 2)} experiment steps/s (three`,
    `  runs each) on the CPU backend, ${fixed(webgpu.qatExperimentStepsPerSecond, 2)} on SwiftShader.`,
  ];
}

/** The Embeddings lab's figures, when the file has them. */
function representationsLines(cpu, webgpu, need) {
  if (!cpu || !webgpu) return [];
  const w2v = cpu.word2vec;
  const vae = cpu.vae;
  const eps = (b, who) => int(need(b.word2vec?.examplesPerSecond, `${who} word2vec examples/s`));
  const ips = (b, who) => int(need(b.vae?.imagesPerSecond, `${who} VAE digits/s`));
  const decode = (b, who) => fixed(need(b.decodeOnePointMs, `${who} decode of one point`), 1);
  return [
    `- Embeddings lab (the page's defaults, 300 ms slices): word2vec skip-gram on the Tang characters`,
    `  (${int(w2v.vocab)} characters × ${w2v.config.dim} values, window ${w2v.config.window}, ${w2v.config.negatives} negatives, batch ${w2v.config.batch}) trains ${eps(cpu, 'CPU')} examples/s`,
    `  on the CPU backend, ${eps(webgpu, 'SwiftShader')} on SwiftShader; the VAE on the digits (a code of ${vae.config.latent},`,
    `  hidden ${vae.config.hidden}, batch ${vae.config.batch}) ${ips(cpu, 'CPU')} digits/s and ${ips(webgpu, 'SwiftShader')}. Decoding one point of the code, from`,
    `  request to answer, takes ${decode(cpu, 'CPU')} ms on the CPU backend and ${decode(webgpu, 'SwiftShader')} ms on SwiftShader.`,
  ];
}

/** The soak's figures (bench/soak.mjs), when the file has them. */
/**
 * A soak lab's speed from its minute-by-minute `series`: steps per second
 * over the second minute, and over the last minute it trained to the end
 * of (a lab that finished by itself, such as word2vec's epochs, is judged
 * on the minutes it ran); `endedInMinute` is when it finished, if it did.
 */
export function soakSpeed(series) {
  const rate = (a, b) => (b.steps - a.steps) / (b.s - a.s);
  const last = series.findLastIndex((reading) => reading.training);
  const early = series.length > 1 ? rate(series[0], series[1]) : NaN;
  const late = last >= 1 ? rate(series[last - 1], series[last]) : NaN;
  const ended = series.findIndex((reading) => !reading.training);
  return {
    secondMinute: +early.toFixed(2),
    lastMinute: +late.toFixed(2),
    change: early > 0 && Number.isFinite(late) ? +((late - early) / early).toFixed(4) : NaN,
    lastMinuteEnds: last >= 0 ? last + 1 : null,
    endedInMinute: ended === -1 ? null : ended + 1,
  };
}

function soakLines(soak) {
  if (!soak) return [];
  const signed = (share) => `${share >= 0 ? '+' : '−'}${fixed(Math.abs(100 * share), 1)}%`;
  const rate = (v) => (v >= 100 ? int(v) : fixed(v, v >= 1 ? 1 : 2));
  const labs = soak.labs.map((l) => {
    if (l.error) return `  ${l.lab}: FAILED (${l.error.split('\n')[0]});`;
    const e = l.engineBytes;
    const speed = soakSpeed(l.series);
    const at = l.series[(speed.lastMinuteEnds ?? l.series.length) - 1];
    const ended = speed.endedInMinute ? `, to minute ${speed.lastMinuteEnds}: it finished in minute ${speed.endedInMinute}` : '';
    const load = `load ${fixed(l.series[1]?.load ?? NaN, 1)} → ${fixed(at.load, 1)}`;
    return `  ${l.lab}: engine ${mb(e.afterFirstMinute)} → ${mb(e.end)} (${signed(e.growth)}), page heap ${signed(l.jsHeapBytes.growth)}, ${rate(speed.secondMinute)} → ${rate(speed.lastMinute)} steps/s (${signed(speed.change)}${ended}; ${load}), slices ${int(l.series[0].sliceMs)} → ${int(at.sliceMs)} ms${l.pageErrors.length ? `, ${l.pageErrors.length} page errors` : ''};`;
  });
  if (labs.length) labs[labs.length - 1] = labs[labs.length - 1].replace(/;$/, '.');
  const minutes = soak.labs[0]?.minutes ?? 0;
  return [
    `- Soak (each lab that trains until paused, ${minutes} minutes at its defaults on the CPU`,
    `  backend, ${soak.parallel} at a time): memory from the end of the first minute to the end;`,
    `  steps/s in the second minute against the last one it trained through, with the`,
    `  machine's one-minute load at both; and the mean wall time of a training slice (the`,
    `  page's drawing included) after the first minute and at that last one:`,
    ...labs,
  ];
}

/** The Figures section of `readme` and where it sits. */
function section(readme) {
  const start = readme.search(/^## Figures\b/m);
  if (start === -1) throw new Error(`README.md has no "${HEADING}" section`);
  const next = readme.indexOf('\n## ', start + HEADING.length);
  const end = next === -1 ? readme.length : next + 1;
  return { start, end, text: readme.slice(start, end).replace(/\n+$/, '\n') };
}

/** The section for `file`, rendered. */
export function render(file) {
  return figures(JSON.parse(readFileSync(file, 'utf8')), file);
}

function main(args) {
  const readme = readFileSync('README.md', 'utf8');
  if (args[0] === '--check') {
    const current = section(readme).text;
    const named = current.match(/`(bench\/results\/[\w.-]+\.json)`/)?.[1];
    if (!named) throw new Error('README.md\'s Figures section names no bench/results/*.json file');
    const want = render(named);
    if (current !== want) {
      const have = current.split('\n');
      const line = want.split('\n').findIndex((l, i) => l !== have[i]);
      process.stderr.write(
        `README.md's Figures section differs from what ${named} gives, first at its line ${line + 1}:\n` +
          `  README: ${have[line] ?? '(nothing)'}\n  ${basename(named)}: ${want.split('\n')[line]}\n` +
          'Run `node bench/figures.mjs --write FILE` to quote FILE, then commit README.md.\n',
      );
      process.exit(1);
    }
    process.stdout.write(`README.md's figures match ${named}\n`);
    return;
  }
  const write = args[0] === '--write';
  const file = (write ? args[1] : args[0]) ?? latestFile();
  const text = render(file);
  if (write) {
    const { start, end } = section(readme);
    writeFileSync('README.md', `${readme.slice(0, start)}${text}${end < readme.length ? '\n' : ''}${readme.slice(end)}`);
    process.stdout.write(`README.md now quotes ${file}\n`);
  } else {
    process.stdout.write(text);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench/figures.mjs: ${err.message}\n`);
    process.exit(1);
  }
}
