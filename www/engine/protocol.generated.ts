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
 * The WebGPU adapter's name as the browser reports it; `None` on the CPU.
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

export type Reply = { "kind": "diagnosis", "value": DiagnosticsReport } | { "kind": "matmul", "value": MatmulReport } | { "kind": "done" };

export type Request = { "type": "init", id: number, backend: BackendPreference, } | { "type": "diagnose", id: number, } | { "type": "matmulBench", id: number, sizes: Array<number>, minMs: number, } | { "type": "cancel", id: number, target: number, } | { "type": "crash", id: number, } | { "type": "loseDevice", id: number, };

export type Event = { "type": "ready", id: number, backend: BackendInfo, fallback: string | null, initMs: number, } | { "type": "progress", id: number, stage: string, loaded: number, total: number, } | { "type": "result", id: number, result: Reply, } | { "type": "cancelled", id: number, } | { "type": "error", id: number, message: string, fatal: boolean, } | { "type": "deviceLost", message: string, };
