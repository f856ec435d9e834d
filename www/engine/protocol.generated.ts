// Generated from src/protocol.rs and the labs' request and reply types by
// `cargo test protocol_ts_is_current` (set KINDLING_BLESS=1 to rewrite).
// Do not edit by hand.

export type Act = "sigmoid" | "tanh" | "relu" | "leakyRelu" | "gelu";

export type ActivationKind = "relu" | "sigmoid" | "tanh" | "gelu";

export type ActivationRow = { 
/**
 * None: weights only (W8A32).
 */
calibration: Calibration | null, 
/**
 * Its score, in the view's metric.
 */
score: number, };

export type ActivationSite = { "model": "gpt", "at": Site } | { "model": "cnn", "at": LayerInput };

export type ActivationsView = { 
/**
 * Every site's ranges, in the order the forward pass meets them.
 */
sites: Array<SiteRange>, 
/**
 * The site whose values are drawn.
 */
shown: number, 
/**
 * Its values: counts in equal bins from its min to its max.
 */
histogram: Array<number>, 
/**
 * What the scores are: the GPT's bits per character, the CNN's accuracy.
 */
metric: Metric, 
/**
 * Windows of text (GPT) or training digits (CNN) calibrated on.
 */
calibratedOn: number, 
/**
 * The f32 model's score.
 */
f32Score: number, 
/**
 * Weights int8 per channel, then with activations at each calibration.
 */
rows: Array<ActivationRow>, };

export type AeEvaluation = { 
/**
 * Reconstruction loss per digit (binary cross-entropy summed over the pixels), decoding the code's mean.
 */
reconstruction: number, 
/**
 * KL term per digit (0 for the plain autoencoder).
 */
kl: number, 
/**
 * Mean squared error per pixel of the reconstructions, pixels in [0, 1].
 */
mse: number, };

export type AeImported = { 
/**
 * The settings it was trained with.
 */
settings: AeSettings, 
/**
 * Steps it was trained.
 */
steps: number, 
/**
 * Trainable values.
 */
params: number, };

export type AeKind = "plain" | "variational";

export type AeProgress = { 
/**
 * Loss per digit of each step of this slice (reconstruction + β · KL).
 */
losses: Array<number>, 
/**
 * Steps taken in all.
 */
steps: number, 
/**
 * Digits trained per second in this slice.
 */
imagesPerSecond: number, 
/**
 * The loss blew up.
 */
diverged: boolean, };

export type AeSettings = { 
/**
 * The network.
 */
shape: AeShape, 
/**
 * Weight of the KL term (VAE only): 0 is an autoencoder with noise, 1 the VAE, above 1 a β-VAE.
 */
beta: number, 
/**
 * Adam's learning rate.
 */
lr: number, 
/**
 * Digits per step.
 */
batch: number, 
/**
 * Seed of the weights, the batch order and the samples.
 */
seed: number, };

export type AeShape = { 
/**
 * Plain or variational.
 */
kind: AeKind, 
/**
 * Numbers in the code.
 */
latent: number, 
/**
 * Width of the encoder's and the decoder's hidden layer.
 */
hidden: number, };

export type AeView = { 
/**
 * Test loss, KL and pixel error.
 */
evaluation: AeEvaluation, 
/**
 * The first test digits, 784 bytes each.
 */
originals: Array<number>, 
/**
 * Their reconstructions, 784 bytes each.
 */
reconstructions: Array<number>, 
/**
 * Codes of test digits on the plane.
 */
points: Array<[number, number]>, 
/**
 * Their labels.
 */
labels: Array<number>, 
/**
 * Share of the code's variance the plane shows (1 for two numbers).
 */
explained: number, };

export type BackendInfo = { 
/**
 * The backend in use.
 */
kind: BackendKind, 
/**
 * The WebGPU adapter's name as the browser reports it; `None` on the CPU
 * or where the browser keeps it private.
 */
adapter: string | null, 
/**
 * The threads the CPU backend's kernels run on: rayon's pool in the
 * threaded CPU engine, one in the others and natively.
 */
threads: number, };

export type BackendKind = "webgpu" | "cpu";

export type BackendPreference = "auto" | "webgpu" | "cpu";

export type BaseInfo = { 
/**
 * Which base.
 */
source: LoraBase, 
/**
 * Trainable values of the base.
 */
params: number, 
/**
 * Vocabulary size.
 */
vocab: number, 
/**
 * Blocks.
 */
layers: number, 
/**
 * Model width.
 */
width: number, 
/**
 * Context it was trained at.
 */
context: number, 
/**
 * Steps it was pretrained for.
 */
steps: number, 
/**
 * Seconds that took on the build machine (the built base).
 */
trainSeconds: number | null, 
/**
 * Its held-out bits per character on its text at the end (the built base).
 */
heldOutBitsPerChar: number | null, };

export type BetaRun = { 
/**
 * Its KL weight.
 */
beta: number, 
/**
 * Steps taken.
 */
steps: number, 
/**
 * Mean loss of the round's steps (NaN when it took none).
 */
loss: number, 
/**
 * The loss blew up.
 */
diverged: boolean, 
/**
 * Test loss, KL and pixel error, when the round measured them.
 */
evaluation: AeEvaluation | null, 
/**
 * Codes of the first test digits, when the round measured them.
 */
points: Array<[number, number]>, 
/**
 * Their labels.
 */
labels: Array<number>, };

export type CacheConfig = { 
/**
 * Text to start from (may be empty).
 */
prompt: string, 
/**
 * Tokens to write.
 */
tokens: number, 
/**
 * Also time fresh models with every number of key/value heads.
 */
sweep: boolean, };

export type CacheGrowth = { 
/**
 * Width of a head.
 */
dHead: number, 
/**
 * The keys held at the end, [positions × d_head] (the key/value head
 * that serves query head 1).
 */
keys: Array<number>, 
/**
 * The values held at the end, [positions × d_head].
 */
values: Array<number>, 
/**
 * At each decode step, the new query's weights over every key held.
 */
weights: Array<Array<number>>, };

export type CacheRun = { 
/**
 * The prompt and what was written.
 */
text: string, 
/**
 * Tokens of the prompt.
 */
promptTokens: number, 
/**
 * Both ways picked the same token at every step.
 */
identical: boolean, 
/**
 * The largest difference between the two ways' scores.
 */
maxDifference: number, 
/**
 * Each written token.
 */
steps: Array<CacheStep>, 
/**
 * Tokens the prefill read at once (the whole text).
 */
prefillTokens: number, 
/**
 * Milliseconds of that prefill.
 */
prefillMs: number, 
/**
 * The formula's terms: layers, key/value heads, head width, bytes per value.
 */
layers: number, 
/**
 * Key/value heads.
 */
kvHeads: number, 
/**
 * Width of a head.
 */
dHead: number, 
/**
 * Bytes of one value (f32).
 */
bytesPerValue: number, 
/**
 * The first layer's cache as it grew.
 */
growth: CacheGrowth, 
/**
 * The same writing with every number of key/value heads.
 */
sweep: Array<GqaRow>, 
/**
 * What was changed on the way in.
 */
notices: Array<Message>, };

export type CacheStep = { 
/**
 * Tokens the step reads up to (the new one's position + 1).
 */
position: number, 
/**
 * Milliseconds with the cache: one position through the model.
 */
cachedMs: number, 
/**
 * Milliseconds without: every position so far through the model.
 */
plainMs: number, 
/**
 * Bytes the cache's tensors hold after the step.
 */
bytes: number, };

export type Calibration = "minMax" | "p9999" | "p999";

export type Candidate = { 
/**
 * The token's text.
 */
text: string, 
/**
 * The model's probability (temperature 1).
 */
p: number, 
/**
 * After the temperature.
 */
tempered: number, 
/**
 * Kept by top-k and top-p.
 */
kept: boolean, 
/**
 * What it was drawn with: renormalised over the kept tokens, 0 when
 * filtered out.
 */
drawnWith: number, };

export type CellKind = "rnn" | "lstm" | "gru";

export type Check = { 
/**
 * Stable name (`matmul`, `backward`), used for UI text lookups.
 */
name: string, 
/**
 * Largest absolute difference from the reference (NaN if non-finite).
 */
maxError: number, 
/**
 * The largest error that passes.
 */
tolerance: number, 
/**
 * Whether `max_error <= tolerance`.
 */
passed: boolean, 
/**
 * Wall time including the readback, in milliseconds.
 */
ms: number, };

export type CheckReply = { "kind": "diagnosis", "value": DiagnosticsReport } | { "kind": "matmul", "value": MatmulReport };

export type CheckRequest = { "type": "diagnose" } | { "type": "matmulBench", sizes: Array<number>, minMs: number, };

export type Compression = { 
/**
 * Test accuracy in f32.
 */
f32Accuracy: number, 
/**
 * Test accuracy with int8 weights (one scale per tensor) and activations.
 */
perTensorAccuracy: number, 
/**
 * Test accuracy with int8 weights (one scale per output channel) and activations.
 */
perChannelAccuracy: number, 
/**
 * Bytes of the weights and biases in f32.
 */
f32Bytes: number, 
/**
 * Bytes in int8 (weights one byte each, biases and scales f32).
 */
int8Bytes: number, 
/**
 * BatchNorm folding, when the network has BatchNorm.
 */
folding: Folding | null, };

export type ConceptsImported = { 
/**
 * The data set it was trained on.
 */
data: DataConfig, 
/**
 * The network and how it was trained.
 */
run: RunConfig, 
/**
 * Steps it was trained.
 */
steps: number, 
/**
 * As a setup answers: its trainable values and the points.
 */
setup: ConceptsSetup, };

export type ConceptsProgress = { 
/**
 * One per run.
 */
runs: Array<FitProgress>, 
/**
 * Training steps per second, all runs together.
 */
stepsPerSecond: number, };

export type ConceptsReply = { "kind": "conceptsSetup", "value": ConceptsSetup } | { "kind": "conceptsProgress", "value": ConceptsProgress } | { "kind": "race", "value": Race } | { "kind": "normDemo", "value": NormDemo } | { "kind": "dropoutDemo", "value": DropoutDemo } | { "kind": "conceptsFile", "value": ModelFile } | { "kind": "conceptsImported", "value": ConceptsImported };

export type ConceptsRequest = { "type": "conceptsSetup", experiment: Experiment, data: DataConfig, runs: Array<RunConfig>, } | { "type": "conceptsTrain", experiment: Experiment, budgetMs: number, details: boolean, } | { "type": "conceptsRace", race: RaceConfig, } | { "type": "conceptsNorm", data: DataConfig, batch: number, features: number, } | { "type": "conceptsDropout", p: number, seed: number, } | { "type": "conceptsView", experiment: Experiment, } | { "type": "conceptsExport" } | { "type": "conceptsImport", file: Uint8Array, };

export type ConceptsSetup = { 
/**
 * Trainable values of each run.
 */
params: Array<number>, 
/**
 * The training points.
 */
train: Points, 
/**
 * The test points.
 */
test: Points, };

export type ContextSide = { 
/**
 * The WordPiece tokens of the sentence (specials included).
 */
tokens: Array<string>, 
/**
 * Which of them cover the word (its vector is their mean).
 */
word: Array<number>, 
/**
 * Vocabulary tokens whose input embeddings are nearest the word's
 * last-layer vector, with their cosines, nearest first.
 */
nearest: Array<[string, number]>, };

export type Contextual = { 
/**
 * Each sentence's side.
 */
sides: Array<ContextSide>, 
/**
 * Cosine of the word's two vectors at each depth: the input embedding
 * (the table row), after the embedding layer (positions added,
 * normalised), then after each encoder layer.
 */
cosines: Array<number>, };

export type ConvBlock = { 
/**
 * Output channels.
 */
channels: number, 
/**
 * Kernel side.
 */
kernel: number, 
/**
 * Stride.
 */
stride: number, 
/**
 * Zero padding on each side.
 */
padding: number, 
/**
 * Pooling after the activation.
 */
pool: Pool, };

export type Cost = { 
/**
 * One row per part.
 */
rows: Array<CostRow>, 
/**
 * Every trainable value.
 */
params: number, 
/**
 * 12·layers·width², the usual estimate of the blocks' parameters.
 */
ruleOfThumb: number, 
/**
 * The blocks' exact parameters (attention, MLP and their norms), what
 * the rule of thumb estimates.
 */
blockParams: number, 
/**
 * Forward operations per token.
 */
forwardFlops: number, 
/**
 * Training operations per token (forward and backward).
 */
trainFlops: number, 
/**
 * What the KV cache holds per token at f32: 2 × layers × K/V heads ×
 * head width × 4 bytes.
 */
cacheBytesPerToken: number, };

export type CostRow = { 
/**
 * Which part.
 */
part: Part, 
/**
 * How many of it (blocks for attention and MLP).
 */
count: number, 
/**
 * Trainable values, all of them together.
 */
params: number, 
/**
 * Forward operations per token, all of them together.
 */
flops: number, };

export type DataConfig = { 
/**
 * Which problem.
 */
dataset: Dataset, 
/**
 * Noise, 0 to 1 (a share of the square's half-width).
 */
noise: number, 
/**
 * Training points (as many again are drawn for the test set).
 */
samples: number, 
/**
 * Seed of the points.
 */
seed: number, };

export type Dataset = "spiral" | "circles" | "xor" | "blobs";

export type Details = { 
/**
 * P(class 1) on a `GRID x GRID` grid over `[-EXTENT, EXTENT]²`, row 0 at the top.
 */
grid: Uint8Array, 
/**
 * Each hidden layer's outputs over the training points.
 */
activations: Array<Histogram>, 
/**
 * The weights.
 */
weights: WeightStats, };

export type DiagnosticsReport = { 
/**
 * Each check in the order run.
 */
checks: Array<Check>, 
/**
 * All checks passed.
 */
passed: boolean, };

export type Drawn = { 
/**
 * The token's text.
 */
text: string, 
/**
 * Forced by the prompt or the acrostic, not drawn.
 */
forced: boolean, 
/**
 * The likeliest candidates after the temperature, likeliest first
 * (the drawn token among them only if it was that likely).
 */
top: Array<Candidate>, 
/**
 * Tokens the top-k and top-p filters kept.
 */
kept: number, 
/**
 * Probability mass (after the temperature) the filters kept; the kept
 * tokens' probabilities are divided by it.
 */
keptMass: number, };

export type DropoutDemo = { 
/**
 * Rows of the small tensor.
 */
rows: number, 
/**
 * Columns of the small tensor.
 */
cols: number, 
/**
 * Activations, `[rows, cols]`.
 */
input: Array<number>, 
/**
 * In training mode: zeros where dropped, the rest × 1/(1 − p).
 */
train: Array<number>, 
/**
 * In evaluation mode.
 */
eval: Array<number>, 
/**
 * Mean activation over 100,000 values, before dropout.
 */
meanBefore: number, 
/**
 * The same values' mean after training-mode dropout.
 */
meanAfter: number, 
/**
 * Share of those values kept.
 */
kept: number, };

export type EngineReply = { "kind": "done" } | { "kind": "memory", "value": number | null };

export type EngineRequest = { "type": "init", backend: BackendPreference, threads: ThreadPreference, } | { "type": "cancel", target: number, } | { "type": "crash" } | { "type": "loseDevice" } | { "type": "memory" };

export type Envelope = { 
/**
 * The id its events echo.
 */
id: number, } & (EngineRequest | CheckRequest | TextRequest | TransformerRequest | VisionRequest | SequenceRequest | ConceptsRequest | GptRequest | LoraRequest | PrecisionRequest | RepresentationsRequest);

export type Evaluation = { 
/**
 * Mean cross-entropy.
 */
loss: number, 
/**
 * Share classified correctly.
 */
accuracy: number, 
/**
 * `[true][predicted]` counts, 10 x 10 row-major.
 */
confusion: Array<number>, 
/**
 * Indices (into the test split) of misclassified digits, at most 48.
 */
mistakes: Array<number>, 
/**
 * Predicted class of each of `mistakes`.
 */
mistakenFor: Array<number>, };

export type Event = { "type": "ready", id: number, backend: BackendInfo, fallback: string | null, initMs: number, } | { "type": "progress", id: number, stage: string, loaded: number, total: number, } | { "type": "chunk", id: number, text: string, } | { "type": "tokens", id: number, tokens: Array<Drawn>, } | { "type": "result", id: number, result: Reply, } | { "type": "cancelled", id: number, } | { "type": "error", id: number, message: string, code: string, params: { [key in string]: Param }, fatal: boolean, } | { "type": "deviceLost", message: string, };

export type Experiment = "flow" | "dropout" | "regularisation";

export type FeatureMaps = { 
/**
 * `[channels, h, w]`.
 */
shape: Array<number>, 
/**
 * f32 values.
 */
values: Uint8Array, };

export type FitConfig = { 
/**
 * Optimizer.
 */
optimizer: OptimizerKind, 
/**
 * Learning rate.
 */
lr: number, 
/**
 * Points per step.
 */
batch: number, 
/**
 * L1 strength (proximal).
 */
l1: number, 
/**
 * L2 strength (weight decay).
 */
l2: number, 
/**
 * Seed of the weights, the batch order and dropout.
 */
seed: number, };

export type FitProgress = { 
/**
 * Loss of each step taken.
 */
losses: Array<number>, 
/**
 * Steps since setup.
 */
steps: number, 
/**
 * Test loss now.
 */
testLoss: number, 
/**
 * ‖∂L/∂W‖ of each layer at the last step, input side first.
 */
gradNorms: Array<number>, 
/**
 * The loss became NaN or infinite; this run has stopped.
 */
diverged: boolean, 
/**
 * When asked for.
 */
details: Details | null, };

export type Folding = { 
/**
 * Largest difference between the two networks' logits on the test split.
 */
maxDifference: number, 
/**
 * Inference time over the test split before folding (median of 3), ms.
 */
msBefore: number, 
/**
 * The same after folding, ms.
 */
msAfter: number, };

export type Format = "fp32" | "fp16" | "bf16";

export type FormatInfo = { 
/**
 * Which format.
 */
format: Format, 
/**
 * Bits in all.
 */
bits: number, 
/**
 * Exponent bits.
 */
exponentBits: number, 
/**
 * Mantissa (fraction) bits stored.
 */
mantissaBits: number, 
/**
 * Largest finite value.
 */
largest: number, 
/**
 * Smallest positive normal value.
 */
smallestNormal: number, 
/**
 * Smallest positive (subnormal) value.
 */
smallestSubnormal: number, 
/**
 * Distance from 1 to the next value up.
 */
spacingAtOne: number, };

export type FormatsView = { 
/**
 * fp32, fp16, bf16.
 */
formats: Array<FormatInfo>, 
/**
 * The values asked about.
 */
values: Array<Rounded>, };

export type GateMap = { 
/**
 * `input`, `forget`, `candidate`, `output`, `reset`, `update`,
 * `hidden` or `cell`.
 */
name: string, 
/**
 * f32 `[T, H]`, step-major.
 */
values: Uint8Array, };

export type Gates = { 
/**
 * Recurrence.
 */
cell: CellKind, 
/**
 * The characters read, one per step.
 */
chars: Array<string>, 
/**
 * Hidden size `H`.
 */
hidden: number, 
/**
 * Per layer, bottom first: the gates, then `hidden` (and `cell`).
 */
layers: Array<Array<GateMap>>, 
/**
 * Probability the model gave each next character (the last has none).
 */
nextProbability: Array<number>, };

export type GptImported = { 
/**
 * The model, as a setup describes it.
 */
setup: GptSetup, 
/**
 * The settings it was trained with.
 */
settings: GptSettings, 
/**
 * The text it was trained on.
 */
source: TextSource, 
/**
 * Steps it was trained.
 */
steps: number, };

export type GptProgress = { 
/**
 * Loss of each step taken (nats per token).
 */
losses: Array<number>, 
/**
 * Steps since setup.
 */
steps: number, 
/**
 * The loss blew up; training has stopped.
 */
diverged: boolean, 
/**
 * Held-out loss (nats per token), when asked for and available.
 */
validLoss: number | null, 
/**
 * Tokens trained on per second in this slice.
 */
tokensPerSecond: number, 
/**
 * The learning rate of the next step.
 */
rate: number, };

export type GptReply = { "kind": "gptSetup", "value": GptSetup } | { "kind": "gptProgress", "value": GptProgress } | { "kind": "gptSample", "value": GptSample } | { "kind": "gptInspection", "value": Inspection } | { "kind": "gptHead", "value": HeadDetail } | { "kind": "gptPositions", "value": PositionsView } | { "kind": "gptLineup", "value": LineupSetup } | { "kind": "gptLineupProgress", "value": LineupProgress } | { "kind": "gptLineupLosses", "value": LineupLosses } | { "kind": "gptCache", "value": CacheRun } | { "kind": "gptShared", "value": GptShared } | { "kind": "gptFile", "value": ModelFile } | { "kind": "gptImported", "value": GptImported };

export type GptRequest = { "type": "gptSetup", source: TextSource, settings: GptSettings, race: boolean, } | { "type": "gptTrain", steps: number, budgetMs: number, evaluate: boolean, race: boolean, } | { "type": "gptSample", sample: WriteConfig, } | { "type": "gptInspect", text: string, } | { "type": "gptHead", text: string, layer: number, head: number, } | { "type": "gptPositions", text: string, } | { "type": "gptLineupSetup", kind: LineupKind, source: TextSource, variants: Array<GptSettings>, reach: number, } | { "type": "gptLineupTrain", kind: LineupKind, steps: number, evaluate: boolean, } | { "type": "gptLineupLosses", kind: LineupKind, length: number, windows: number, } | { "type": "gptCache", cache: CacheConfig, } | { "type": "gptShare", } | { "type": "gptExport", } | { "type": "gptImport", file: Uint8Array, };

export type GptSample = { 
/**
 * The prompt (when fed) and what followed.
 */
text: string, 
/**
 * Tokens written.
 */
written: number, 
/**
 * Writing speed.
 */
tokensPerSecond: number, 
/**
 * What was adjusted (temperature, filters, unknown characters).
 */
notices: Array<Message>, };

export type GptSettings = { 
/**
 * Blocks, 1 to 6.
 */
layers: number, 
/**
 * Model width, 32 to 256, a multiple of `heads`.
 */
width: number, 
/**
 * Attention heads, 1 to 8.
 */
heads: number, 
/**
 * Longest input in tokens, 16 to 256.
 */
context: number, 
/**
 * MLP width as a multiple of the model width, 1 to 8.
 */
mlpRatio: number, 
/**
 * Dropout on attention weights and branch outputs while training.
 */
dropout: number, 
/**
 * The output layer reuses the token embedding.
 */
tie: boolean, 
/**
 * LayerNorm before each branch (GPT-2) or after each residual sum.
 */
preNorm: boolean, 
/**
 * Where order comes from.
 */
positions: Positions, 
/**
 * LayerNorm (GPT-2) or RMSNorm (LLaMA).
 */
norm: NormKind, 
/**
 * GELU MLP (GPT-2) or SwiGLU (LLaMA).
 */
mlp: MlpKind, 
/**
 * Key/value heads, dividing `heads`: 1 is multi-query attention, as
 * many as `heads` (or 0) plain multi-head.
 */
kvHeads: number, 
/**
 * Optimizer.
 */
optimizer: OptimizerKind, 
/**
 * Peak learning rate.
 */
lr: number, 
/**
 * Steps of linear warm-up to the peak rate.
 */
warmup: number, 
/**
 * Steps of cosine decay after the warm-up, down to a tenth of the
 * peak (0: no decay).
 */
decay: number, 
/**
 * Weight decay (decoupled for AdamW).
 */
weightDecay: number, 
/**
 * Sequences per step.
 */
batch: number, 
/**
 * Clip each weight's gradient to norm `clip_at`.
 */
clip: boolean, 
/**
 * The clipping threshold.
 */
clipAt: number, 
/**
 * Seed of the weights, the batches and dropout.
 */
seed: number, 
/**
 * Byte-level BPE merges to learn from the text; 0 reads characters.
 */
merges: number, };

export type GptSetup = { 
/**
 * Vocabulary size.
 */
vocab: number, 
/**
 * Tokens trained on.
 */
trainTokens: number, 
/**
 * Tokens held out.
 */
validTokens: number, 
/**
 * Characters per token (held out): bits per token ÷ this = bits per
 * character.
 */
charsPerToken: number, 
/**
 * Trainable values, as burn counts them.
 */
params: number, 
/**
 * The parameter and operation table.
 */
cost: Cost, 
/**
 * Tokens each step predicts.
 */
tokensPerStep: number, 
/**
 * What was changed on the way in.
 */
notices: Array<Message>, 
/**
 * A line of the held-out text, for the views to start with.
 */
example: string, };

export type GptShared = { 
/**
 * Steps the shared model was trained for.
 */
steps: number, 
/**
 * Its trainable values.
 */
params: number, };

export type GqaRow = { 
/**
 * Key/value heads.
 */
kvHeads: number, 
/**
 * Trainable values.
 */
params: number, 
/**
 * Bytes the cache held at the end.
 */
bytes: number, 
/**
 * Tokens written per second with the cache.
 */
tokensPerSecond: number, };

export type GradientCounts = { 
/**
 * Gradient values that were not zero.
 */
nonzero: number, 
/**
 * Those the format rounded to zero.
 */
vanished: number, 
/**
 * Steps with an infinite or NaN gradient.
 */
overflowSteps: number, };

export type GradientFlow = { 
/**
 * One per recurrence.
 */
runs: Array<GradientRun>, 
/**
 * Sequences in the batch.
 */
batch: number, };

export type GradientRun = { 
/**
 * Recurrence.
 */
cell: CellKind, 
/**
 * Training steps the network had taken (0: freshly initialised).
 */
steps: number, 
/**
 * ‖dLoss/dh_t‖ for t = 1..T, where the loss is the last character's.
 */
norms: Array<number>, };

export type Granularity = "tensor" | "channel" | "group32" | "group64" | "group128";

export type HalfView = { 
/**
 * Whether the device computes in fp16.
 */
supported: boolean, 
/**
 * The matrices' side.
 */
size: number, 
/**
 * Median milliseconds in f32 (read back included).
 */
f32Ms: number | null, 
/**
 * Median milliseconds in fp16 (read back included).
 */
f16Ms: number | null, 
/**
 * Largest |fp16 − f32| over the largest |f32| of the product.
 */
maxError: number | null, 
/**
 * Mean |fp16 − f32| over the mean |f32|.
 */
meanError: number | null, };

export type HeadDetail = { 
/**
 * Layer, from 0.
 */
layer: number, 
/**
 * Head, from 0.
 */
head: number, 
/**
 * Size of each vector (32 for MiniLM).
 */
dK: number, 
/**
 * Queries, f32 `[seq, d_k]`.
 */
q: Uint8Array, 
/**
 * Keys, f32 `[seq, d_k]`.
 */
k: Uint8Array, 
/**
 * Values, f32 `[seq, d_k]`.
 */
v: Uint8Array, 
/**
 * ALiBi's slope for this head, when the model adds −slope·(i − j) to
 * the scaled scores.
 */
alibiSlope: number | null, };

export type Histogram = { 
/**
 * Lower edge.
 */
lo: number, 
/**
 * Upper edge.
 */
hi: number, 
/**
 * Count per bin.
 */
counts: Array<number>, };

export type Init = "xavier" | "he";

export type InitKind = "small" | "xavier" | "he" | "large";

export type Inspection = { 
/**
 * The tokens the model saw (`seq` of them).
 */
tokens: Array<Token>, 
/**
 * Tokens before truncation to 512.
 */
totalTokens: number, 
/**
 * How many are `[UNK]`.
 */
unknown: number, 
/**
 * Layers of the encoder.
 */
layers: number, 
/**
 * Heads per layer.
 */
heads: number, 
/**
 * Hidden size.
 */
dModel: number, 
/**
 * Attention probabilities, f32 `[layers, heads, seq, seq]` (row = query).
 */
attention: Uint8Array, 
/**
 * Hidden states, f32 `[layers + 1, seq, d_model]`: the embeddings'
 * output, then each layer's.
 */
hidden: Uint8Array, 
/**
 * Word embeddings, f32 `[seq, d_model]`.
 */
word: Uint8Array, 
/**
 * Position embeddings, f32 `[seq, d_model]`.
 */
position: Uint8Array, 
/**
 * 2-D PCA of each hidden state, f32 `[layers + 1, seq, 2]`, signs
 * aligned from layer to layer.
 */
pca: Uint8Array, 
/**
 * Share of variance the two PCA axes explain, per hidden state.
 */
explained: Array<number>, 
/**
 * Forward pass and read-back, in milliseconds.
 */
forwardMs: number, 
/**
 * Model load time, when this request loaded it.
 */
loadMs: number | null, };

export type LayerInfo = { 
/**
 * What the layer is, e.g. `conv 5x5, 8`.
 */
name: string, 
/**
 * Output shape: `[channels, height, width]`, or `[units]`.
 */
shape: Array<number>, 
/**
 * Trainable parameters.
 */
params: number, 
/**
 * Multiply-adds per image, forward.
 */
macs: number, 
/**
 * Receptive field side, in input pixels (0 for dense layers: all).
 */
receptiveField: number, };

export type LayerInput = { "kind": "conv", 
/**
 * The block, from 0.
 */
block: number, } | { "kind": "hidden" } | { "kind": "output" };

export type LayerView = { 
/**
 * Lowest value.
 */
min: number, 
/**
 * Highest value.
 */
max: number, 
/**
 * Counts of values in equal bins from `min` to `max`.
 */
histogram: Array<number>, 
/**
 * The grid of the group holding the largest |w| (the one the
 * histogram's outermost values fall on): the value of every level
 * the scheme uses.
 */
grid: Array<number>, 
/**
 * That group's output channel.
 */
gridChannel: number, 
/**
 * Largest |w| of each output channel.
 */
channelMax: Array<number>, 
/**
 * Root-mean-square rounding error of each output channel.
 */
channelError: Array<number>, 
/**
 * Channels whose largest |w| is over 3× the median channel's, largest first.
 */
outliers: Array<number>, 
/**
 * Root-mean-square rounding error over the matrix.
 */
rmsError: number, 
/**
 * Root-mean-square value of the matrix.
 */
rmsValue: number, 
/**
 * Largest rounding error.
 */
maxError: number, 
/**
 * Bytes in f32.
 */
f32Bytes: number, 
/**
 * Bytes in this scheme.
 */
bytes: number, };

export type LineupKind = "positions" | "blocks";

export type LineupLosses = { 
/**
 * Which lineup.
 */
kind: LineupKind, 
/**
 * The context the runs trained on.
 */
context: number, 
/**
 * Windows averaged.
 */
windows: number, 
/**
 * For each run, the held-out loss (nats) after each position.
 */
runs: Array<Array<number>>, };

export type LineupProgress = { 
/**
 * Which lineup.
 */
kind: LineupKind, 
/**
 * Each run's round, in order.
 */
runs: Array<LineupStep>, };

export type LineupRun = { 
/**
 * Trainable values, as burn counts them.
 */
params: number, 
/**
 * The parameter and operation table (with the cache's bytes per token).
 */
cost: Cost, };

export type LineupSetup = { 
/**
 * Which lineup.
 */
kind: LineupKind, 
/**
 * Each run, in the order asked.
 */
runs: Array<LineupRun>, 
/**
 * Characters per held-out token.
 */
charsPerToken: number, };

export type LineupStep = { 
/**
 * Loss of each step taken (nats per token).
 */
losses: Array<number>, 
/**
 * Steps since setup.
 */
steps: number, 
/**
 * The loss blew up; this run has stopped.
 */
diverged: boolean, 
/**
 * Held-out loss (nats per token), when asked for.
 */
validLoss: number | null, 
/**
 * Tokens trained on per second in this round.
 */
tokensPerSecond: number, };

export type LoraBase = "built" | "gptLab";

export type LoraExport = { 
/**
 * The file.
 */
file: Uint8Array, 
/**
 * Its rank.
 */
rank: number, 
/**
 * Bytes of the base model's weights at f32, to set the file beside.
 */
baseBytes: number, };

export type LoraImported = { 
/**
 * The new run's index.
 */
run: number, 
/**
 * The file's rank.
 */
rank: number, 
/**
 * The file's α.
 */
alpha: number, 
/**
 * The matrices it adapts.
 */
targets: Array<LoraTarget>, 
/**
 * The largest difference of the new run's scores from the compared
 * run's, when one was named.
 */
maxDifference: number | null, };

export type LoraInside = { 
/**
 * The run's rank (0: full fine-tuning).
 */
rank: number, 
/**
 * Singular values of the run's ΔW, largest first.
 */
values: Array<number>, 
/**
 * Those of the full fine-tune's ΔW for the same matrix, when a run is one.
 */
full: Array<number> | null, };

export type LoraMerge = { 
/**
 * The largest difference between the merged and the adapter model's scores.
 */
maxDifference: number, 
/**
 * Milliseconds of a forward pass with the adapters.
 */
adapterMs: number, 
/**
 * Milliseconds of the same pass merged.
 */
mergedMs: number, 
/**
 * Tokens in that pass.
 */
tokens: number, };

export type LoraProgress = { 
/**
 * Each run's round, in order.
 */
runs: Array<LoraStep>, };

export type LoraReply = { "kind": "loraSetup", "value": LoraSetup } | { "kind": "loraProgress", "value": LoraProgress } | { "kind": "loraSample", "value": LoraWritten } | { "kind": "loraInside", "value": LoraInside } | { "kind": "loraMerge", "value": LoraMerge } | { "kind": "loraExport", "value": LoraExport } | { "kind": "loraImport", "value": LoraImported };

export type LoraRequest = { "type": "loraSetup", base: LoraBase, target: LoraText, settings: LoraSettings, } | { "type": "loraTrain", steps: number, evaluate: boolean, } | { "type": "loraSample", run: number | null, prompt: string, length: number, temperature: number, seed: number, } | { "type": "loraInside", run: number, layer: number, target: LoraTarget, } | { "type": "loraMerge", run: number, } | { "type": "loraExport", run: number, } | { "type": "loraImport", file: Uint8Array, compare: number | null, };

export type LoraRunInfo = { 
/**
 * Rank (0: full fine-tuning).
 */
rank: number, 
/**
 * Values that train.
 */
trainable: number, 
/**
 * Every value of the model (base and adapters).
 */
total: number, 
/**
 * Bytes of all weights at f32.
 */
weightBytes: number, 
/**
 * Bytes of the gradients (one per trainable value).
 */
gradientBytes: number, 
/**
 * Bytes of AdamW's two moments per trainable value.
 */
optimizerBytes: number, };

export type LoraRunSpec = { 
/**
 * The adapters' rank r, 1 to 64; 0 is full fine-tuning.
 */
rank: number, 
/**
 * α: the update is scaled by α/r.
 */
alpha: number, 
/**
 * The matrices that get adapters (ignored by full fine-tuning).
 */
targets: Array<LoraTarget>, };

export type LoraSettings = { 
/**
 * The runs, trained side by side.
 */
runs: Array<LoraRunSpec>, 
/**
 * Learning rate (AdamW).
 */
lr: number, 
/**
 * Sequences per step.
 */
batch: number, 
/**
 * Seed of the adapters' initialisation and of the batches.
 */
seed: number, 
/**
 * Held-out characters measured per corpus per run: more is steadier,
 * fewer is quicker.
 */
heldOut: number, };

export type LoraSetup = { 
/**
 * The base.
 */
base: BaseInfo, 
/**
 * Each run, in order.
 */
runs: Array<LoraRunInfo>, 
/**
 * Target characters trained on.
 */
targetTrain: number, 
/**
 * Target characters held out.
 */
targetValid: number, 
/**
 * The base's held-out loss (nats) on the target text, before any step.
 */
baseOnTarget: number | null, 
/**
 * The base's held-out loss (nats) on its own corpus.
 */
baseOnBase: number | null, 
/**
 * What was changed on the way in.
 */
notices: Array<Message>, };

export type LoraStep = { 
/**
 * Loss of each step (nats per character).
 */
losses: Array<number>, 
/**
 * Steps since setup.
 */
steps: number, 
/**
 * The loss blew up; this run has stopped.
 */
diverged: boolean, 
/**
 * Held-out loss on the target text, when measured.
 */
targetLoss: number | null, 
/**
 * Held-out loss on the base's corpus, when measured.
 */
baseLoss: number | null, 
/**
 * Characters trained on per second in this round.
 */
tokensPerSecond: number, };

export type LoraTarget = "query" | "key" | "value" | "output" | "mlpIn" | "mlpOut";

export type LoraText = { "kind": "songCi" } | { "kind": "text", 
/**
 * The text itself.
 */
text: string, };

export type LoraWritten = { 
/**
 * The prompt and what was written.
 */
text: string, };

export type MatmulReport = { 
/**
 * One entry per size, in the order asked.
 */
timings: Array<MatmulTiming>, };

export type MatmulTiming = { 
/**
 * Matrix side `n`.
 */
size: number, 
/**
 * Products timed.
 */
products: number, 
/**
 * Wall time of the timed rounds, in milliseconds.
 */
ms: number, 
/**
 * `2 n^3 * products / seconds / 1e9`.
 */
gflops: number, };

export type MatrixInfo = { 
/**
 * Its path in the model.
 */
path: string, 
/**
 * Linear or embedding.
 */
kind: MatrixKind, 
/**
 * Output channels.
 */
channels: number, 
/**
 * Values per channel.
 */
width: number, };

export type MatrixKind = "linear" | "embedding" | "conv";

export type Merge = { 
/**
 * The two symbols merged.
 */
pair: [number, number], 
/**
 * The new symbol's id (256 + index of the merge).
 */
id: number, 
/**
 * How often the pair occurred when it was merged.
 */
count: number, 
/**
 * The new symbol's text (`<E4 B8>` for partial characters).
 */
text: string, 
/**
 * The pairs that came next, with their counts: why this one won.
 */
runnersUp: Array<[string, number]>, };

export type Message = { 
/**
 * The key of its text in the page's tables.
 */
code: string, 
/**
 * The values the text names, by placeholder.
 */
params: { [key in string]: Param }, 
/**
 * The English text.
 */
text: string, };

export type Metric = "bitsPerChar" | "accuracy";

export type MixedProgress = { 
/**
 * Each run's round, in order.
 */
runs: Array<MixedStep>, };

export type MixedSetup = { 
/**
 * The runs, in order.
 */
runs: Array<MixedSpec>, 
/**
 * The fresh model's values.
 */
params: number, 
/**
 * fp32, fp16, bf16.
 */
formats: Array<FormatInfo>, 
/**
 * log2 of the histogram's first bin.
 */
histogramLow: number, };

export type MixedSpec = { 
/**
 * The format weights and gradients are rounded to.
 */
format: Format, 
/**
 * How the loss is scaled.
 */
scaling: Scaling, };

export type MixedStep = { 
/**
 * Loss of each step (nats per character).
 */
losses: Array<number>, 
/**
 * Steps since setup.
 */
steps: number, 
/**
 * The loss blew up; this run has stopped.
 */
diverged: boolean, 
/**
 * Steps skipped since setup (a dynamic scale after an overflow).
 */
skipped: number, 
/**
 * The loss scale now.
 */
scale: number, 
/**
 * This round's gradients.
 */
counts: GradientCounts, 
/**
 * The last step's scaled gradients: counts of log2|g| in unit bins
 * from `histogramLow`, then the count of zeros.
 */
histogram: Array<number>, 
/**
 * Held-out bits per character, when measured.
 */
bits: number | null, };

export type MlpConfig = { 
/**
 * Hidden layers, 2 to 50.
 */
depth: number, 
/**
 * Units per hidden layer, 2 to 64.
 */
width: number, 
/**
 * Nonlinearity.
 */
activation: Act, 
/**
 * Initialisation.
 */
init: InitKind, 
/**
 * Skip connections around every hidden block.
 */
residual: boolean, 
/**
 * Normalisation.
 */
norm: Norm, 
/**
 * Dropout after every hidden layer.
 */
dropout: number, };

export type MlpKind = "gelu" | "swiGlu";

export type ModelFile = { 
/**
 * The file's bytes.
 */
file: Uint8Array, };

export type Neighbour = { 
/**
 * Vocabulary id.
 */
id: number, 
/**
 * Its text (`##` marks a word continuation).
 */
token: string, 
/**
 * Cosine similarity of the two input embeddings.
 */
cosine: number, };

export type NetConfig = { 
/**
 * 1 to 3 conv blocks.
 */
blocks: Array<ConvBlock>, 
/**
 * Activation everywhere.
 */
activation: ActivationKind, 
/**
 * BatchNorm after each conv.
 */
batchNorm: boolean, 
/**
 * Dropout before the dense layers (0 = off).
 */
dropout: number, 
/**
 * Units of a hidden dense layer (0 = none).
 */
hidden: number, };

export type Norm = "none" | "batch" | "layer";

export type NormDemo = { 
/**
 * Rows.
 */
batch: number, 
/**
 * Columns.
 */
features: number, 
/**
 * The activations.
 */
input: Array<number>, 
/**
 * BatchNorm in training mode: each column to mean 0, variance 1 over the batch.
 */
batchNorm: Array<number>, 
/**
 * LayerNorm: each row to mean 0, variance 1 over its features.
 */
layerNorm: Array<number>, 
/**
 * BatchNorm in evaluation mode after that one training pass: running
 * statistics (momentum 0.1 from mean 0, variance 1) instead of the batch's.
 */
batchNormEval: Array<number>, 
/**
 * The running mean after the pass, per column.
 */
runningMean: Array<number>, 
/**
 * The running variance after the pass, per column.
 */
runningVar: Array<number>, };

export type NormKind = "layerNorm" | "rmsNorm";

export type OptimizerKind = "sgd" | "momentum" | "adam" | "adamW" | "rmsProp";

export type Param = number | string;

export type Part = "embedding" | "positions" | "attention" | "mlp" | "norms" | "output";

export type Path = { 
/**
 * Who.
 */
racer: Racer, 
/**
 * x at the start and after each step.
 */
xs: Array<number>, 
/**
 * y likewise.
 */
ys: Array<number>, 
/**
 * The surface's value at the end.
 */
last: number, };

export type Points = { 
/**
 * x0, y0, x1, y1, …
 */
xy: Array<number>, 
/**
 * 0 or 1 per point.
 */
labels: Array<number>, };

export type Pool = "max" | "avg" | "none";

export type PositionTable = { 
/**
 * Positions (rows).
 */
positions: number, 
/**
 * Dimensions (columns).
 */
width: number, 
/**
 * Row-major values, [positions × width].
 */
values: Array<number>, 
/**
 * Cosine similarity of every pair of positions, [positions × positions].
 */
similarity: Array<number>, };

export type Positions = "none" | "learned" | "sinusoidal" | "rope" | "alibi";

export type PositionsView = { 
/**
 * What the model uses.
 */
positions: Positions, 
/**
 * The sinusoids for the model's context and width.
 */
sinusoidal: PositionTable, 
/**
 * The learned table, when the model has one (its trained rows).
 */
learned: PositionTable | null, 
/**
 * RoPE turning the first two tokens' query and key (layer 1, head 1).
 */
rope: RopeCheck, 
/**
 * ALiBi's slope per head of the model.
 */
alibiSlopes: Array<number>, };

export type PrecisionLoaded = { 
/**
 * Which model.
 */
model: PrecisionModel, 
/**
 * Its matrices, in order.
 */
matrices: Array<MatrixInfo>, 
/**
 * Every value of the model.
 */
params: number, 
/**
 * Its bytes in f32.
 */
f32Bytes: number, };

export type PrecisionModel = "builtGpt" | "gptLab" | "miniLm" | "cnn";

export type PrecisionReply = { "kind": "precisionFormats", "value": FormatsView } | { "kind": "precisionLoaded", "value": PrecisionLoaded } | { "kind": "precisionLayer", "value": LayerView } | { "kind": "precisionTable", "value": PrecisionTable } | { "kind": "precisionActivations", "value": ActivationsView } | { "kind": "precisionSpeed", "value": SpeedView } | { "kind": "precisionHalf", "value": HalfView } | { "kind": "precisionSte", "value": SteView } | { "kind": "precisionQatSetup", "value": QatSetup } | { "kind": "precisionQatProgress", "value": QatProgress } | { "kind": "precisionMixedSetup", "value": MixedSetup } | { "kind": "precisionMixedProgress", "value": MixedProgress };

export type PrecisionRequest = { "type": "precisionFormats", values: Array<number>, } | { "type": "precisionLoad", model: PrecisionModel, cnnSteps: number, } | { "type": "precisionLayer", matrix: number, scheme: Scheme, } | { "type": "precisionTable", schemes: Array<Scheme>, sentences: Array<string>, held: number, } | { "type": "precisionActivations", site: number, held: number, } | { "type": "precisionSpeed" } | { "type": "precisionHalf", size: number, } | { "type": "precisionSte", bits: number, } | { "type": "precisionQatSetup", model: PrecisionModel, symmetric: boolean, granularity: Granularity, settings: RunSettings, cnnSteps: number, } | { "type": "precisionQatTrain", steps: number, evaluate: boolean, } | { "type": "precisionMixedSetup", runs: Array<MixedSpec>, settings: RunSettings, } | { "type": "precisionMixedTrain", steps: number, evaluate: boolean, };

export type PrecisionTable = { 
/**
 * Which model.
 */
model: PrecisionModel, 
/**
 * f32 first, then each scheme in the order asked.
 */
rows: Array<TableRow>, };

export type QatProgress = { 
/**
 * The f32 run, then QAT int8, then QAT int4.
 */
runs: Array<QatStep>, };

export type QatSetup = { 
/**
 * What the scores are.
 */
metric: Metric, 
/**
 * The starting model's score in f32.
 */
f32Score: number, 
/**
 * The same after PTQ at int8, then int4.
 */
ptqScores: Array<number>, 
/**
 * The schemes: int8, then int4.
 */
schemes: Array<Scheme>, 
/**
 * Values that train.
 */
params: number, };

export type QatStep = { 
/**
 * Its scheme (none: the f32 run).
 */
scheme: Scheme | null, 
/**
 * Loss of each step (nats per character).
 */
losses: Array<number>, 
/**
 * Steps since setup.
 */
steps: number, 
/**
 * The loss blew up; this run has stopped.
 */
diverged: boolean, 
/**
 * Its score as the run reads its weights, when measured.
 */
score: number | null, 
/**
 * The f32 run's score after PTQ at int8, then int4, when measured.
 */
ptqScores: Array<number>, };

export type Quality = { 
/**
 * The GPT's held-out bits per character.
 */
bitsPerChar: number | null, 
/**
 * MiniLM: mean cosine of each sentence's embedding to its f32 one.
 */
meanCosine: number | null, 
/**
 * MiniLM: the lowest of those cosines.
 */
minCosine: number | null, 
/**
 * MiniLM: the largest change of any attention weight.
 */
attentionChange: number | null, 
/**
 * The CNN's accuracy on the test digits.
 */
accuracy: number | null, };

export type Race = { 
/**
 * The plotted square: x from `bounds[0]` to `bounds[1]`, y from
 * `bounds[2]` to `bounds[3]`.
 */
bounds: [number, number, number, number], 
/**
 * Side of the grid.
 */
side: number, 
/**
 * The surface on the grid, row 0 at the top (highest y).
 */
grid: Uint8Array, 
/**
 * Every racer's path.
 */
paths: Array<Path>, 
/**
 * Where the global minima are.
 */
minima: Array<[number, number]>, };

export type RaceConfig = { 
/**
 * Landscape.
 */
surface: Surface, 
/**
 * Learning rate of every racer.
 */
lr: number, 
/**
 * Momentum coefficient (momentum, Nesterov) and RMSprop's decay.
 */
momentum: number, 
/**
 * Adam's β₁.
 */
beta1: number, 
/**
 * Adam's β₂.
 */
beta2: number, 
/**
 * Steps each racer takes.
 */
steps: number, };

export type Racer = "sgd" | "momentum" | "nesterov" | "rmsProp" | "adam" | "adamW";

export type Reply = EngineReply | CheckReply | TextReply | TransformerReply | VisionReply | SequenceReply | ConceptsReply | GptReply | LoraReply | PrecisionReply | RepresentationsReply;

export type RepresentationsReply = { "kind": "w2vSetup", "value": W2vSetup } | { "kind": "w2vProgress", "value": W2vProgress } | { "kind": "w2vNeighbours", "value": Array<W2vNeighbourRow> } | { "kind": "w2vAnalogy", "value": W2vAnalogy } | { "kind": "w2vMap", "value": W2vMap } | { "kind": "w2vCounts", "value": W2vCounts } | { "kind": "aeSetup", "value": number } | { "kind": "aeProgress", "value": AeProgress } | { "kind": "aeView", "value": AeView } | { "kind": "aeImages", "value": Array<number> } | { "kind": "aeCode", "value": [number, number] } | { "kind": "contextual", "value": Contextual } | { "kind": "w2vFile", "value": ModelFile } | { "kind": "w2vImported", "value": W2vImported } | { "kind": "aeFile", "value": ModelFile } | { "kind": "aeImported", "value": AeImported } | { "kind": "aeBetaSetup", "value": number } | { "kind": "aeBetaRound", "value": Array<BetaRun> };

export type RepresentationsRequest = { "type": "w2vSetup", source: TextSource, unit: TokenUnit, maxVocab: number, minCount: number, settings: W2vSettings, } | { "type": "w2vTrain", budgetMs: number, } | { "type": "w2vNeighbours", tokens: Array<string>, k: number, } | { "type": "w2vAnalogy", a: string, b: string, c: string, k: number, } | { "type": "w2vMap", n: number, } | { "type": "w2vCounts", tokens: Array<string>, k: number, } | { "type": "aeSetup", settings: AeSettings, } | { "type": "aeTrain", budgetMs: number, } | { "type": "aeView", count: number, codes: number, } | { "type": "aeDecode", points: Array<[number, number]>, } | { "type": "aeEncode", image: Array<number>, } | { "type": "w2vExport" } | { "type": "w2vImport", file: Uint8Array, } | { "type": "aeExport" } | { "type": "aeImport", file: Uint8Array, } | { "type": "aeBetaSetup", settings: AeSettings, betas: Array<number>, } | { "type": "aeBetaRound", steps: number, codes: number, } | { "type": "contextual", sentences: Array<string>, word: string, k: number, };

export type Request = EngineRequest | CheckRequest | TextRequest | TransformerRequest | VisionRequest | SequenceRequest | ConceptsRequest | GptRequest | LoraRequest | PrecisionRequest | RepresentationsRequest;

export type RopeCheck = { 
/**
 * Width of a head: d_head / 2 pairs turn.
 */
dHead: number, 
/**
 * Each pair's angle per position step (radians): BASE^(−2k/d_head).
 */
speeds: Array<number>, 
/**
 * The unrotated q · k.
 */
plain: number, 
/**
 * Pairs of positions, several at the same distance and a few not.
 */
rows: Array<RopeRow>, };

export type RopeRow = { 
/**
 * The query's position.
 */
m: number, 
/**
 * The key's position.
 */
n: number, 
/**
 * q_m · k_n after both rotations.
 */
dot: number, };

export type Rounded = { 
/**
 * The value asked about (as f32).
 */
value: number, 
/**
 * As fp16 holds it.
 */
fp16: number, 
/**
 * As bf16 holds it.
 */
bf16: number, };

export type RunConfig = { 
/**
 * Its shape.
 */
net: MlpConfig, 
/**
 * How it trains.
 */
fit: FitConfig, };

export type RunInfo = { 
/**
 * Recurrence.
 */
cell: CellKind, 
/**
 * Trainable values.
 */
params: number, };

export type RunProgress = { 
/**
 * Recurrence.
 */
cell: CellKind, 
/**
 * Loss of each step taken (nats per character).
 */
losses: Array<number>, 
/**
 * Steps since setup.
 */
steps: number, 
/**
 * The loss blew up; this run has stopped.
 */
diverged: boolean, 
/**
 * Held-out loss (nats per character), when asked for and available.
 */
validLoss: number | null, };

export type RunSettings = { 
/**
 * AdamW's learning rate.
 */
lr: number, 
/**
 * Windows per batch.
 */
batch: number, 
/**
 * Seed of the batches (and of fresh weights).
 */
seed: number, 
/**
 * Held-out characters each measurement reads.
 */
heldOut: number, };

export type Sample = { 
/**
 * The prefix (when fed) and what followed.
 */
text: string, 
/**
 * What was adjusted (temperature, unknown characters).
 */
notices: Array<Message>, 
/**
 * Generation speed.
 */
charsPerSecond: number, };

export type SampleConfig = { 
/**
 * Text fed in first, or the first character of each line (acrostic).
 */
prefix: string, 
/**
 * Force one prefix character at the start of each line.
 */
acrostic: boolean, 
/**
 * Softmax temperature: 0 always takes the likeliest character.
 */
temperature: number, 
/**
 * Characters to generate.
 */
length: number, 
/**
 * Seed of the draws.
 */
seed: number, };

export type Scaling = { "kind": "none" } | { "kind": "static", 
/**
 * The scale.
 */
scale: number, } | { "kind": "dynamic", 
/**
 * The scale to start from.
 */
initial: number, 
/**
 * Good steps before the scale doubles.
 */
interval: number, };

export type Scheme = { 
/**
 * Bits per value: 8 or 4.
 */
bits: number, 
/**
 * Centred on zero (no zero point) or spanning the group's range.
 */
symmetric: boolean, 
/**
 * How many values share a scale.
 */
granularity: Granularity, };

export type SequenceConfig = { 
/**
 * Recurrence.
 */
cell: CellKind, 
/**
 * 1 or 2 stacked layers.
 */
layers: number, 
/**
 * Hidden size.
 */
hidden: number, 
/**
 * Embedding size.
 */
embed: number, 
/**
 * Truncated back-propagation length (characters per step and stream).
 */
bptt: number, 
/**
 * Dropout between layers.
 */
dropout: number, 
/**
 * Clip each weight's gradient to norm `clip_at`.
 */
clip: boolean, 
/**
 * The clipping threshold.
 */
clipAt: number, 
/**
 * Optimizer.
 */
optimizer: OptimizerKind, 
/**
 * Learning rate.
 */
lr: number, 
/**
 * Parallel streams per step.
 */
batch: number, 
/**
 * Seed of the weights, dropout and sampling.
 */
seed: number, };

export type SequenceImported = { 
/**
 * The run, as a setup describes it.
 */
setup: SequenceSetup, 
/**
 * The settings it was trained with.
 */
config: SequenceConfig, 
/**
 * The text it was trained on.
 */
source: TextSource, 
/**
 * Steps it was trained.
 */
steps: number, };

export type SequenceProgress = { 
/**
 * One per run.
 */
runs: Array<RunProgress>, 
/**
 * Characters trained on per second, all runs together.
 */
charsPerSecond: number, };

export type SequenceReply = { "kind": "sequenceSetup", "value": SequenceSetup } | { "kind": "sequenceProgress", "value": SequenceProgress } | { "kind": "sample", "value": Sample } | { "kind": "gradientFlow", "value": GradientFlow } | { "kind": "gates", "value": Gates } | { "kind": "sequenceFile", "value": ModelFile } | { "kind": "sequenceImported", "value": SequenceImported };

export type SequenceRequest = { "type": "sequenceSetup", source: TextSource, config: SequenceConfig, compare: boolean, } | { "type": "sequenceTrain", steps: number, budgetMs: number, evaluate: boolean, } | { "type": "sequenceSample", run: number, sample: SampleConfig, } | { "type": "sequenceGradients", length: number, } | { "type": "sequenceGates", run: number, text: string, } | { "type": "sequenceExport", run: number, } | { "type": "sequenceImport", file: Uint8Array, };

export type SequenceSetup = { 
/**
 * The runs, in the order progress reports them.
 */
runs: Array<RunInfo>, 
/**
 * Vocabulary size.
 */
vocab: number, 
/**
 * Characters trained on.
 */
trainChars: number, 
/**
 * Characters held out.
 */
validChars: number, 
/**
 * Parallel streams per step (fewer than asked for short texts).
 */
streams: number, 
/**
 * Characters per step.
 */
charsPerStep: number, 
/**
 * What was changed on the way in.
 */
notices: Array<Message>, 
/**
 * A line of the text, for the gate view to start with.
 */
example: string, };

export type Similarity = { 
/**
 * The sentences compared (empty lines dropped, at most 16).
 */
sentences: Array<string>, 
/**
 * Tokens of each sentence as the model saw it.
 */
tokens: Array<number>, 
/**
 * Whether a sentence was cut at 512 tokens.
 */
truncated: Array<boolean>, 
/**
 * Cosine similarity, `[n, n]` row-major.
 */
matrix: Array<number>, 
/**
 * Time for all forward passes, in milliseconds.
 */
forwardMs: number, };

export type Site = { 
/**
 * The block, from 0.
 */
layer: number, 
/**
 * Which input.
 */
kind: SiteKind, };

export type SiteKind = "attention" | "context" | "mlp" | "hidden" | "head";

export type SiteRange = { 
/**
 * Where.
 */
site: ActivationSite, 
/**
 * Lowest value seen.
 */
min: number, 
/**
 * Highest value seen.
 */
max: number, 
/**
 * 99.99th percentile of |x|.
 */
p9999: number, 
/**
 * 99.9th percentile of |x|.
 */
p999: number, };

export type SpeedView = { 
/**
 * Median milliseconds with f32 weights.
 */
f32Ms: number, 
/**
 * Median milliseconds with burn's int8 weights.
 */
int8Ms: number, 
/**
 * Tokens in the pass.
 */
tokens: number, 
/**
 * Largest difference between the two passes' scores.
 */
maxDifference: number, 
/**
 * Bytes burn holds for the int8 weights' values (one per weight).
 */
int8WeightBytes: number, };

export type SteView = { 
/**
 * Inputs, from −1.5 to 1.5.
 */
x: Array<number>, 
/**
 * The fake-quantized value: clipped to [−1, 1], rounded to the grid.
 */
y: Array<number>, 
/**
 * Its gradient as the straight-through estimator gives it (autodiff).
 */
ste: Array<number>, 
/**
 * The gradient of round() itself (autodiff).
 */
round: Array<number>, 
/**
 * The slope between neighbouring points (the true derivative: 0 on
 * the steps, a spike at each jump).
 */
slope: Array<number>, 
/**
 * The grid's step.
 */
step: number, };

export type Surface = "bowl" | "rosenbrock" | "saddle" | "himmelblau";

export type TableRow = { 
/**
 * The scheme (none: f32).
 */
scheme: Scheme | null, 
/**
 * The model's bytes with every matrix in it.
 */
bytes: number, 
/**
 * How far it is from f32.
 */
quality: Quality, };

export type TextReply = { "kind": "tokens", "value": Array<TokenRow> } | { "kind": "bpe", "value": Array<Merge> } | { "kind": "bpeTokens", "value": Tokenization };

export type TextRequest = { "type": "tokenize", text: string, tokenizers: Array<TokenizerId>, maxTokens: number, } | { "type": "trainBpe", corpus: string, merges: number, } | { "type": "encodeBpe", text: string, upto: number, };

export type TextSource = { "kind": "tang" } | { "kind": "text", 
/**
 * The text itself.
 */
text: string, };

export type ThreadPreference = "all" | "one";

export type Token = { 
/**
 * Vocabulary id; `None` for tokenizers without a vocabulary (words, chars).
 */
id: number | null, 
/**
 * Display text: the token's string, or its bytes as `<E4 B8>` where they
 * are not whole UTF-8 characters.
 */
text: string, 
/**
 * The token's bytes (for WordPiece, the bytes of the input it covers).
 */
bytes: Array<number>, 
/**
 * First UTF-16 code unit of the input this token covers.
 */
start: number, 
/**
 * One past the last UTF-16 code unit it covers.
 */
end: number, 
/**
 * A special token (`[CLS]`, `[SEP]`) that covers no input.
 */
special: boolean, };

export type TokenRow = { 
/**
 * Which tokenizer.
 */
tokenizer: TokenizerId, 
/**
 * Its tokens (at most `max_tokens` of them), if it worked.
 */
tokenization: Tokenization | null, 
/**
 * How many tokens the whole text has.
 */
count: number, 
/**
 * Every token's id (empty for tokenizers without ids).
 */
ids: Array<number>, 
/**
 * Why it did not.
 */
error: Message | null, 
/**
 * Time to tokenize (not to load), in milliseconds.
 */
ms: number, };

export type TokenUnit = "chars" | "words";

export type Tokenization = { 
/**
 * The tokens, in order.
 */
tokens: Array<Token>, 
/**
 * Unicode scalar values in the input.
 */
chars: number, 
/**
 * UTF-8 bytes in the input.
 */
bytes: number, };

export type TokenizerId = "wordpiece" | "r50kBase" | "cl100kBase" | "o200kBase" | "jieba" | "jiebaHmm" | "chars" | "bytes";

export type TrainConfig = { 
/**
 * Optimizer.
 */
optimizer: OptimizerKind, 
/**
 * Learning rate.
 */
lr: number, 
/**
 * Images per step.
 */
batch: number, 
/**
 * L2 weight decay.
 */
l2: number, 
/**
 * L1 penalty on the weights.
 */
l1: number, 
/**
 * Weight initialisation.
 */
init: Init, 
/**
 * Random shifts and small rotations of training digits.
 */
augment: boolean, 
/**
 * Seed of the weights, the batch order, dropout and augmentation.
 */
seed: number, };

export type TransformerReply = { "kind": "inspection", "value": Inspection } | { "kind": "head", "value": HeadDetail } | { "kind": "neighbours", "value": Array<Neighbour> } | { "kind": "similarity", "value": Similarity };

export type TransformerRequest = { "type": "inspect", text: string, } | { "type": "head", text: string, layer: number, head: number, } | { "type": "nearest", token: number, count: number, } | { "type": "similarity", sentences: Array<string>, };

export type VisionImported = { 
/**
 * The network it describes.
 */
net: NetConfig, 
/**
 * How it was trained.
 */
train: TrainConfig, 
/**
 * Steps it was trained.
 */
steps: number, 
/**
 * The network layer by layer, and the digits, as a setup answers.
 */
setup: VisionSetup, };

export type VisionInspection = { 
/**
 * Class probabilities.
 */
probabilities: Array<number>, 
/**
 * Each conv block's output, f32 `[channels, h, w]`.
 */
maps: Array<FeatureMaps>, 
/**
 * The first conv layer's filters, f32 `[channels, k, k]`.
 */
filters: Uint8Array, 
/**
 * Side of a first-layer filter.
 */
kernel: number, 
/**
 * Milliseconds for the forward pass and read-back.
 */
ms: number, };

export type VisionProgress = { 
/**
 * Loss of each step taken by this request.
 */
losses: Array<number>, 
/**
 * Steps taken since setup.
 */
steps: number, 
/**
 * Training images per second during this request.
 */
imagesPerSecond: number, 
/**
 * The loss blew up; training has stopped.
 */
diverged: boolean, 
/**
 * Test-split results, when asked for.
 */
evaluation: Evaluation | null, };

export type VisionReply = { "kind": "visionSetup", "value": VisionSetup } | { "kind": "visionProgress", "value": VisionProgress } | { "kind": "visionInspection", "value": VisionInspection } | { "kind": "visionCompression", "value": Compression } | { "kind": "visionFile", "value": ModelFile } | { "kind": "visionImported", "value": VisionImported };

export type VisionRequest = { "type": "visionSetup", net: NetConfig, train: TrainConfig, } | { "type": "visionTrain", steps: number, budgetMs: number, evaluate: boolean, } | { "type": "visionInspect", pixels: Array<number>, } | { "type": "visionCompress" } | { "type": "visionExport" } | { "type": "visionImport", file: Uint8Array, };

export type VisionSetup = { 
/**
 * The network, layer by layer.
 */
layers: Array<LayerInfo>, 
/**
 * Training digits.
 */
train: number, 
/**
 * Test digits.
 */
test: number, };

export type W2vAnalogy = { 
/**
 * Tokens asked that have no vector (then there are no answers).
 */
unknown: Array<string>, 
/**
 * The tokens nearest to `a − b + c`, best first.
 */
answers: Array<W2vNeighbour>, };

export type W2vCountRow = { 
/**
 * The token asked.
 */
token: string, 
/**
 * Whether it is in the vocabulary.
 */
known: boolean, 
/**
 * Its nearest tokens by PPMI + SVD vectors.
 */
svd: Array<W2vNeighbour>, 
/**
 * Its likeliest next tokens under the bigram model, with P(next | token).
 */
next: Array<W2vFollower>, };

export type W2vCounts = { 
/**
 * One row per token asked.
 */
rows: Array<W2vCountRow>, 
/**
 * Non-zero entries of the V × V PPMI matrix (of V² in all).
 */
entries: number, 
/**
 * Tokens in the vocabulary (V).
 */
vocab: number, 
/**
 * Values per SVD vector (word2vec's vector size, at most V).
 */
dim: number, 
/**
 * Milliseconds the counting and factorising took (on the first ask for a run).
 */
ms: number, 
/**
 * Whether this ask counted and factorised (false: kept from an earlier ask).
 */
fresh: boolean, };

export type W2vFollower = { 
/**
 * The token.
 */
token: string, 
/**
 * P(it | the token asked).
 */
p: number, };

export type W2vImported = { spec: W2vSpec, setup: W2vSetup, steps: number, };

export type W2vMap = { 
/**
 * The most frequent tokens, most frequent first.
 */
tokens: Array<string>, 
/**
 * Each token's `[x, y]` on the two principal axes of their vectors.
 */
points: Array<[number, number]>, 
/**
 * Share of the variance the two axes explain.
 */
explained: number, 
/**
 * Each token's unit-length vector, `tokens × dim` row-major (the page
 * lays them out with UMAP off the main thread).
 */
vectors: Uint8Array, 
/**
 * Values per vector.
 */
dim: number, };

export type W2vMethod = "skipGram" | "cbow";

export type W2vNeighbour = { 
/**
 * The token.
 */
token: string, 
/**
 * Its cosine with the query.
 */
cosine: number, };

export type W2vNeighbourRow = { 
/**
 * The token asked.
 */
token: string, 
/**
 * Whether it has a vector (false: not in the vocabulary).
 */
known: boolean, 
/**
 * Its nearest tokens now.
 */
now: Array<W2vNeighbour>, 
/**
 * Its nearest tokens when the first epoch ended (none before that).
 */
firstEpoch: Array<W2vNeighbour> | null, };

export type W2vProgress = { 
/**
 * Loss per example of each step of this slice.
 */
losses: Array<number>, 
/**
 * Steps taken in all.
 */
steps: number, 
/**
 * Epochs done, with the current one's fraction.
 */
epochs: number, 
/**
 * The learning rate now.
 */
lr: number, 
/**
 * Examples (skip-gram: pairs) trained per second in this slice.
 */
examplesPerSecond: number, 
/**
 * The epochs asked are done.
 */
finished: boolean, 
/**
 * The loss blew up.
 */
diverged: boolean, };

export type W2vSettings = { 
/**
 * Skip-gram or CBOW.
 */
method: W2vMethod, 
/**
 * Values per vector.
 */
dim: number, 
/**
 * Tokens on each side of the centre, at most.
 */
window: number, 
/**
 * Noise tokens per example.
 */
negatives: number, 
/**
 * Subsampling threshold (0: keep every occurrence; the tool's default is 1e-3).
 */
subsample: number, 
/**
 * Starting learning rate (falls linearly to 1/10,000 of it).
 */
lr: number, 
/**
 * Passes over the corpus.
 */
epochs: number, 
/**
 * Examples per step.
 */
batch: number, 
/**
 * Seed of the starting vectors and of every draw.
 */
seed: number, };

export type W2vSetup = { 
/**
 * Tokens with a vector.
 */
vocab: number, 
/**
 * Distinct tokens in the text (those beyond the vocabulary are dropped).
 */
distinct: number, 
/**
 * Token occurrences trained on (out-of-vocabulary ones dropped).
 */
tokens: number, 
/**
 * Sentences (lines) trained on.
 */
sentences: number, 
/**
 * The most frequent tokens.
 */
top: Array<W2vTokenCount>, 
/**
 * Trainable values: two tables of `vocab × dim`.
 */
params: number, };

export type W2vSpec = { source: TextSource, unit: TokenUnit, maxVocab: number, minCount: number, settings: W2vSettings, };

export type W2vTokenCount = { 
/**
 * The token.
 */
token: string, 
/**
 * Its occurrences in the corpus.
 */
count: number, };

export type WeightStats = { 
/**
 * All weights (not biases).
 */
histogram: Histogram, 
/**
 * Weights exactly zero.
 */
zeros: number, 
/**
 * Weights in all.
 */
total: number, };

export type WriteConfig = { 
/**
 * Text fed in first, or the first character of each line (acrostic).
 */
prompt: string, 
/**
 * Force one prompt character at the start of each line.
 */
acrostic: boolean, 
/**
 * Softmax temperature: 0 always takes the likeliest token.
 */
temperature: number, 
/**
 * Keep only the k likeliest tokens (0: all).
 */
topK: number, 
/**
 * Keep the fewest likeliest tokens whose probability reaches p (1: all).
 */
topP: number, 
/**
 * Tokens to write.
 */
length: number, 
/**
 * Seed of the draws.
 */
seed: number, };

/** Which reply kind answers which request type. */
export type ReplyKinds = {
  cancel: "done";
  crash: "done";
  loseDevice: "done";
  memory: "memory";
  diagnose: "diagnosis";
  matmulBench: "matmul";
  tokenize: "tokens";
  trainBpe: "bpe";
  encodeBpe: "bpeTokens";
  inspect: "inspection";
  head: "head";
  nearest: "neighbours";
  similarity: "similarity";
  visionSetup: "visionSetup";
  visionTrain: "visionProgress";
  visionInspect: "visionInspection";
  visionCompress: "visionCompression";
  visionExport: "visionFile";
  visionImport: "visionImported";
  sequenceSetup: "sequenceSetup";
  sequenceTrain: "sequenceProgress";
  sequenceSample: "sample";
  sequenceGradients: "gradientFlow";
  sequenceGates: "gates";
  sequenceExport: "sequenceFile";
  sequenceImport: "sequenceImported";
  conceptsSetup: "conceptsSetup";
  conceptsTrain: "conceptsProgress";
  conceptsRace: "race";
  conceptsNorm: "normDemo";
  conceptsDropout: "dropoutDemo";
  conceptsView: "conceptsProgress";
  conceptsExport: "conceptsFile";
  conceptsImport: "conceptsImported";
  gptSetup: "gptSetup";
  gptTrain: "gptProgress";
  gptSample: "gptSample";
  gptInspect: "gptInspection";
  gptHead: "gptHead";
  gptPositions: "gptPositions";
  gptLineupSetup: "gptLineup";
  gptLineupTrain: "gptLineupProgress";
  gptLineupLosses: "gptLineupLosses";
  gptCache: "gptCache";
  gptShare: "gptShared";
  gptExport: "gptFile";
  gptImport: "gptImported";
  loraSetup: "loraSetup";
  loraTrain: "loraProgress";
  loraSample: "loraSample";
  loraInside: "loraInside";
  loraMerge: "loraMerge";
  loraExport: "loraExport";
  loraImport: "loraImport";
  precisionFormats: "precisionFormats";
  precisionLoad: "precisionLoaded";
  precisionLayer: "precisionLayer";
  precisionTable: "precisionTable";
  precisionActivations: "precisionActivations";
  precisionSpeed: "precisionSpeed";
  precisionHalf: "precisionHalf";
  precisionSte: "precisionSte";
  precisionQatSetup: "precisionQatSetup";
  precisionQatTrain: "precisionQatProgress";
  precisionMixedSetup: "precisionMixedSetup";
  precisionMixedTrain: "precisionMixedProgress";
  w2vSetup: "w2vSetup";
  w2vTrain: "w2vProgress";
  w2vNeighbours: "w2vNeighbours";
  w2vAnalogy: "w2vAnalogy";
  w2vMap: "w2vMap";
  w2vCounts: "w2vCounts";
  aeSetup: "aeSetup";
  aeTrain: "aeProgress";
  aeView: "aeView";
  aeDecode: "aeImages";
  aeEncode: "aeCode";
  contextual: "contextual";
  w2vExport: "w2vFile";
  w2vImport: "w2vImported";
  aeExport: "aeFile";
  aeImport: "aeImported";
  aeBetaSetup: "aeBetaSetup";
  aeBetaRound: "aeBetaRound";
};
