import { countExampleTokens } from './byteTokenizer.js'
import { type ExampleLine, ExampleLineReader, type ExampleLineReaderOptions } from './ExampleLineReader.js'
import {
  EXAMPLE_FORMATS,
  type ExampleFormat,
  UNTRAINABLE_REASONS,
  type UntrainableReason,
} from './parseExample.js'
import type { PumpStreamOptions } from './pumpStream.js'
import { pumpStream } from './pumpStream.js'

/** How many line numbers an inspection lists per reason by default (all are counted). */
export const INSPECT_MAX_LISTED_LINES = 10

/** Untrainable lines of one reason: how many, and the first line numbers (never content). */
export type UntrainableLines = { count: number; lines: number[] }

/**
 * What a JSONL file holds for training, in counts and line numbers only: `rows` are the non-blank lines,
 * `trainable` those the trainer learns from (per format), `untrainable` the others by reason. Token counts are
 * the provider's byte tokenizer's (`bytes`), untruncated: `total` read, `learned` trained on, `maxPerRow`.
 */
export type ExampleInspection = {
  rows: number
  trainable: number
  formats: Record<ExampleFormat, number>
  untrainable: Partial<Record<UntrainableReason, UntrainableLines>>
  tokens: { tokenizer: 'bytes'; total: number; learned: number; maxPerRow: number }
}

/** Options of {@link ExampleTally}. */
export type ExampleTallyOptions = {
  /** Line numbers listed per reason (default {@link INSPECT_MAX_LISTED_LINES}). */
  maxListedLines?: number | undefined
}

/** Adds up classified lines into an {@link ExampleInspection}. */
export class ExampleTally {
  #maxListed: number
  #rows = 0
  #trainable = 0
  #formats = Object.fromEntries(EXAMPLE_FORMATS.map((format) => [format, 0])) as Record<ExampleFormat, number>
  #untrainable = new Map<UntrainableReason, UntrainableLines>()
  #tokens = { total: 0, learned: 0, maxPerRow: 0 }

  constructor(options: ExampleTallyOptions = {}) {
    this.#maxListed = options.maxListedLines ?? INSPECT_MAX_LISTED_LINES
    if (!Number.isSafeInteger(this.#maxListed) || this.#maxListed < 0)
      throw new RangeError('maxListedLines must be an integer ≥ 0')
  }

  /** Counts one classified line. */
  add(line: ExampleLine): void {
    if (line.status === 'blank') return
    this.#rows++
    if (line.status === 'untrainable') {
      let entry = this.#untrainable.get(line.reason)
      if (!entry) {
        entry = { count: 0, lines: [] }
        this.#untrainable.set(line.reason, entry)
      }
      entry.count++
      if (entry.lines.length < this.#maxListed) entry.lines.push(line.line)
      return
    }
    this.#trainable++
    this.#formats[line.format]++
    const { tokens, learned } = countExampleTokens(line.example)
    this.#tokens.total += tokens
    this.#tokens.learned += learned
    this.#tokens.maxPerRow = Math.max(this.#tokens.maxPerRow, tokens)
  }

  /** The inspection so far (a copy; reasons in a fixed order). */
  result(): ExampleInspection {
    const untrainable: ExampleInspection['untrainable'] = {}
    for (const reason of UNTRAINABLE_REASONS) {
      const entry = this.#untrainable.get(reason)
      if (entry) untrainable[reason] = { count: entry.count, lines: [...entry.lines] }
    }
    return {
      rows: this.#rows,
      trainable: this.#trainable,
      formats: { ...this.#formats },
      untrainable,
      tokens: { tokenizer: 'bytes', ...this.#tokens },
    }
  }
}

/** How {@link inspectExamples} reads: the parser's limits and the tally's, plus progress and cancellation. */
export type InspectExamplesOptions = ExampleLineReaderOptions & ExampleTallyOptions & PumpStreamOptions

/** Reads a whole JSONL stream through the one example parser and says what in it can be trained on. */
export async function inspectExamples(
  stream: ReadableStream<Uint8Array>,
  options: InspectExamplesOptions = {},
): Promise<ExampleInspection> {
  const { onProgress, signal, maxListedLines, ...readerOptions } = options
  const reader = new ExampleLineReader(readerOptions)
  const tally = new ExampleTally({ maxListedLines })
  await pumpStream(
    stream,
    (chunk) => {
      for (const line of reader.push(chunk)) tally.add(line)
    },
    { onProgress, signal },
  )
  for (const line of reader.end()) tally.add(line)
  return tally.result()
}
