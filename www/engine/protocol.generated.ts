// Generated from src/protocol.rs by `cargo test protocol_ts_is_current`
// (set KINDLING_BLESS=1 to rewrite). Do not edit by hand.

export type BackendPreference = "auto" | "webgpu" | "cpu";

export type BackendKind = "webgpu" | "cpu";

export type BackendInfo = { 
/**
 * The backend in use.
 */
kind: BackendKind, 
/**
 * The WebGPU adapter's name as the browser reports it; `None` on the CPU
 * or where the browser keeps it private.
 */
adapter: string | null, };

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

export type DiagnosticsReport = { 
/**
 * Each check in the order run.
 */
checks: Array<Check>, 
/**
 * All checks passed.
 */
passed: boolean, };

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

export type MatmulReport = { 
/**
 * One entry per size, in the order asked.
 */
timings: Array<MatmulTiming>, };

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
error: string | null, 
/**
 * Time to tokenize (not to load), in milliseconds.
 */
ms: number, };

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

export type Reply = { "kind": "diagnosis", "value": DiagnosticsReport } | { "kind": "matmul", "value": MatmulReport } | { "kind": "tokens", "value": Array<TokenRow> } | { "kind": "bpe", "value": Array<Merge> } | { "kind": "bpeTokens", "value": Tokenization } | { "kind": "done" };

export type Request = { "type": "init", id: number, backend: BackendPreference, } | { "type": "diagnose", id: number, } | { "type": "matmulBench", id: number, sizes: Array<number>, minMs: number, } | { "type": "tokenize", id: number, text: string, tokenizers: Array<TokenizerId>, maxTokens: number, } | { "type": "trainBpe", id: number, corpus: string, merges: number, } | { "type": "encodeBpe", id: number, text: string, upto: number, } | { "type": "cancel", id: number, target: number, } | { "type": "crash", id: number, } | { "type": "loseDevice", id: number, };

export type Event = { "type": "ready", id: number, backend: BackendInfo, fallback: string | null, initMs: number, } | { "type": "progress", id: number, stage: string, loaded: number, total: number, } | { "type": "result", id: number, result: Reply, } | { "type": "cancelled", id: number, } | { "type": "error", id: number, message: string, fatal: boolean, } | { "type": "deviceLost", message: string, };
