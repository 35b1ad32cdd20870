import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { EMBEDDED_BASE_CONFIG } from './embeddedBaseModel.js'
import { initBaseWeights } from './initBaseWeights.js'
import type { LlamaConfig } from './llamaConfig.js'
import { createRng } from './rng.js'
import { TinyLlama } from './tinyLlama.js'
import { useWasmBackend } from './wasmBackend.js'

const config: LlamaConfig = {
  ...EMBEDDED_BASE_CONFIG,
  hidden_size: 16,
  intermediate_size: 24,
  num_attention_heads: 2,
  num_key_value_heads: 2,
}

beforeAll(async () => {
  await useWasmBackend()
})

const ids = () => tf.tensor2d([256, 72, 105, 257, 256, 97, 258, 258], [2, 4], 'int32')

describe('TinyLlama', () => {
  test('default', () => {
    const model = new TinyLlama(config, initBaseWeights(config, createRng(0)))
    const logits = tf.tidy(() => model.logits(ids()))
    expect(logits.shape).toEqual([8, 264])
    // Near-zero init: the next-token distribution is almost uniform, so the loss is close to ln(264).
    const loss = tf.tidy(
      () =>
        model
          .loss(
            ids(),
            tf.tensor1d([72, 105, 257, 0, 97, 0, 0, 0], 'int32'),
            tf.tensor1d([1, 1, 1, 0, 1, 0, 0, 0]),
          )
          .dataSync()[0],
    )
    expect(Math.abs(loss! - Math.log(264))).toBeLessThan(0.05)
    expect(model.trainableParameters()).toBe(0)
    logits.dispose()
    model.dispose()
  })

  test('behavior: fresh LoRA (B = 0) leaves the logits unchanged, and exports PEFT names and layouts', () => {
    const model = new TinyLlama(config, initBaseWeights(config, createRng(0)))
    const before = tf.tidy(() => model.logits(ids()).dataSync())
    model.addLora({ rank: 4, alpha: 8, targetModules: ['q_proj', 'down_proj'] }, createRng(1))
    const after = tf.tidy(() => model.logits(ids()).dataSync())
    expect(Array.from(after)).toEqual(Array.from(before))
    expect(model.trainableParameters()).toBe(2 * (4 * 16 + 16 * 4 + 4 * 24 + 16 * 4))
    const exported = model.exportLora()
    expect(
      Object.fromEntries(Object.entries(exported).map(([name, tensor]) => [name, tensor.shape])),
    ).toEqual({
      'base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight': [4, 16],
      'base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight': [16, 4],
      'base_model.model.model.layers.0.mlp.down_proj.lora_A.weight': [4, 24],
      'base_model.model.model.layers.0.mlp.down_proj.lora_B.weight': [16, 4],
      'base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight': [4, 16],
      'base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight': [16, 4],
      'base_model.model.model.layers.1.mlp.down_proj.lora_A.weight': [4, 24],
      'base_model.model.model.layers.1.mlp.down_proj.lora_B.weight': [16, 4],
    })
    const a = exported['base_model.model.model.layers.0.mlp.down_proj.lora_A.weight']!.data
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(24))
    expect(
      exported['base_model.model.model.layers.0.mlp.down_proj.lora_B.weight']!.data.every((v) => v === 0),
    ).toBe(true)
    model.dispose()
  })

  test('behavior: exportBase returns the weights it was given (Hugging Face layout)', () => {
    const weights = initBaseWeights(config, createRng(2))
    for (const trainBase of [false, true]) {
      const model = new TinyLlama(config, weights, { trainBase })
      const exported = model.exportBase()
      expect(Object.keys(exported).sort()).toEqual(Object.keys(weights).sort())
      for (const [name, tensor] of Object.entries(weights)) {
        expect(exported[name]!.shape).toEqual(tensor.shape)
        expect(exported[name]!.data).toEqual(tensor.data)
      }
      model.dispose()
    }
  })

  test('behavior: dispose frees every tensor the model made', () => {
    const before = tf.memory().numTensors
    const model = new TinyLlama(config, initBaseWeights(config, createRng(0)), { trainBase: true })
    model.addLora({ rank: 2, alpha: 4, targetModules: ['v_proj'] }, createRng(1))
    tf.tidy(() => {
      model.logits(ids())
    })
    model.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})
