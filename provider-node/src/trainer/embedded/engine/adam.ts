/** Adam as tfjs implements it (ε = 1e-7 as on its WebAssembly backend), over flat float arrays. */
export type Adam = {
  /**
   * One update of `params` from `grads` (both `count` floats from their offsets in `memory`), after scaling the
   * gradients by `gradScale` (the clip factor).
   */
  step(memory: Float32Array, params: number, grads: number, gradScale: number, learningRate: number): void
}

const BETA1 = 0.9
const BETA2 = 0.999
const EPSILON = 1e-7

/** Creates Adam state for `count` parameters (β1 0.9, β2 0.999). */
export function createAdam(count: number): Adam {
  const first = new Float32Array(count)
  const second = new Float32Array(count)
  let beta1Power = 1
  let beta2Power = 1
  return {
    step(memory, params, grads, gradScale, learningRate) {
      beta1Power *= BETA1
      beta2Power *= BETA2
      const correction1 = 1 - beta1Power
      const correction2 = 1 - beta2Power
      for (let i = 0; i < count; i++) {
        const g = memory[grads + i]! * gradScale
        first[i] = BETA1 * first[i]! + (1 - BETA1) * g
        second[i] = BETA2 * second[i]! + (1 - BETA2) * g * g
        const m = first[i]!
        const v = second[i]!
        memory[params + i] =
          memory[params + i]! - (learningRate * (m / correction1)) / (Math.sqrt(v / correction2) + EPSILON)
      }
    },
  }
}

/** Factor that brings the global L2 norm of `count` gradients down to `maxNorm` (1 when within it or maxNorm = 0). */
export function clipFactor(memory: Float32Array, grads: number, count: number, maxNorm: number): number {
  if (maxNorm <= 0) return 1
  let squares = 0
  for (let i = grads; i < grads + count; i++) squares += memory[i]! * memory[i]!
  const norm = Math.sqrt(squares)
  return norm > maxNorm ? maxNorm / norm : 1
}
