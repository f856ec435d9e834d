// Large f32 arrays arrive from the engine as little-endian bytes (one
// Uint8Array each, see `wire::f32_bytes` in Rust); view them as floats.

/** View `bytes` as f32 values, copying only if they are misaligned. */
export function floats(bytes: Uint8Array): Float32Array {
  if (!(bytes instanceof Uint8Array)) throw new Error('the engine sent numbers in an unexpected form');
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Float32Array(bytes.slice().buffer);
}
