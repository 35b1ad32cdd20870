import type { Float32Tensor } from '../safetensors/writeSafetensors.js'
import type { Batch } from './batches.js'
import { BYTE_TOKENS } from './byteTokenizer.js'
import { initBaseWeights } from './initBaseWeights.js'
import { learningRateAt } from './learningRate.js'
import type { LlamaConfig } from './llamaConfig.js'
import { createRng, type Rng } from './rng.js'
import { TinyLlama } from './tinyLlama.js'
import { createAdam, trainStep } from './trainStep.js'

/** A pretraining recipe: every input that decides the weights. */
export type PretrainRecipe = {
  config: LlamaConfig
  /** Optimizer steps. */
  steps: number
  /** Rows per step. */
  batchSize: number
  /** Tokens per row (BOS + seqLen - 1 corpus bytes). */
  seqLen: number
  /** Peak learning rate (5% warmup, cosine decay to 10%). */
  learningRate: number
  /** Seed of weight init (seed) and window sampling (seed + 1). */
  seed: number
}

/**
 * Pretrains base weights from scratch on raw corpus bytes: each row is BOS followed by a random window of the
 * corpus, every position learned. Deterministic given the recipe and the corpus (on a given tfjs backend).
 */
export function pretrainBase(
  corpus: Uint8Array,
  recipe: PretrainRecipe,
  onStep?: (step: number, loss: number) => void,
): Record<string, Float32Tensor> {
  const model = new TinyLlama(recipe.config, initBaseWeights(recipe.config, createRng(recipe.seed)), {
    trainBase: true,
  })
  const optimizer = createAdam()
  const windows = createRng((recipe.seed + 1) >>> 0)
  const schedule = { peak: recipe.learningRate, totalSteps: recipe.steps, warmupRatio: 0.05, minRatio: 0.1 }
  try {
    const variables = model.trainableVariables()
    for (let step = 0; step < recipe.steps; step++) {
      const batch = sampleWindows(corpus, recipe.batchSize, recipe.seqLen, windows)
      const loss = trainStep(model, optimizer, variables, batch, learningRateAt(step, schedule), 1)
      onStep?.(step + 1, loss)
    }
    return model.exportBase()
  } finally {
    optimizer.dispose()
    model.dispose()
  }
}

function sampleWindows(corpus: Uint8Array, rows: number, length: number, rng: Rng): Batch {
  const ids = new Int32Array(rows * length)
  const targets = new Int32Array(rows * length)
  const weights = new Float32Array(rows * length).fill(1)
  for (let row = 0; row < rows; row++) {
    const start = Math.floor(rng.uniform() * (corpus.length - length))
    const base = row * length
    ids[base] = BYTE_TOKENS.BOS
    for (let t = 1; t < length; t++) ids[base + t] = corpus[start + t - 1]!
    for (let t = 0; t < length; t++) targets[base + t] = corpus[start + t]!
  }
  return { rows, length, ids, targets, weights, tokens: rows * length, lossTokens: rows * length }
}
