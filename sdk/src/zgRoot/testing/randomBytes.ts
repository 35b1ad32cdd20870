/** Deterministic pseudo-random bytes (xorshift32) for reproducible tests and benchmarks; not for secrets. */
export function randomBytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(length / 4))
  let x = seed >>> 0 || 0x9e3779b9
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    words[i] = x >>> 0
  }
  return new Uint8Array(words.buffer, 0, length)
}

/** A deterministic pseudo-random number generator in [0, 1) for picking test cases: synthetic-data's mulberry32. */
export { mulberry32 as prng } from '@licen/synthetic-data'
