export { createLogger, type Logger, type LogLevel, silentLogger } from '@licen/sdk'
export { type ProviderProgramConfig, parseProviderEnvironment } from './config/parseProviderEnvironment.js'
export {
  type ProviderLimits,
  type ProviderNodeOptionsInput,
  providerLimitsSchema,
  providerNodeOptionsSchema,
} from './config/providerNodeOptions.js'
export { DatasetError, type DatasetErrorCode } from './dataset/DatasetError.js'
export type { ChatMessage, ChatRole, Example, InvalidLineReason } from './dataset/parseExample.js'
export {
  type DatasetReport,
  type ExampleStream,
  type InvalidLine,
  READ_EXAMPLES_DEFAULTS,
  type ReadExamplesOptions,
  readExamples,
} from './dataset/readExamples.js'
export { BaseError, type BaseErrorParameters } from './errors.js'
export { type CodeHash, computeCodeHash, DEFAULT_CODE_ENTRIES } from './identity/computeCodeHash.js'
export type { ImageIdentity } from './identity/ImageIdentity.js'
export type { JobErrorCode } from './jobs/JobError.js'
export type { JobStatus } from './jobs/JobRecord.js'
export type { JobView, ReceiptView, ResultView } from './jobs/jobView.js'
export {
  type ProviderNode,
  type StartProviderNodeParameters,
  startProviderNode,
} from './startProviderNode.js'
export { type LoadedBaseModel, loadBaseModel } from './trainer/baseModel.js'
export { createEmbeddedTrainer, EMBEDDED_TRAINER_NAME } from './trainer/embedded/createEmbeddedTrainer.js'
export {
  EMBEDDED_BASE_CONFIG_SHA256,
  EMBEDDED_BASE_MODEL,
  EMBEDDED_BASE_MODEL_ID,
  EMBEDDED_BASE_MODEL_SHA256,
} from './trainer/embedded/embeddedBaseModel.js'
export { hashAdapter, lossToMicro } from './trainer/epochResult.js'
export {
  createExternalTrainer,
  type ExternalTrainerOptions,
} from './trainer/external/createExternalTrainer.js'
export { TRAINER_PROTOCOL } from './trainer/external/protocol.js'
export {
  type Hyperparameters,
  type HyperparametersInput,
  hyperparametersSchema,
} from './trainer/hyperparameters.js'
export type {
  AdapterFiles,
  BaseModelRef,
  EpochResult,
  StopReason,
  Trainer,
  TrainParameters,
  TrainProgress,
  TrainResult,
} from './trainer/Trainer.js'
export { TrainerError, type TrainerErrorCode } from './trainer/TrainerError.js'
