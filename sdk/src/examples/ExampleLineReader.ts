import { LineSplitter } from './LineSplitter.js'
import { type Example, type ExampleFormat, parseExample, type UntrainableReason } from './parseExample.js'

/** Longest line a training row may be, in bytes without its terminator (the provider node's reader limit). */
export const EXAMPLE_MAX_LINE_BYTES = 1 << 20

/**
 * One line of a JSONL file as the trainer sees it: blank (skipped), a trainable row with its format and
 * normalised example, or untrainable with a stable reason. `value` is the parsed JSON object when the line is one
 * (for sample-free statistics), `bytes` its length without the terminator when it was read.
 */
export type ExampleLine =
  | { line: number; status: 'blank' }
  | {
      line: number
      status: 'trainable'
      bytes: number
      value: Record<string, unknown>
      format: ExampleFormat
      example: Example
    }
  | {
      line: number
      status: 'untrainable'
      reason: UntrainableReason
      bytes?: number | undefined
      value?: Record<string, unknown> | undefined
    }

/** Limits of an {@link ExampleLineReader}. */
export type ExampleLineReaderOptions = {
  /** Longest line read, in bytes (default {@link EXAMPLE_MAX_LINE_BYTES}); longer lines are `LINE_TOO_LONG`. */
  maxLineBytes?: number | undefined
  /**
   * Longest line that can be a trainable row (default: `maxLineBytes`, at most {@link EXAMPLE_MAX_LINE_BYTES}): a
   * longer JSON object is still parsed and returned as `value`, but is `LINE_TOO_LONG` for training.
   */
  maxExampleBytes?: number | undefined
}

const BOM = [0xef, 0xbb, 0xbf] as const

/**
 * The one example parser of LICEN: classifies the lines of a JSONL byte stream pushed in any chunking, holding at
 * most one line in memory. Browser-safe; the publish analyzer, `licen inspect` and the provider node all read
 * training data through it, so they agree on every row.
 */
export class ExampleLineReader {
  #splitter: LineSplitter
  #maxExampleBytes: number
  #decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

  constructor(options: ExampleLineReaderOptions = {}) {
    const maxLineBytes = options.maxLineBytes ?? EXAMPLE_MAX_LINE_BYTES
    this.#splitter = new LineSplitter(maxLineBytes)
    this.#maxExampleBytes = options.maxExampleBytes ?? Math.min(maxLineBytes, EXAMPLE_MAX_LINE_BYTES)
    if (!Number.isSafeInteger(this.#maxExampleBytes) || this.#maxExampleBytes < 1)
      throw new RangeError('maxExampleBytes must be an integer ≥ 1')
  }

  /** Lines completed so far, blank ones included. */
  get lines(): number {
    return this.#splitter.lines
  }

  /** Feeds the next bytes; returns the lines they complete, classified. */
  push(chunk: Uint8Array): ExampleLine[] {
    return this.#splitter.push(chunk).map((entry) => this.#classify(entry.line, entry.bytes))
  }

  /** Ends the stream; returns its last line when it had no final newline. */
  end(): ExampleLine[] {
    return this.#splitter.end().map((entry) => this.#classify(entry.line, entry.bytes))
  }

  #classify(line: number, raw: Uint8Array | undefined): ExampleLine {
    if (raw === undefined) return { line, status: 'untrainable', reason: 'LINE_TOO_LONG' }
    const bytes = line === 1 && startsWithBom(raw) ? raw.subarray(BOM.length) : raw
    let text: string
    try {
      text = this.#decoder.decode(bytes)
    } catch {
      return { line, status: 'untrainable', reason: 'INVALID_UTF8', bytes: raw.length }
    }
    if (text.trim().length === 0) return { line, status: 'blank' }
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return { line, status: 'untrainable', reason: 'INVALID_JSON', bytes: raw.length }
    }
    const parsed = parseExample(value)
    if (!parsed.ok) {
      const object = parsed.reason === 'NOT_AN_OBJECT' ? undefined : (value as Record<string, unknown>)
      return { line, status: 'untrainable', reason: parsed.reason, bytes: raw.length, value: object }
    }
    const object = value as Record<string, unknown>
    if (raw.length > this.#maxExampleBytes)
      return { line, status: 'untrainable', reason: 'LINE_TOO_LONG', bytes: raw.length, value: object }
    return {
      line,
      status: 'trainable',
      bytes: raw.length,
      value: object,
      format: parsed.format,
      example: parsed.example,
    }
  }
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]
}
