/** A seeded pseudo-random source: uniform floats in [0, 1) and standard normals. */
export type Rng = { uniform(): number; normal(): number }

/** Creates a deterministic generator (mulberry32 for uniforms, Box-Muller for normals) from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const normal = () => {
    const u1 = Math.max(uniform(), Number.MIN_VALUE)
    const u2 = uniform()
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
  }
  return { uniform, normal }
}

/** Shuffles an array in place (Fisher-Yates) with the given generator. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1))
    const swap = items[i]!
    items[i] = items[j]!
    items[j] = swap
  }
  return items
}
