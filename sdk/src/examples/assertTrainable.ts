import { ACCEPTED_SHAPES_TEXT, describeExamples, rowsText } from './describeExamples.js'
import { ExampleError } from './ExampleError.js'
import type { ExampleInspection } from './inspectExamples.js'

/**
 * Refuses a dataset without a single trainable row (`DATASET_NOT_TRAINABLE`), before anything is encrypted or
 * uploaded. The details are `description` when given, else for a full inspection its `describeExamples` sentence,
 * for the manifest's counts a sentence built from them.
 */
export function assertTrainable(
  source: ExampleInspection | { trainable: number; untrainable: number },
  description?: string | undefined,
): void {
  if (source.trainable > 0) return
  let details: string
  if (description !== undefined) details = description
  else if (typeof source.untrainable === 'object') details = describeExamples(source as ExampleInspection)
  else
    details =
      source.untrainable === 0
        ? 'The file has no rows: it is empty or holds only blank lines.'
        : `None of its ${rowsText(source.untrainable)} is in an accepted shape: ${ACCEPTED_SHAPES_TEXT}.`
  throw new ExampleError('No row of the file can be trained on.', { code: 'DATASET_NOT_TRAINABLE', details })
}
