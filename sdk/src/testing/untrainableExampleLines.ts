import type { UntrainableReason } from '../examples/parseExample.js'

/** Stands for dataset content in test lines: reports, inspections and errors must never contain it. */
export const DATASET_SECRET = 'PATIENT-RECORD-7731'

/**
 * One JSONL line (no line break) that the sdk's example parser refuses for each reason a short text line can
 * show, those with content carrying {@link DATASET_SECRET}. `LINE_TOO_LONG` is 311 bytes: too long under any
 * `maxLineBytes` up to 310. (`INVALID_UTF8` is {@link invalidUtf8ExampleLine}; `TOO_MANY_MESSAGES` needs a long line.)
 */
export const untrainableExampleLines = {
  INVALID_JSON: `{"text": "${DATASET_SECRET}"`,
  NOT_AN_OBJECT: `["${DATASET_SECRET}"]`,
  UNKNOWN_SHAPE: `{"question":"${DATASET_SECRET}"}`,
  AMBIGUOUS_SHAPE: '{"text":"a","prompt":"b","completion":"c"}',
  INVALID_FIELD: '{"instruction":"i"}',
  EMPTY_TARGET: '{"text":""}',
  INVALID_MESSAGE: '{"messages":[{"role":"robot","content":"x"}]}',
  NO_ASSISTANT_TURN: '{"messages":[{"role":"user","content":"x"}]}',
  LINE_TOO_LONG: `{"text":"${'y'.repeat(300)}"}`,
} as const satisfies Partial<Record<UntrainableReason, string>>

/** `{"t":"` 0xc3 0x28 `"}`: a line (no line break) that is not UTF-8, refused `INVALID_UTF8`. */
export const invalidUtf8ExampleLine: Uint8Array = new Uint8Array([
  0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d,
])
