import type { Hex } from 'viem'
import type { Example } from '../dataset/parseExample.js'
import type { LoadedBaseModel } from './baseModel.js'
import type { HyperparametersInput } from './hyperparameters.js'

/** A base model on disk in Hugging Face layout (`config.json` + weights), with the hashes it must match. */
export type BaseModelRef = {
  /** Published identifier, written into `adapter_config.json` as `base_model_name_or_path`. */
  id: string
  /** Directory holding `config.json` and `model.safetensors`. */
  path: string
  /** Expected sha256 of `model.safetensors` (checked by trainers that load the weights). */
  sha256?: Hex | undefined
  /** Expected sha256 of `config.json` (checked by trainers that load the weights). */
  configSha256?: Hex | undefined
}

/** One training run's inputs. */
export type TrainParameters = {
  /** Validated examples, read once (e.g. `readExamples(decryptedStream)`). */
  examples: AsyncIterable<Example>
  /** Base model to adapt: a directory, or (embedded trainer only) one already loaded. */
  baseModel: BaseModelRef | LoadedBaseModel
  hyperparameters?: HyperparametersInput | undefined
  /** Epochs requested (1-65535, the contract's uint16). */
  epochs: number
  /**
   * Wall-clock budget in ms from the call, data loading included. When it runs out the unfinished epoch is
   * dropped; an epoch predicted not to fit in what is left is not started.
   */
  timeBudgetMs?: number | undefined
  /** Aborting stops training at once; the unfinished epoch is dropped. */
  signal?: AbortSignal | undefined
  /** Called synchronously for every event; an exception thrown here stops training and rejects `train`. */
  onProgress?: ((event: TrainProgress) => void) | undefined
}

/** Progress of a run. */
export type TrainProgress =
  | { type: 'start'; examples: number; trainableParameters: number; device: string }
  | { type: 'step'; epoch: number; step: number; totalSteps: number; loss: number; tokensPerSecond: number }
  | { type: 'epoch'; result: EpochResult }

/**
 * One finished epoch: everything an `EpochReceipt` needs besides `jobId` and `prevReceipt`.
 * `adapterHash` = keccak256 of the `adapter_model.safetensors` bytes as they stood at the end of this epoch
 * (the final adapter's bytes hash to the last epoch's `adapterHash`).
 */
export type EpochResult = {
  /** 1-based epoch number. */
  epoch: number
  /** Examples trained in this epoch. */
  samples: bigint
  /** round(meanLoss × 1e6). */
  lossMicro: bigint
  /** keccak256 of the adapter safetensors bytes at the end of this epoch. */
  adapterHash: Hex
  /** Mean loss per learned token over the epoch. */
  meanLoss: number
  /** Input tokens processed (padding excluded). */
  tokens: number
  seconds: number
  tokensPerSecond: number
}

/** A PEFT-layout LoRA adapter, in memory. */
export type AdapterFiles = {
  /** `adapter_model.safetensors` bytes. */
  safetensors: Uint8Array
  /** `adapter_config.json` bytes. */
  config: Uint8Array
}

/** Why a run ended: all epochs done, the time budget ran out, or the signal aborted it. */
export type StopReason = 'completed' | 'time_budget' | 'aborted'

/** Outcome of a run. Only whole epochs count. */
export type TrainResult = {
  stopReason: StopReason
  epochsRequested: number
  /** Finished epochs, in order. */
  epochs: EpochResult[]
  /** Adapter at the end of the last finished epoch; undefined when no epoch finished. */
  adapter: AdapterFiles | undefined
  /** Examples read (0 when stopped before reading finished). */
  examples: number
  trainableParameters: number
  /** Name of the trainer that ran. */
  trainer: string
  seconds: number
}

/** Fine-tunes a LoRA adapter on a stream of examples. */
export interface Trainer {
  readonly name: string
  /** Trains, reporting progress; resolves with whole epochs only. */
  train(parameters: TrainParameters): Promise<TrainResult>
}
