import { availableParallelism } from 'node:os'
import { buildAdapterConfig } from '../adapterConfig.js'
import { checkLoadedBaseModel, type LoadedBaseModel, loadBaseModel } from '../baseModel.js'
import { toEpochResult } from '../epochResult.js'
import { parseTrainParameters } from '../parseTrainParameters.js'
import { createStopper, type EarlyStop } from '../stopper.js'
import type { AdapterFiles, EpochResult, Trainer, TrainParameters, TrainResult } from '../Trainer.js'
import { TrainerError } from '../TrainerError.js'
import { packExamples, packedCount } from './packExamples.js'
import { runWorker } from './runWorker.js'

/** Name the embedded trainer reports. */
export const EMBEDDED_TRAINER_NAME = 'embedded-wasm-simd'

/** Most training threads the embedded trainer runs. */
export const MAX_EMBEDDED_THREADS = 16

/** Options of the embedded trainer. */
export type EmbeddedTrainerOptions = {
  /**
   * Training threads per run (1-16; default: 2, or 1 on a single-core machine). The adapter does not depend on
   * it: every step is cut into the same shards and their gradients are summed in the same order.
   */
  threads?: number | undefined
}

/**
 * Creates the embedded trainer: LoRA on a small Llama-shaped byte-level model, with hand-written forward and
 * backward passes over WebAssembly SIMD kernels, in worker threads per run (CPU, offline, deterministic given the
 * seed). Needs `hyperparameters.dropout` = 0 and `maxSeqLen` within the base model's `max_position_embeddings`.
 */
export function createEmbeddedTrainer(options: EmbeddedTrainerOptions = {}): Trainer {
  const threads = options.threads ?? Math.min(2, availableParallelism())
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_EMBEDDED_THREADS) {
    throw new TrainerError('The embedded trainer needs 1-16 threads.', {
      code: 'TRAINER_INVALID_PARAMETERS',
      details: `threads ${threads}`,
    })
  }
  return { name: EMBEDDED_TRAINER_NAME, train: (parameters) => trainEmbedded(parameters, threads) }
}

async function trainEmbedded(parameters: TrainParameters, threads: number): Promise<TrainResult> {
  const started = performance.now()
  const { epochs, timeBudgetMs, hyperparameters } = parseTrainParameters(parameters)
  const stopper = createStopper(parameters.signal, timeBudgetMs)
  const epochResults: EpochResult[] = []
  let adapter: AdapterFiles | undefined
  let examples = 0
  let trainableParameters = 0
  const result = (stopReason: TrainResult['stopReason']): TrainResult => ({
    stopReason,
    epochsRequested: epochs,
    epochs: epochResults,
    adapter,
    examples,
    trainableParameters,
    trainer: EMBEDDED_TRAINER_NAME,
    seconds: (performance.now() - started) / 1000,
  })
  try {
    if (hyperparameters.dropout !== 0) {
      throw new TrainerError('The embedded trainer does not support LoRA dropout.', {
        code: 'TRAINER_INVALID_PARAMETERS',
        details: `dropout ${hyperparameters.dropout}, expected 0`,
      })
    }
    const base: LoadedBaseModel =
      'weights' in parameters.baseModel ? parameters.baseModel : await loadBaseModel(parameters.baseModel)
    if ('weights' in parameters.baseModel) checkLoadedBaseModel(base)
    if (hyperparameters.maxSeqLen > base.config.max_position_embeddings) {
      throw new TrainerError('maxSeqLen exceeds the base model context.', {
        code: 'TRAINER_INVALID_PARAMETERS',
        details: `maxSeqLen ${hyperparameters.maxSeqLen} > max_position_embeddings ${base.config.max_position_embeddings}`,
      })
    }
    const adapterConfig = buildAdapterConfig(base.id, hyperparameters)

    const packing = packExamples(
      parameters.examples,
      hyperparameters.maxSeqLen,
      () => stopper.reason() !== undefined,
    )
    // When the stopper wins the race, the stream is left to end on its own; its later failure is of no interest.
    packing.catch(() => undefined)
    const packed = await Promise.race([packing, stopper.stopped])
    if (typeof packed === 'string' || packed === undefined) return result(stopper.reason() ?? 'aborted')
    examples = packedCount(packed)
    if (examples === 0)
      throw new TrainerError('The example stream held no example.', { code: 'TRAINER_NO_EXAMPLES' })

    const outcome = await runWorker(
      {
        type: 'train',
        config: base.config,
        weights: base.weights.slice(),
        packed,
        hyperparameters,
        epochs,
        threads,
      },
      stopper,
      async (event): Promise<EarlyStop | undefined> => {
        switch (event.type) {
          case 'ready':
            trainableParameters = event.trainableParameters
            parameters.onProgress?.({ type: 'start', examples, trainableParameters, device: 'cpu-wasm' })
            return undefined
          case 'step':
            parameters.onProgress?.(event)
            return undefined
          case 'epoch': {
            const epochResult = await toEpochResult(event)
            epochResults.push(epochResult)
            adapter = { safetensors: event.adapter, config: adapterConfig }
            parameters.onProgress?.({ type: 'epoch', result: epochResult })
            // Do not start an epoch that cannot finish within the budget.
            if (event.epoch < epochs && stopper.remainingMs() < event.seconds * 1000) return 'time_budget'
            return undefined
          }
          case 'done':
            return undefined
        }
      },
    )
    return result(outcome.stopped ?? 'completed')
  } finally {
    stopper.dispose()
  }
}
