import { beforeAll, describe, expect, test } from 'vitest'
import { sha256Hex } from '../baseModel.js'
import { writeSafetensors } from '../safetensors/writeSafetensors.js'
import { EMBEDDED_BASE_CONFIG } from './embeddedBaseModel.js'
import { pretrainBase } from './pretrainBase.js'
import { useWasmBackend } from './wasmBackend.js'

const corpus = new TextEncoder().encode('the cat sat on the mat. '.repeat(200))
const recipe = {
  config: {
    ...EMBEDDED_BASE_CONFIG,
    hidden_size: 16,
    intermediate_size: 24,
    num_attention_heads: 2,
    num_key_value_heads: 2,
  },
  steps: 12,
  batchSize: 4,
  seqLen: 32,
  learningRate: 1e-2,
  seed: 3,
}

beforeAll(async () => {
  await useWasmBackend()
})

describe('pretrainBase', () => {
  test('default', () => {
    const losses: number[] = []
    const weights = pretrainBase(corpus, recipe, (_, loss) => losses.push(loss))
    expect(losses).toHaveLength(12)
    expect(losses.at(-1)!).toBeLessThan(losses[0]! - 0.5)
    expect(Object.keys(weights)).toHaveLength(1 + 2 * 9 + 1)
  })

  test('behavior: deterministic given the recipe; the seed changes the weights', () => {
    const hash = (seed: number) =>
      sha256Hex(writeSafetensors(pretrainBase(corpus, { ...recipe, steps: 3, seed })))
    expect(hash(3)).toBe(hash(3))
    expect(hash(4)).not.toBe(hash(3))
  })
})
