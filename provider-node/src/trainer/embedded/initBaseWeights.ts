import type { Float32Tensor } from '../safetensors/writeSafetensors.js'
import { baseWeightShapes, type LlamaConfig } from './llamaConfig.js'
import type { Rng } from './rng.js'

/** Standard deviation of the normal init of embeddings and projections (Hugging Face `initializer_range`). */
export const INITIALIZER_RANGE = 0.02

/** Fresh base weights for pretraining: N(0, 0.02) matrices and unit RMSNorm scales, drawn in name order. */
export function initBaseWeights(config: LlamaConfig, rng: Rng): Record<string, Float32Tensor> {
  const out: Record<string, Float32Tensor> = {}
  for (const [name, shape] of Object.entries(baseWeightShapes(config))) {
    const data = new Float32Array(shape.reduce((product, dim) => product * dim, 1))
    if (shape.length === 1) data.fill(1)
    else for (let i = 0; i < data.length; i++) data[i] = rng.normal() * INITIALIZER_RANGE
    out[name] = { shape, data }
  }
  return out
}
