import type { ExampleInspection } from './inspectExamples.js'
import type { UntrainableReason } from './parseExample.js'

/** Each untrainable reason in plain words, as "N rows …" reads. */
export const UNTRAINABLE_REASON_TEXT: Record<UntrainableReason, string> = {
  LINE_TOO_LONG: 'too long',
  INVALID_UTF8: 'not UTF-8 text',
  INVALID_JSON: 'not JSON',
  NOT_AN_OBJECT: 'not a JSON object',
  UNKNOWN_SHAPE: 'in no accepted shape',
  AMBIGUOUS_SHAPE: 'in more than one shape',
  INVALID_FIELD: 'missing a field or with a field of the wrong type',
  EMPTY_TARGET: 'with empty text to learn',
  INVALID_MESSAGE: 'with a malformed chat message',
  TOO_MANY_MESSAGES: 'with too many chat messages',
  NO_ASSISTANT_TURN: 'without an assistant reply',
}

/** The accepted row shapes, in one line. */
export const ACCEPTED_SHAPES_TEXT =
  '{"messages":[{"role":"user","content":…},{"role":"assistant","content":…}]}, {"instruction","input"?,"output"}, {"prompt","completion"} or {"text"}'

/** `1 row`, `2 rows`. */
export function rowsText(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'}`
}

/**
 * Says in one sentence what a file holds for training: why nothing (an empty file, a file that is not JSONL, rows
 * in no accepted shape), or how many rows are trainable and why the others are not. Never a per-line list.
 */
export function describeExamples(inspection: ExampleInspection): string {
  const { rows, trainable, untrainable } = inspection
  if (rows === 0) return 'The file has no rows: it is empty or holds only blank lines.'
  const reasons = Object.entries(untrainable) as [UntrainableReason, { count: number }][]
  const notJson = reasons
    .filter(([reason]) => reason === 'INVALID_UTF8' || reason === 'INVALID_JSON')
    .reduce((sum, [, entry]) => sum + entry.count, 0)
  if (trainable === 0 && notJson === rows)
    return rows === 1
      ? 'The file is not JSONL: its only line is not JSON.'
      : `The file is not JSONL: none of its ${rows.toLocaleString('en-US')} lines is JSON.`
  const why = reasons.map(
    ([reason, entry]) => `${entry.count.toLocaleString('en-US')} ${UNTRAINABLE_REASON_TEXT[reason]}`,
  )
  if (trainable === 0)
    return `${rows === 1 ? 'The only row cannot' : `None of the ${rowsText(rows)} can`} be trained on (${why.join(', ')}); each row must be one of ${ACCEPTED_SHAPES_TEXT}.`
  if (trainable === rows)
    return rows === 1 ? 'The only row can be trained on.' : `All ${rowsText(rows)} can be trained on.`
  return `${trainable.toLocaleString('en-US')} of ${rowsText(rows)} can be trained on; the other ${(rows - trainable).toLocaleString('en-US')} (${why.join(', ')}) will be skipped.`
}
