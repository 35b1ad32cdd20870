import { BaseError } from '../errors.js'

/** Stable codes of the example parser's verdicts. */
export type ExampleErrorCode =
  /** The file has no row the trainer can learn from (empty, not JSONL, or every row untrainable). */
  'DATASET_NOT_TRAINABLE'

/** Error thrown when a dataset cannot be trained on; its details say why in one sentence, never with content. */
export class ExampleError extends BaseError<ExampleErrorCode> {
  override name = 'ExampleError'
}
