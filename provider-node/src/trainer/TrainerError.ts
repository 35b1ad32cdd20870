import { BaseError } from '../errors.js'

/** Stable codes of every trainer failure. */
export type TrainerErrorCode =
  /** Hyperparameters, epochs, time budget or base model reference out of range. */
  | 'TRAINER_INVALID_PARAMETERS'
  /** The base model's files are unreadable or do not describe a model this trainer runs. */
  | 'TRAINER_BASE_MODEL_INVALID'
  /** The base model's bytes do not hash to the expected value. */
  | 'TRAINER_BASE_MODEL_MISMATCH'
  /** The example stream ended without an example. */
  | 'TRAINER_NO_EXAMPLES'
  /** Training diverged: a loss was NaN or infinite. */
  | 'TRAINER_NON_FINITE_LOSS'
  /** The embedded trainer's worker thread failed or exited early. */
  | 'TRAINER_WORKER_FAILED'
  /** The external trainer process could not start, reported an error or exited without finishing. */
  | 'TRAINER_PROCESS_FAILED'
  /** The external trainer process wrote output that breaks the JSON-lines protocol. */
  | 'TRAINER_PROTOCOL_ERROR'
  /** An adapter produced by a trainer is not a valid PEFT adapter. */
  | 'TRAINER_ADAPTER_INVALID'

/** Error thrown by trainers. Never carries dataset content. */
export class TrainerError extends BaseError<TrainerErrorCode> {
  override name = 'TrainerError'
}
