import type { Hyperparameters } from '../hyperparameters.js'
import { writeSafetensors } from '../safetensors/writeSafetensors.js'
import { TrainerError } from '../TrainerError.js'
import { planEpoch } from './batches.js'
import { clipFactor, createAdam } from './engine/adam.js'
import { exportLora, refreshLoraCopies } from './engine/modelLayout.js'
import { openStep, type ShardRunner } from './engine/shardRunner.js'
import { splitBatch } from './engine/splitBatch.js'
import { CONTROL, type TrainingSetup } from './engine/trainingMemory.js'
import { learningRateAt } from './learningRate.js'
import { type PackedExamples, packedCount } from './packExamples.js'
import { createRng } from './rng.js'

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
export const DATA_ORDER_SEED = 0x9e3779b9

/**
 * Runs LoRA fine-tuning synchronously on the coordinating thread (helpers attached to the same memory take their
 * shards of every step): `epochs` passes over the examples in seeded order with a warmup + cosine schedule, Adam
 * and global-norm clipping, emitting each step and, after each epoch, the mean loss per learned token and the
 * adapter's safetensors bytes.
 */
export function runFineTune(
  setup: TrainingSetup,
  runner: ShardRunner,
  packed: PackedExamples,
  hyperparameters: Hyperparameters,
  epochs: number,
  emit: (event: FineTuneEvent) => void,
): void {
  const { F, I } = runner.compute
  const losses = new Float64Array(setup.memory.buffer)
  const { layout, control } = setup
  const count = layout.params.count
  const adam = createAdam(count)
  const order = createRng((hyperparameters.seed ^ DATA_ORDER_SEED) >>> 0)
  const samples = packedCount(packed)
  const stepsPerEpoch = Math.ceil(samples / hyperparameters.batchSize)
  const schedule = {
    peak: hyperparameters.learningRate,
    totalSteps: stepsPerEpoch * epochs,
    warmupRatio: hyperparameters.warmupRatio,
    minRatio: hyperparameters.minLearningRateRatio,
  }
  const length = (example: number) => packed.offsets[example + 1]! - packed.offsets[example]!
  const learned = (example: number) => {
    let sum = 0
    for (let t = packed.offsets[example]! + 1; t < packed.offsets[example + 1]!; t++)
      sum += packed.learned[t]!
    return sum
  }
  let step = 0
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now()
    let lossSum = 0
    let lossTokens = 0
    let tokens = 0
    for (const batch of planEpoch(packed, hyperparameters.batchSize, order)) {
      const shards = splitBatch(packed, batch)
      let batchLossTokens = 0
      let listed = 0
      shards.forEach((shard, j) => {
        I[control + CONTROL.table + 2 * j] = listed
        for (const example of shard) {
          I[setup.examples + listed++] = example
          batchLossTokens += learned(example)
          tokens += length(example)
        }
        I[control + CONTROL.table + 2 * j + 1] = listed
      })
      I[control + CONTROL.lossTokens] = batchLossTokens
      Atomics.store(I, control + CONTROL.cursor, 0)
      openStep(setup.memory, control, step + 1, shards.length)
      Atomics.add(I, control + CONTROL.generation, 1)
      Atomics.notify(I, control + CONTROL.generation)
      runner.runStep()
      runner.waitForShards(shards.length)

      let batchLoss = 0
      for (let j = 0; j < shards.length; j++) batchLoss += losses[setup.losses + j]!
      const loss = batchLoss / Math.max(1, batchLossTokens)
      if (!Number.isFinite(loss)) {
        throw new TrainerError('Training diverged.', {
          code: 'TRAINER_NON_FINITE_LOSS',
          details: `loss ${loss}`,
        })
      }
      const scale = clipFactor(F, setup.totals, count, hyperparameters.maxGradNorm)
      adam.step(F, layout.params.offset, setup.totals, scale, learningRateAt(step, schedule))
      refreshLoraCopies(F, layout)
      step++
      lossSum += batchLoss
      lossTokens += batchLossTokens
      emit({
        type: 'step',
        epoch,
        step,
        totalSteps: schedule.totalSteps,
        loss,
        tokensPerSecond: tokens / ((performance.now() - started) / 1000),
      })
    }
    emit({
      type: 'epoch',
      epoch,
      samples,
      meanLoss: lossSum / Math.max(1, lossTokens),
      tokens,
      seconds: (performance.now() - started) / 1000,
      adapter: writeSafetensors(exportLora(F, layout), ADAPTER_METADATA),
    })
  }
}

/** Tells helper threads to leave their step loop. */
export function releaseHelpers(setup: TrainingSetup): void {
  const I = new Int32Array(setup.memory.buffer)
  Atomics.store(I, setup.control + CONTROL.exit, 1)
  Atomics.add(I, setup.control + CONTROL.generation, 1)
  Atomics.notify(I, setup.control + CONTROL.generation)
}
