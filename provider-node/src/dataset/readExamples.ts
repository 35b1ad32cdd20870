import {
  EXAMPLE_MAX_LINE_BYTES,
  type Example,
  type ExampleLine,
  ExampleLineReader,
} from '@licen/sdk/examples'
import { DatasetError } from './DatasetError.js'
import type { InvalidLineReason } from './parseExample.js'

/** Limits of `readExamples`; every one bounds memory or work on untrusted bytes. */
export type ReadExamplesOptions = {
  /** Largest line in bytes (default 1 MiB); longer lines are counted as `LINE_TOO_LONG`. */
  maxLineBytes?: number | undefined
  /** Largest stream in bytes (default 1 GiB); beyond it reading fails with `DATASET_TOO_LARGE`. */
  maxBytes?: number | undefined
  /** Most valid examples (default 1,000,000); beyond it reading fails with `DATASET_TOO_MANY_EXAMPLES`. */
  maxExamples?: number | undefined
  /** How many invalid lines the report lists individually (default 100); all are counted. */
  maxReportedLines?: number | undefined
}

/** A rejected line: its number (from 1) and why. Never its content. */
export type InvalidLine = { line: number; reason: InvalidLineReason }

/** What reading a dataset found, in counts and line numbers only. */
export type DatasetReport = {
  /** Bytes read from the source. */
  bytes: number
  /** Lines seen, blank ones included. */
  lines: number
  /** Empty or whitespace-only lines (skipped, not invalid). */
  blankLines: number
  /** Examples yielded. */
  validExamples: number
  /** Lines rejected. */
  invalidLines: number
  /** Rejected lines per reason (reasons that occurred only). */
  invalidByReason: Partial<Record<InvalidLineReason, number>>
  /** The first `maxReportedLines` rejected lines, in order. */
  firstInvalid: InvalidLine[]
}

/** Validated examples from a JSONL byte stream; single use. `report()` reflects what was read so far. */
export type ExampleStream = AsyncIterable<Example> & { report(): DatasetReport }

/** Defaults of `readExamples`. */
export const READ_EXAMPLES_DEFAULTS = {
  maxLineBytes: EXAMPLE_MAX_LINE_BYTES,
  maxBytes: 1 << 30,
  maxExamples: 1_000_000,
  maxReportedLines: 100,
} as const

/**
 * Reads a JSONL dataset from a byte stream as validated examples through the sdk's one example parser: untrainable
 * lines are skipped and counted with their reason. Once the stream ends, one without a single row (empty or blank)
 * fails with `DATASET_EMPTY`, one whose rows are all untrainable with `DATASET_NOT_TRAINABLE`.
 */
export function readExamples(
  source: AsyncIterable<Uint8Array>,
  options: ReadExamplesOptions = {},
): ExampleStream {
  const limits = resolveOptions(options)
  const report: DatasetReport = {
    bytes: 0,
    lines: 0,
    blankLines: 0,
    validExamples: 0,
    invalidLines: 0,
    invalidByReason: {},
    firstInvalid: [],
  }
  let consumed = false

  const snapshot = (): DatasetReport => ({
    ...report,
    invalidByReason: { ...report.invalidByReason },
    firstInvalid: report.firstInvalid.map((entry) => ({ ...entry })),
  })

  const reject = (line: number, reason: InvalidLineReason) => {
    report.invalidLines++
    report.invalidByReason[reason] = (report.invalidByReason[reason] ?? 0) + 1
    if (report.firstInvalid.length < limits.maxReportedLines) report.firstInvalid.push({ line, reason })
  }

  async function* lines(): AsyncGenerator<ExampleLine> {
    const reader = new ExampleLineReader({
      maxLineBytes: limits.maxLineBytes,
      maxExampleBytes: limits.maxLineBytes,
    })
    for await (const chunk of source) {
      report.bytes += chunk.length
      if (report.bytes > limits.maxBytes) {
        throw new DatasetError('Dataset is larger than the limit.', {
          code: 'DATASET_TOO_LARGE',
          details: `more than ${limits.maxBytes} bytes`,
          report: snapshot(),
        })
      }
      yield* reader.push(chunk)
    }
    yield* reader.end()
  }

  async function* examples(): AsyncGenerator<Example> {
    for await (const entry of lines()) {
      report.lines = entry.line
      if (entry.status === 'blank') {
        report.blankLines++
        continue
      }
      if (entry.status === 'untrainable') {
        reject(entry.line, entry.reason)
        continue
      }
      if (report.validExamples >= limits.maxExamples) {
        throw new DatasetError('Dataset holds more examples than the limit.', {
          code: 'DATASET_TOO_MANY_EXAMPLES',
          details: `more than ${limits.maxExamples} examples`,
          report: snapshot(),
        })
      }
      report.validExamples++
      yield entry.example
    }
    if (report.validExamples === 0 && report.invalidLines === 0) {
      throw new DatasetError('Dataset holds no row.', {
        code: 'DATASET_EMPTY',
        details: describe(report),
        report: snapshot(),
      })
    }
    if (report.validExamples === 0) {
      throw new DatasetError('Dataset holds no trainable row.', {
        code: 'DATASET_NOT_TRAINABLE',
        details: describe(report),
        report: snapshot(),
      })
    }
  }

  return {
    report: snapshot,
    [Symbol.asyncIterator]() {
      if (consumed) {
        throw new DatasetError('An example stream can be read only once.', {
          code: 'DATASET_ALREADY_CONSUMED',
        })
      }
      consumed = true
      return examples()
    },
  }
}

function resolveOptions(options: ReadExamplesOptions) {
  const limits = {
    maxLineBytes: options.maxLineBytes ?? READ_EXAMPLES_DEFAULTS.maxLineBytes,
    maxBytes: options.maxBytes ?? READ_EXAMPLES_DEFAULTS.maxBytes,
    maxExamples: options.maxExamples ?? READ_EXAMPLES_DEFAULTS.maxExamples,
    maxReportedLines: options.maxReportedLines ?? READ_EXAMPLES_DEFAULTS.maxReportedLines,
  }
  for (const [name, value] of Object.entries(limits)) {
    const min = name === 'maxReportedLines' ? 0 : 1
    if (!Number.isSafeInteger(value) || value < min) {
      throw new DatasetError('Dataset reader option is out of range.', {
        code: 'DATASET_INVALID_OPTIONS',
        details: `${name} must be an integer ≥ ${min}`,
      })
    }
  }
  return limits
}

function describe(report: DatasetReport): string {
  const reasons = Object.entries(report.invalidByReason)
    .map(([reason, count]) => `${reason}: ${count}`)
    .join(', ')
  return `${report.lines} lines, ${report.blankLines} blank, ${report.invalidLines} invalid${reasons ? ` (${reasons})` : ''}`
}
