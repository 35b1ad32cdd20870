import { type ExampleLine, ExampleLineReader } from '../examples/ExampleLineReader.js'
import { type ExampleInspection, ExampleTally } from '../examples/inspectExamples.js'
import type { ExampleFormat } from '../examples/parseExample.js'
import { type PumpStreamOptions, pumpStream } from '../examples/pumpStream.js'
import { ManifestError } from './ManifestError.js'
import { MANIFEST_MAX_FIELDS, type ManifestField } from './manifestSchema.js'

/** Longest JSONL line accepted, in bytes. */
export const JSONL_MAX_LINE_BYTES = 16 * 1024 * 1024

/** What a manifest says about a JSONL file: counts, sizes and per-field types, never a value. */
export type JsonlAnalysis = {
  rowCount: number
  byteSize: number
  fields: ManifestField[]
  rows: { minBytes: number; maxBytes: number; meanBytes: number }
  /** Trainable rows per format and untrainable non-blank lines, as the one example parser classifies them. */
  examples: JsonlExampleCounts
}

/** The trainable counts a manifest records (`data.examples`). */
export type JsonlExampleCounts = {
  trainable: number
  untrainable: number
  formats: Record<ExampleFormat, number>
}

/** Why a line is not a row (the reason names follow provider-node's `readExamples`). */
export type JsonlInvalidReason =
  /** Longer than the line limit. */
  | 'LINE_TOO_LONG'
  /** Not valid UTF-8. */
  | 'INVALID_UTF8'
  /** Not a JSON value. */
  | 'INVALID_JSON'
  /** A JSON value other than an object. */
  | 'NOT_AN_OBJECT'
  /** A field name that is empty or longer than 128 characters. */
  | 'INVALID_FIELD_NAME'
  /** A field beyond the manifest's limit of distinct fields. */
  | 'TOO_MANY_FIELDS'

/** A rejected line: its number (from 1) and why. Never its content. */
export type JsonlInvalidLine = { line: number; reason: JsonlInvalidReason }

/** The lines of a JSONL file in counts and line numbers only. */
export type JsonlLineReport = {
  /** Lines seen, blank ones included. */
  lines: number
  /** Empty or whitespace-only lines (skipped, not invalid). */
  blankLines: number
  /** Lines rejected (0 unless bad lines are skipped). */
  invalidLines: number
  /** Rejected lines per reason (reasons that occurred only). */
  invalidByReason: Partial<Record<JsonlInvalidReason, number>>
  /** The first `maxReportedLines` rejected lines, in order. */
  firstInvalid: JsonlInvalidLine[]
}

export type JsonlAnalyzerOptions = {
  /**
   * `throw` (default): the first bad line throws MANIFEST_JSONL_INVALID. `skip`: bad lines are left out of the
   * statistics and counted in `report()` by reason with their line numbers, so a UI can list every one.
   */
  invalidLines?: 'throw' | 'skip' | undefined
  /** How many bad lines `report()` lists individually (default 100); every one is counted. */
  maxReportedLines?: number | undefined
  /** Longest line in bytes (default JSONL_MAX_LINE_BYTES); longer lines are never buffered. */
  maxLineBytes?: number | undefined
}

/**
 * `analyzeJsonl` in skip mode: the statistics of the good rows, the report of every line and what the trainer
 * can use (`licen inspect`'s report).
 */
export type JsonlAnalysisReport = {
  analysis: JsonlAnalysis
  report: JsonlLineReport
  inspection: ExampleInspection
}

type FieldType = ManifestField['types'][number]
const TYPE_ORDER: readonly FieldType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']
const MAX_FIELD_NAME_LENGTH = 128

type FieldAccumulator = {
  types: Set<FieldType>
  present: number
  nulls: number
  lengthCount: number
  lengthMin: number
  lengthMax: number
  lengthSum: number
}

/**
 * Streams a JSONL file (in any chunking) and collects sample-free statistics for its manifest; bad lines either
 * throw (default) or are skipped and counted by reason and line number, never by content.
 */
export class JsonlAnalyzer {
  #skip: boolean
  #maxReported: number
  #maxLineBytes: number
  #reader: ExampleLineReader
  #tally = new ExampleTally()
  #byteSize = 0
  #rows = 0
  #rowMin = Number.POSITIVE_INFINITY
  #rowMax = 0
  #rowSum = 0
  #fields = new Map<string, FieldAccumulator>()
  #report: JsonlLineReport = {
    lines: 0,
    blankLines: 0,
    invalidLines: 0,
    invalidByReason: {},
    firstInvalid: [],
  }

  constructor(options: JsonlAnalyzerOptions = {}) {
    this.#skip = (options.invalidLines ?? 'throw') === 'skip'
    this.#maxReported = options.maxReportedLines ?? 100
    this.#maxLineBytes = options.maxLineBytes ?? JSONL_MAX_LINE_BYTES
    if (
      options.invalidLines !== undefined &&
      options.invalidLines !== 'throw' &&
      options.invalidLines !== 'skip'
    )
      throw this.#options('invalidLines must be "throw" or "skip"')
    if (!Number.isSafeInteger(this.#maxReported) || this.#maxReported < 0)
      throw this.#options('maxReportedLines must be an integer ≥ 0')
    if (
      !Number.isSafeInteger(this.#maxLineBytes) ||
      this.#maxLineBytes < 1 ||
      this.#maxLineBytes > JSONL_MAX_LINE_BYTES
    )
      throw this.#options(`maxLineBytes must be an integer from 1 to ${JSONL_MAX_LINE_BYTES}`)
    this.#reader = new ExampleLineReader({ maxLineBytes: this.#maxLineBytes })
  }

  /** Feeds the next bytes of the file. */
  push(bytes: Uint8Array): void {
    this.#byteSize += bytes.length
    for (const line of this.#reader.push(bytes)) this.#line(line)
  }

  /** Ends the file and returns the statistics of its rows. */
  finish(): JsonlAnalysis {
    for (const line of this.#reader.end()) this.#line(line)
    const fields = [...this.#fields.entries()].map(([name, f]): ManifestField => {
      const field: ManifestField = {
        name,
        types: TYPE_ORDER.filter((type) => f.types.has(type)),
        present: f.present,
        nulls: f.nulls,
      }
      if (f.lengthCount > 0) {
        field.length = { min: f.lengthMin, max: f.lengthMax, mean: round3(f.lengthSum / f.lengthCount) }
      }
      return field
    })
    return {
      rowCount: this.#rows,
      byteSize: this.#byteSize,
      fields,
      rows:
        this.#rows === 0
          ? { minBytes: 0, maxBytes: 0, meanBytes: 0 }
          : { minBytes: this.#rowMin, maxBytes: this.#rowMax, meanBytes: round3(this.#rowSum / this.#rows) },
      examples: exampleCounts(this.#tally.result()),
    }
  }

  /** What the trainer can use of the lines read so far: trainable rows per format, the others by reason. */
  inspection(): ExampleInspection {
    return this.#tally.result()
  }

  /** The lines read so far: counts, and the bad ones by reason and number (a copy). */
  report(): JsonlLineReport {
    return {
      ...this.#report,
      invalidByReason: { ...this.#report.invalidByReason },
      firstInvalid: this.#report.firstInvalid.map((entry) => ({ ...entry })),
    }
  }

  #line(line: ExampleLine): void {
    this.#report.lines = line.line
    this.#tally.add(line)
    if (line.status === 'blank') {
      this.#report.blankLines++
      return
    }
    const row = line.value
    if (row === undefined || line.bytes === undefined) {
      const reason = (line as { reason: JsonlInvalidReason }).reason
      const details =
        INVALID_DETAILS[reason]?.(line.line, this.#maxLineBytes) ?? `line ${line.line} is not a row`
      this.#reject(line.line, reason, details)
      return
    }
    const entries = Object.entries(row)
    // Checked before anything is counted, so a skipped row leaves no trace in the statistics.
    let newFields = 0
    for (const [name] of entries) {
      if (this.#fields.has(name)) continue
      if (this.#fields.size + newFields >= MANIFEST_MAX_FIELDS) {
        this.#reject(
          line.line,
          'TOO_MANY_FIELDS',
          `more than ${MANIFEST_MAX_FIELDS} distinct fields (line ${line.line})`,
        )
        return
      }
      if (name.length === 0 || name.length > MAX_FIELD_NAME_LENGTH) {
        this.#reject(
          line.line,
          'INVALID_FIELD_NAME',
          `line ${line.line} has a field name of length ${name.length}`,
        )
        return
      }
      newFields++
    }
    const size = line.bytes + 1
    this.#rows++
    this.#rowMin = Math.min(this.#rowMin, size)
    this.#rowMax = Math.max(this.#rowMax, size)
    this.#rowSum += size
    for (const [name, value] of entries) this.#field(name, value)
  }

  #reject(lineNumber: number, reason: JsonlInvalidReason, details: string): void {
    if (!this.#skip) throw this.#invalid(details)
    const report = this.#report
    report.invalidLines++
    report.invalidByReason[reason] = (report.invalidByReason[reason] ?? 0) + 1
    if (report.firstInvalid.length < this.#maxReported) report.firstInvalid.push({ line: lineNumber, reason })
  }

  #field(name: string, value: unknown): void {
    let field = this.#fields.get(name)
    if (!field) {
      field = {
        types: new Set(),
        present: 0,
        nulls: 0,
        lengthCount: 0,
        lengthMin: Number.POSITIVE_INFINITY,
        lengthMax: 0,
        lengthSum: 0,
      }
      this.#fields.set(name, field)
    }
    field.present++
    const type = typeOf(value)
    field.types.add(type)
    if (type === 'null') field.nulls++
    if (type === 'string' || type === 'array') {
      const length = (value as string | unknown[]).length
      field.lengthCount++
      field.lengthMin = Math.min(field.lengthMin, length)
      field.lengthMax = Math.max(field.lengthMax, length)
      field.lengthSum += length
    }
  }

  #invalid(details: string): ManifestError {
    return new ManifestError('The file is not valid JSONL.', { code: 'MANIFEST_JSONL_INVALID', details })
  }

  #options(details: string): ManifestError {
    return new ManifestError('JSONL analyzer option is out of range.', {
      code: 'MANIFEST_JSONL_OPTIONS_INVALID',
      details,
    })
  }
}

/** How {@link analyzeJsonl} reads: the analyzer options, plus progress and cancellation. */
export type AnalyzeJsonlOptions = JsonlAnalyzerOptions & PumpStreamOptions

/** Reads a whole JSONL stream and returns its manifest statistics; the first bad line throws. */
export function analyzeJsonl(
  stream: ReadableStream<Uint8Array>,
  options?: AnalyzeJsonlOptions & { invalidLines?: 'throw' | undefined },
): Promise<JsonlAnalysis>
/** Reads a whole JSONL stream, skipping bad lines: the statistics of the good rows and every line counted. */
export function analyzeJsonl(
  stream: ReadableStream<Uint8Array>,
  options: AnalyzeJsonlOptions & { invalidLines: 'skip' },
): Promise<JsonlAnalysisReport>
/** Reads a whole JSONL stream with explicit options (`invalidLines: 'throw'` returns the statistics only). */
export function analyzeJsonl(
  stream: ReadableStream<Uint8Array>,
  options: AnalyzeJsonlOptions,
): Promise<JsonlAnalysis | JsonlAnalysisReport>
export async function analyzeJsonl(
  stream: ReadableStream<Uint8Array>,
  options: AnalyzeJsonlOptions = {},
): Promise<JsonlAnalysis | JsonlAnalysisReport> {
  const { onProgress, signal, ...analyzerOptions } = options
  const analyzer = new JsonlAnalyzer(analyzerOptions)
  await pumpStream(stream, (chunk) => analyzer.push(chunk), { onProgress, signal })
  const analysis = analyzer.finish()
  return options.invalidLines === 'skip'
    ? { analysis, report: analyzer.report(), inspection: analyzer.inspection() }
    : analysis
}

/** Why a line is not JSONL, in the words of the first-error mode (line number and limit, never content). */
const INVALID_DETAILS: Partial<Record<string, (line: number, maxLineBytes: number) => string>> = {
  LINE_TOO_LONG: (line, max) => `line ${line} is longer than ${max} bytes`,
  INVALID_UTF8: (line) => `line ${line} is not UTF-8`,
  INVALID_JSON: (line) => `line ${line} is not JSON`,
  NOT_AN_OBJECT: (line) => `line ${line} is not a JSON object`,
}

function exampleCounts(inspection: ExampleInspection): JsonlExampleCounts {
  return {
    trainable: inspection.trainable,
    untrainable: inspection.rows - inspection.trainable,
    formats: inspection.formats,
  }
}

function typeOf(value: unknown): FieldType {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value as 'string' | 'boolean' | 'object'
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000
}
