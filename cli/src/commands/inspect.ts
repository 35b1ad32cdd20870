import {
  describeExamples,
  EXAMPLE_FORMATS,
  type ExampleInspection,
  inspectExamples,
  UNTRAINABLE_REASON_TEXT,
  type UntrainableReason,
} from '@licen/sdk'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { openInput, resolvePath } from '../files.js'
import { createProgress } from '../progress.js'

/** Exit code of `licen inspect` when the file was read but has no trainable row (what publishing refuses). */
export const INSPECT_NOT_TRAINABLE_EXIT = 3

const MAX_LINES_OPTION = 1000
const FORMAT_LABEL: Record<(typeof EXAMPLE_FORMATS)[number], string> = {
  messages: 'messages',
  instruction_output: 'instruction/output',
  prompt_completion: 'prompt/completion',
  text: 'text',
}

/** Reads a JSONL file through the sdk's example parser, as `licen inspect` and `licen publish` do. */
export async function inspectFile(
  context: Parameters<Command['run']>[0],
  path: string,
  maxListedLines?: number,
): Promise<ExampleInspection & { bytes: number }> {
  const { stream, size } = await openInput(resolvePath(context.io.cwd, path))
  const progress = createProgress(context.io, 'inspect', size, !context.json)
  const inspection = await inspectExamples(stream, {
    maxListedLines,
    onProgress: (bytes) => progress.update(bytes),
  })
  progress.done()
  return { ...inspection, bytes: size }
}

/** `licen inspect <file.jsonl>`: what of a JSONL file the provider's trainer can learn from, in counts only. */
export const inspectCommand: Command = {
  name: 'inspect',
  summary:
    'Count the trainable rows of a JSONL file per format, and why the others are not (line numbers only)',
  usage: `licen inspect <file.jsonl> [--lines <n ≤ ${MAX_LINES_OPTION}>] [--json]   (exit 0: trainable rows, 3: none)`,
  options: { lines: { type: 'string' } },
  async run(context) {
    const { values, positionals } = context
    if (positionals.length !== 1)
      throw new CliError('inspect takes exactly one JSONL file.', { code: 'CLI_USAGE' })
    const linesText = values.lines
    if (
      linesText !== undefined &&
      (typeof linesText !== 'string' || !/^\d{1,4}$/.test(linesText) || Number(linesText) > MAX_LINES_OPTION)
    )
      throw new CliError(`--lines must be an integer in 0..${MAX_LINES_OPTION}.`, { code: 'CLI_USAGE' })
    const inspection = await inspectFile(
      context,
      positionals[0]!,
      linesText === undefined ? undefined : Number(linesText),
    )
    return { file: positionals[0], ...inspection, summary: describeExamples(inspection) }
  },
  exitCode: (result) => ((result.trainable as number) > 0 ? 0 : INSPECT_NOT_TRAINABLE_EXIT),
  format(result) {
    const r = result as unknown as ExampleInspection & { file: string; bytes: number; summary: string }
    const reasons = Object.entries(r.untrainable) as [UntrainableReason, { count: number; lines: number[] }][]
    // A file that is not JSONL at all (a PNG, a CSV) gets its one sentence, not a list of line numbers.
    const notJsonl =
      r.rows > 0 &&
      r.trainable === 0 &&
      reasons.every(([reason]) => reason === 'INVALID_UTF8' || reason === 'INVALID_JSON')
    const [one, many] = notJsonl ? ['line', 'lines'] : ['row', 'rows']
    const count = (n: number) => n.toLocaleString('en-US')
    const out = [`${r.file}: ${count(r.rows)} ${r.rows === 1 ? one : many}, ${count(r.trainable)} trainable`]
    if (r.trainable > 0) {
      const formats = EXAMPLE_FORMATS.filter((format) => r.formats[format] > 0)
        .map((format) => `${FORMAT_LABEL[format]} ${r.formats[format]}`)
        .join(', ')
      out.push(`  formats: ${formats}`)
      out.push(
        `  tokens (byte tokenizer): ${r.tokens.total} in all, ${r.tokens.learned} learned, longest row ${r.tokens.maxPerRow}`,
      )
    }
    if (reasons.length > 0 && !notJsonl) out.push('  untrainable:')
    for (const [reason, entry] of notJsonl ? [] : reasons) {
      const more = entry.count > entry.lines.length ? ', …' : ''
      const lines =
        entry.lines.length > 0
          ? ` (${entry.count === 1 ? 'line' : 'lines'} ${entry.lines.join(', ')}${more})`
          : ''
      out.push(`    ${reason} ${entry.count}: ${UNTRAINABLE_REASON_TEXT[reason]}${lines}`)
    }
    out.push(r.summary)
    return out.join('\n')
  },
}
