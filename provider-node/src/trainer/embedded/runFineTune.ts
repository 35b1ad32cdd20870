import type { Hyperparameters } from '../hyperparameters.js'
import { writeSafetensors } from '../safetensors/writeSafetensors.js'
import { collateBatch, planEpoch } from './batches.js'
import { learningRateAt } from './learningRate.js'
import { type PackedExamples, packedCount } from './packExamples.js'
import { createRng } from './rng.js'
import type { TinyLlama } from './tinyLlama.js'
import { createAdam, trainStep } from './trainStep.js'

/** Events of a fine-tuning run. */
export type FineTuneEvent =
  | { type: 'step'; epoch: number; step: number; totalSteps: number; loss: number; tokensPerSecond: number }
  | {
      type: 'epoch'
      epoch: number
      samples: number
      meanLoss: number
      tokens: number
      seconds: number
      adapter: Uint8Array
    }

/** Metadata of every adapter file: what PEFT's loader expects. */
export const ADAPTER_METADATA = { format: 'pt' } as const

/** Seed offset of the data-order generator, so data order and adapter init draw from different streams. */
const DATA_ORDER_SEED = 0x9e3779b9

/**
 * Runs LoRA fine-tuning synchronously: `epochs` passes over the examples in seeded order with a warmup + cosine
 * schedule, emitting each step and, after each epoch, the mean loss per learned token and the adapter's
 * safetensors bytes. The model must already carry its LoRA adapters.
 */
export function runFineTune(
  model: TinyLlama,
  packed: PackedExamples,
  hyperparameters: Hyperparameters,
  epochs: number,
  emit: (event: FineTuneEvent) => void,
): void {
  const variables = model.trainableVariables()
  const optimizer = createAdam()
  const order = createRng((hyperparameters.seed ^ DATA_ORDER_SEED) >>> 0)
  const samples = packedCount(packed)
  const stepsPerEpoch = Math.ceil(samples / hyperparameters.batchSize)
  const schedule = {
    peak: hyperparameters.learningRate,
    totalSteps: stepsPerEpoch * epochs,
    warmupRatio: hyperparameters.warmupRatio,
    minRatio: hyperparameters.minLearningRateRatio,
  }
  let step = 0
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const started = performance.now()
      let lossSum = 0
      let lossTokens = 0
      let tokens = 0
      for (const indices of planEpoch(packed, hyperparameters.batchSize, order)) {
        const batch = collateBatch(packed, indices)
        const loss = trainStep(
          model,
          optimizer,
          variables,
          batch,
          learningRateAt(step, schedule),
          hyperparameters.maxGradNorm,
        )
        step++
        lossSum += loss * batch.lossTokens
        lossTokens += batch.lossTokens
        tokens += batch.tokens
        const elapsed = (performance.now() - started) / 1000
        emit({
          type: 'step',
          epoch,
          step,
          totalSteps: schedule.totalSteps,
          loss,
          tokensPerSecond: tokens / elapsed,
        })
      }
      emit({
        type: 'epoch',
        epoch,
        samples,
        meanLoss: lossSum / Math.max(1, lossTokens),
        tokens,
        seconds: (performance.now() - started) / 1000,
        adapter: writeSafetensors(model.exportLora(), ADAPTER_METADATA),
      })
    }
  } finally {
    optimizer.dispose()
  }
}
