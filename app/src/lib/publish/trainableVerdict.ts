import {
  describeExamples,
  EXAMPLE_FORMATS,
  type ExampleFormat,
  type ExampleInspection,
  type JsonlLineReport,
  UNTRAINABLE_REASON_TEXT,
  type UntrainableReason,
} from '@licen/sdk'

/** The row shapes the trainer accepts, as the publish page names them. */
export const FORMAT_LABELS: Record<ExampleFormat, string> = {
  messages: 'chat messages',
  instruction_output: 'instruction/output',
  prompt_completion: 'prompt/completion',
  text: 'text',
}

/** What the publish page says about a checked file before anything is encrypted. */
export type TrainableVerdict =
  /** Some lines are not rows while others are: they are listed by number to be fixed. */
  | { kind: 'bad-lines' }
  /** Nothing to train on (an empty file, a file that is not JSONL, rows in no accepted shape): one sentence. */
  | { kind: 'refused'; code: 'DATASET_NOT_TRAINABLE'; sentence: string }
  /** Publishable: how many rows the trainer uses, per shape, and the skipped ones by reason with line numbers. */
  | {
      kind: 'trainable'
      sentence: string
      formats: string
      skipped: { reason: UntrainableReason; text: string; count: number; lines: number[] }[]
    }

/** The verdict on a checked file from the line report and the example inspection (counts and line numbers only). */
export function trainableVerdict(inspection: ExampleInspection, report: JsonlLineReport): TrainableVerdict {
  const everyLineBad = report.invalidLines > 0 && report.invalidLines === inspection.rows
  if (report.invalidLines > 0 && !everyLineBad) return { kind: 'bad-lines' }
  if (inspection.trainable === 0)
    return { kind: 'refused', code: 'DATASET_NOT_TRAINABLE', sentence: describeExamples(inspection) }
  const formats = EXAMPLE_FORMATS.filter((format) => inspection.formats[format] > 0)
    .map((format) => `${inspection.formats[format].toLocaleString('en-US')} ${FORMAT_LABELS[format]}`)
    .join(' · ')
  const skipped = (
    Object.entries(inspection.untrainable) as [UntrainableReason, { count: number; lines: number[] }][]
  ).map(([reason, entry]) => ({
    reason,
    text: UNTRAINABLE_REASON_TEXT[reason],
    count: entry.count,
    lines: entry.lines,
  }))
  return { kind: 'trainable', sentence: describeExamples(inspection), formats, skipped }
}
