import type { MessagePort } from 'node:worker_threads'
import type { Hyperparameters } from '../hyperparameters.js'
import type { TrainerErrorCode } from '../TrainerError.js'
import type { TrainingSetup } from './engine/trainingMemory.js'
import type { LlamaConfig } from './llamaConfig.js'
import type { PackedExamples } from './packExamples.js'
import type { FineTuneEvent } from './runFineTune.js'

/** What the parent sends the training worker (once, buffers transferred). */
export type WorkerRequest = {
  type: 'train'
  config: LlamaConfig
  /** Base `model.safetensors` bytes, already checked by the parent. */
  weights: Uint8Array
  packed: PackedExamples
  hyperparameters: Hyperparameters
  epochs: number
  /** Training threads (the worker and threads − 1 helpers); results do not depend on it. */
  threads: number
}

/** What the training worker sends back, in order: ready, steps and epochs, then done or error. */
export type WorkerEvent =
  | { type: 'ready'; trainableParameters: number }
  | FineTuneEvent
  | { type: 'done' }
  | { type: 'error'; code: TrainerErrorCode; message: string }

/** What the training worker sends each helper thread (once). */
export type HelperRequest = {
  setup: TrainingSetup
  index: number
  packed: PackedExamples
  /** Where the helper reports its failure (read synchronously by the blocked coordinator). */
  errors: MessagePort
}

/** A helper's failure report. */
export type HelperFailure = { code: TrainerErrorCode; message: string }
