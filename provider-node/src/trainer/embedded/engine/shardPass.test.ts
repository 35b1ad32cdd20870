import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { collateBatch } from '../batches.js'
import { EMBEDDED_BASE_CONFIG } from '../embeddedBaseModel.js'
import { LLAMA_PROJECTIONS, type LlamaConfig } from '../llamaConfig.js'
import { useWasmBackend } from '../wasmBackend.js'
import { buildShard } from './buildShard.js'
import { createEnginePair, type EnginePair, packTokens } from './fixtures/engineFixture.js'
import type { LoraSettings } from './modelLayout.js'
import { shardPass } from './shardPass.js'

beforeAll(async () => {
  await useWasmBackend()
})

const small: LlamaConfig = {
  ...EMBEDDED_BASE_CONFIG,
  hidden_size: 16,
  intermediate_size: 24,
  num_attention_heads: 2,
  num_key_value_heads: 2,
  max_position_embeddings: 32,
}

/** Examples of varied lengths: learned tails, a fully learned one, one with nothing learned, one of length 1. */
const packed = packTokens([
  { ids: [256, 72, 101, 108, 108, 111, 257], learned: [0, 0, 0, 1, 1, 1, 1] },
  {
    ids: [256, 259, 65, 66, 257, 261, 67, 68, 69, 257, 260, 70],
    learned: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0],
  },
  { ids: [256, 1, 2, 3, 4], learned: [0, 1, 1, 1, 1] },
  { ids: [256, 9, 8], learned: [0, 0, 0] },
  { ids: [256], learned: [0] },
  {
    ids: [256, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 257],
    learned: [0, ...Array(20).fill(1)],
  },
])
const everyExample = [0, 1, 2, 3, 4, 5]

/** Relative L2 error of each variable's gradient, engine vs tfjs, and both losses. */
function compare(pair: EnginePair, examples: number[]) {
  const batch = collateBatch(packed, examples)
  const loss =
    shardPass(
      pair.c,
      pair.layout,
      pair.rotary,
      buildShard(packed, examples),
      pair.grads,
      1 / batch.lossTokens,
      pair.arena,
    ) / batch.lossTokens
  const { value, grads } = tf.variableGrads(
    () =>
      pair.reference.loss(
        tf.tensor2d(batch.ids, [batch.rows, batch.length], 'int32'),
        tf.tensor1d(batch.targets, 'int32'),
        tf.tensor1d(batch.weights),
      ),
    pair.variables,
  )
  let offset = pair.grads
  const errors = pair.variables.map((variable) => {
    const expected = grads[variable.name]!.dataSync()
    let difference = 0
    let norm = 0
    for (let i = 0; i < variable.size; i++) {
      difference += (expected[i]! - pair.c.F[offset + i]!) ** 2
      norm += expected[i]! ** 2
    }
    offset += variable.size
    return Math.sqrt(difference / norm)
  })
  return { loss, referenceLoss: value.dataSync()[0]!, worstGradientError: Math.max(...errors) }
}

describe('shardPass', () => {
  test('default', () => {
    const lora: LoraSettings = { rank: 4, alpha: 8, targetModules: [...LLAMA_PROJECTIONS] }
    const result = compare(createEnginePair(small, lora, 1), everyExample)
    expect(Math.abs(result.loss - result.referenceLoss) / result.referenceLoss).toBeLessThan(1e-6)
    expect(result.worstGradientError).toBeLessThan(1e-5)
  })

  test('args: three layers, untied head, some projections', () => {
    const config = { ...small, num_hidden_layers: 3, tie_word_embeddings: false }
    const lora: LoraSettings = {
      rank: 3,
      alpha: 12,
      targetModules: ['q_proj', 'v_proj', 'o_proj', 'down_proj'],
    }
    const result = compare(createEnginePair(config, lora, 2), [5, 2, 1, 0])
    expect(Math.abs(result.loss - result.referenceLoss) / result.referenceLoss).toBeLessThan(1e-6)
    expect(result.worstGradientError).toBeLessThan(1e-5)
  })

  test('args: one layer (the first layer is also the last)', () => {
    const config = { ...small, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 4 }
    const lora: LoraSettings = { rank: 2, alpha: 2, targetModules: ['k_proj', 'gate_proj', 'up_proj'] }
    const result = compare(createEnginePair(config, lora, 3), [1, 3, 5])
    expect(Math.abs(result.loss - result.referenceLoss) / result.referenceLoss).toBeLessThan(1e-6)
    expect(result.worstGradientError).toBeLessThan(1e-5)
  })

  test('behavior: shards of a batch add up to the whole batch (loss sums and gradients)', () => {
    const pair = createEnginePair(small, { rank: 4, alpha: 8, targetModules: [...LLAMA_PROJECTIONS] }, 4)
    const { c, layout, rotary, arena, grads } = pair
    const count = layout.params.count
    const pass = (examples: number[]) => {
      const loss = shardPass(c, layout, rotary, buildShard(packed, examples), grads, 0.5, arena)
      return { loss, grads: c.F.slice(grads, grads + count) }
    }
    const whole = pass(everyExample)
    const first = pass([0, 1, 2])
    const second = pass([3, 4, 5])
    expect(Math.abs(first.loss + second.loss - whole.loss) / whole.loss).toBeLessThan(1e-6)
    let difference = 0
    let norm = 0
    for (let i = 0; i < count; i++) {
      difference += (first.grads[i]! + second.grads[i]! - whole.grads[i]!) ** 2
      norm += whole.grads[i]! ** 2
    }
    expect(Math.sqrt(difference / norm)).toBeLessThan(1e-6)
    // Arena space is released after every pass.
    const top = arena.top
    pass(everyExample)
    expect(arena.top).toBe(top)
  })

  test('behavior: a shard without loss positions returns 0 and zero gradients', () => {
    const pair = createEnginePair(small, { rank: 4, alpha: 8, targetModules: ['q_proj'] }, 5)
    pair.c.F.fill(7, pair.grads, pair.grads + pair.layout.params.count)
    const loss = shardPass(
      pair.c,
      pair.layout,
      pair.rotary,
      buildShard(packed, [3, 4]),
      pair.grads,
      1,
      pair.arena,
    )
    expect(loss).toBe(0)
    expect(pair.c.F.subarray(pair.grads, pair.grads + pair.layout.params.count).every((v) => v === 0)).toBe(
      true,
    )
  })
})
