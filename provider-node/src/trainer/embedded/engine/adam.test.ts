import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { useWasmBackend } from '../wasmBackend.js'
import { clipFactor, createAdam } from './adam.js'

beforeAll(async () => {
  await useWasmBackend()
})

describe('createAdam', () => {
  test('default', () => {
    // Same parameters and gradients through tf.train.adam and ours for three steps with changing rates.
    const initial = [0.5, -1.25, 2, 0.001, -0.3]
    const gradients = [
      [0.1, -0.2, 0.3, 0, 5],
      [-0.4, 0.1, 0.1, 1e-4, -2],
      [0.2, 0.2, -0.3, 0, 0.5],
    ]
    const rates = [0.01, 0.005, 0.02]
    const variable = tf.variable(tf.tensor1d(initial))
    const reference = tf.train.adam(1, 0.9, 0.999)
    const memory = new Float32Array(16)
    memory.set(initial, 0)
    const ours = createAdam(initial.length)
    gradients.forEach((gradient, step) => {
      ;(reference as unknown as { learningRate: number }).learningRate = rates[step]!
      reference.applyGradients([{ name: variable.name, tensor: tf.tensor1d(gradient) }])
      memory.set(
        gradient.map((g) => g * 2),
        8,
      )
      ours.step(memory, 0, 8, 0.5, rates[step]!)
    })
    const expected = variable.dataSync()
    for (let i = 0; i < initial.length; i++) expect(memory[i]! - expected[i]!).toBeCloseTo(0, 6)
  })
})

describe('clipFactor', () => {
  test('default', () => {
    const memory = Float32Array.from([3, 4, 0, 99])
    expect(clipFactor(memory, 0, 3, 1)).toBe(0.2)
    expect(clipFactor(memory, 0, 3, 5)).toBe(1)
    expect(clipFactor(memory, 0, 3, 0)).toBe(1)
    expect(clipFactor(memory, 3, 1, 33)).toBe(1 / 3)
  })
})
