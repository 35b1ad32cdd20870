import { BaseError, type BaseErrorParameters } from '../errors.js'
import type { DatasetReport } from './readExamples.js'

/** Stable codes of every dataset failure (a bad line is not a failure: it is counted in the report). */
export type DatasetErrorCode =
  /** The stream ended without a single row (empty, or blank lines only). */
  | 'DATASET_EMPTY'
  /** The stream has rows but none the trainer can learn from (each is counted by reason in the report). */
  | 'DATASET_NOT_TRAINABLE'
  /** The stream is longer than `maxBytes`. */
  | 'DATASET_TOO_LARGE'
  /** The stream holds more than `maxExamples` valid examples. */
  | 'DATASET_TOO_MANY_EXAMPLES'
  /** An option is out of range. */
  | 'DATASET_INVALID_OPTIONS'
  /** An example stream was iterated a second time. */
  | 'DATASET_ALREADY_CONSUMED'

/** Error thrown while reading a JSONL dataset; carries the report so far (counts and line numbers only). */
export class DatasetError extends BaseError<DatasetErrorCode> {
  override name = 'DatasetError'
  /** What was read before the failure, when the failure happened while reading. */
  readonly report: DatasetReport | undefined

  constructor(
    shortMessage: string,
    { report, ...parameters }: BaseErrorParameters<DatasetErrorCode> & { report?: DatasetReport | undefined },
  ) {
    super(shortMessage, parameters)
    this.report = report
  }
}
