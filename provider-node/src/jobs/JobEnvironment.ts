import type { DataPolicyDomain, Logger, StorageAdapter } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import type { ReadExamplesOptions } from '../dataset/readExamples.js'
import type { ProviderMetrics } from '../metrics/createProviderMetrics.js'
import type { LoadedBaseModel } from '../trainer/baseModel.js'
import type { HyperparametersInput } from '../trainer/hyperparameters.js'
import type { BaseModelRef, Trainer } from '../trainer/Trainer.js'

/** Limits every job runs under. */
export type JobLimits = {
  /** Largest dataset ciphertext accepted, bytes. */
  maxDatasetBytes: number
  /** Longest training time per job, seconds (also capped by the job's deadline). */
  maxTrainingSeconds: number
  /** Time kept before the job deadline for delivery and settlement, seconds. */
  deliveryMarginSeconds: number
  /** Limits of the JSONL reader. */
  readOptions?: ReadExamplesOptions | undefined
}

/** What the pipeline of every job shares: chain identity, storage, trainer, model, limits, observability. */
export type JobEnvironment = {
  chainId: number
  dataPolicy: Address
  domain: DataPolicyDomain
  storage: StorageAdapter
  trainer: Trainer
  baseModel: BaseModelRef | LoadedBaseModel
  hyperparameters: HyperparametersInput | undefined
  codeHash: Hex
  limits: JobLimits
  log: Logger
  metrics: ProviderMetrics
  /** Clock in ms. */
  now: () => number
}
