import { ACCEPTED_SHAPES_TEXT, rowsText } from './describeExamples.js'
import { ExampleError } from './ExampleError.js'

/**
 * Refuses a dataset without a single trainable row (`DATASET_NOT_TRAINABLE`), before anything is encrypted or
 * uploaded. `description` (e.g. `describeExamples` of a full inspection) replaces the sentence built from counts.
 */
export function assertTrainable(
  counts: { trainable: number; untrainable: number },
  description?: string | undefined,
): void {
  if (counts.trainable > 0) return
  throw new ExampleError('No row of the file can be trained on.', {
    code: 'DATASET_NOT_TRAINABLE',
    details:
      description ??
      (counts.untrainable === 0
        ? 'The file has no rows: it is empty or holds only blank lines.'
        : `None of its ${rowsText(counts.untrainable)} is in an accepted shape: ${ACCEPTED_SHAPES_TEXT}.`),
  })
}
