import { describe, expect, test } from 'vitest'
import { DATASET_SECRET } from '../testing/untrainableExampleLines.js'
import { analyzeJsonl, JsonlAnalyzer, type JsonlAnalyzerOptions } from './JsonlAnalyzer.js'
import { ManifestError } from './ManifestError.js'

const enc = new TextEncoder()

const concat = (...parts: (string | Uint8Array)[]) => {
  const bytes = parts.map((part) => (typeof part === 'string' ? enc.encode(part) : part))
  const out = new Uint8Array(bytes.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of bytes) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** Lines 1, 11 and 12 are rows; 2 and 4 are blank; the other seven are bad, each for one reason. */
const mixed = concat(
  '{"prompt":"a","answer":"b"}\n', // 1 row (28 bytes)
  '\n', // 2 blank
  `{"prompt": "${DATASET_SECRET}"\n`, // 3 INVALID_JSON
  '   \r\n', // 4 blank
  `["${DATASET_SECRET}"]\n`, // 5 NOT_AN_OBJECT
  `{"":"${DATASET_SECRET}"}\n`, // 6 INVALID_FIELD_NAME (empty)
  `{"${'k'.repeat(129)}":1}\n`, // 7 INVALID_FIELD_NAME (129 characters)
  `{"prompt":"${DATASET_SECRET}${'y'.repeat(300)}"}\n`, // 8 LINE_TOO_LONG (over 256 bytes)
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a]), // 9 INVALID_UTF8
  `"${DATASET_SECRET}"\n`, // 10 NOT_AN_OBJECT
  '{"prompt":"cc","answer":null}\n', // 11 row (30 bytes)
  '{"prompt":"tail"}', // 12 row (17 + 1 bytes), no final newline
)
const skip: JsonlAnalyzerOptions = { invalidLines: 'skip', maxLineBytes: 256, maxReportedLines: 5 }

function analyze(bytes: Uint8Array, options: JsonlAnalyzerOptions, chunk = bytes.length) {
  const analyzer = new JsonlAnalyzer(options)
  for (let at = 0; at < bytes.length; at += chunk) analyzer.push(bytes.subarray(at, at + chunk))
  return { analysis: analyzer.finish(), report: analyzer.report(), inspection: analyzer.inspection() }
}

function failure(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof ManifestError) return `${error.code}: ${error.details}`
    throw error
  }
  throw new Error('expected a ManifestError')
}

describe('JsonlAnalyzer skip mode', () => {
  test('behavior: bad lines are counted by reason with their line numbers, never their content', () => {
    const { analysis, report, inspection } = analyze(mixed, skip)
    expect(inspection.untrainable).toEqual({
      LINE_TOO_LONG: { count: 1, lines: [8] },
      INVALID_UTF8: { count: 1, lines: [9] },
      INVALID_JSON: { count: 1, lines: [3] },
      NOT_AN_OBJECT: { count: 2, lines: [5, 10] },
      INVALID_FIELD: { count: 3, lines: [1, 11, 12] },
      UNKNOWN_SHAPE: { count: 2, lines: [6, 7] },
    })
    expect(report).toEqual({
      lines: 12,
      blankLines: 2,
      invalidLines: 7,
      invalidByReason: {
        INVALID_JSON: 1,
        NOT_AN_OBJECT: 2,
        INVALID_FIELD_NAME: 2,
        LINE_TOO_LONG: 1,
        INVALID_UTF8: 1,
      },
      firstInvalid: [
        { line: 3, reason: 'INVALID_JSON' },
        { line: 5, reason: 'NOT_AN_OBJECT' },
        { line: 6, reason: 'INVALID_FIELD_NAME' },
        { line: 7, reason: 'INVALID_FIELD_NAME' },
        { line: 8, reason: 'LINE_TOO_LONG' },
      ],
    })
    expect(JSON.stringify(report)).not.toContain(DATASET_SECRET)
    // The statistics are those of the three rows only; byteSize is the whole file (what gets encrypted).
    expect(analysis).toEqual({
      rowCount: 3,
      byteSize: mixed.length,
      rows: { minBytes: 18, maxBytes: 30, meanBytes: 25.333 },
      // A prompt without a completion is no training row: the one example parser counts all ten non-blank lines.
      examples: {
        trainable: 0,
        untrainable: 10,
        formats: { messages: 0, instruction_output: 0, prompt_completion: 0, text: 0 },
      },
      fields: [
        { name: 'prompt', types: ['string'], present: 3, nulls: 0, length: { min: 1, max: 4, mean: 2.333 } },
        {
          name: 'answer',
          types: ['string', 'null'],
          present: 2,
          nulls: 1,
          length: { min: 1, max: 1, mean: 1 },
        },
      ],
    })
    expect(JSON.stringify(analysis)).not.toContain(DATASET_SECRET)
  })

  test('behavior: every bad line is listed when the cap allows it', () => {
    const { report } = analyze(mixed, { ...skip, maxReportedLines: 1000 })
    expect(report.firstInvalid.map((entry) => entry.line)).toEqual([3, 5, 6, 7, 8, 9, 10])
    expect(analyze(mixed, { ...skip, maxReportedLines: 0 }).report.firstInvalid).toEqual([])
  })

  test('behavior: any chunking gives the same analysis and report (a long line split across chunks too)', () => {
    const whole = analyze(mixed, skip)
    expect(analyze(mixed, skip, 1)).toEqual(whole)
    expect(analyze(mixed, skip, 7)).toEqual(whole)
    expect(analyze(mixed, skip, 100)).toEqual(whole)
  })

  test('behavior: a row that would add a field past the limit is skipped; rows with known fields still count', () => {
    const wide = `{${Array.from({ length: 256 }, (_, i) => `"f${i}":1`).join(',')}}`
    const bytes = enc.encode(`${wide}\n{"f0":2,"extra":3}\n{"f1":"x"}\n{"another":1}\n`)
    const { analysis, report } = analyze(bytes, { invalidLines: 'skip' })
    expect(report).toEqual({
      lines: 4,
      blankLines: 0,
      invalidLines: 2,
      invalidByReason: { TOO_MANY_FIELDS: 2 },
      firstInvalid: [
        { line: 2, reason: 'TOO_MANY_FIELDS' },
        { line: 4, reason: 'TOO_MANY_FIELDS' },
      ],
    })
    expect(analysis.rowCount).toBe(2)
    expect(analysis.fields.length).toBe(256)
    // The skipped row touched no statistic: f0 is present once (row 1), f1 twice (rows 1 and 3).
    expect(analysis.fields[0]).toEqual({ name: 'f0', types: ['integer'], present: 1, nulls: 0 })
    expect(analysis.fields[1]).toEqual({
      name: 'f1',
      types: ['string', 'integer'],
      present: 2,
      nulls: 0,
      length: { min: 1, max: 1, mean: 1 },
    })
  })

  test('behavior: a too long last line without a newline is counted', () => {
    const { analysis, report } = analyze(enc.encode(`{"a":1}\n{"a":"${'z'.repeat(40)}"}`), {
      invalidLines: 'skip',
      maxLineBytes: 32,
    })
    expect(analysis.rowCount).toBe(1)
    expect(report.invalidByReason).toEqual({ LINE_TOO_LONG: 1 })
    expect(report.firstInvalid).toEqual([{ line: 2, reason: 'LINE_TOO_LONG' }])
  })

  test('default: throw mode keeps its first-error behaviour and reports lines read so far', () => {
    expect(failure(() => analyze(mixed, { maxLineBytes: 256 }))).toBe(
      'MANIFEST_JSONL_INVALID: line 3 is not JSON',
    )
    expect(
      failure(() => analyze(enc.encode(`{"a":1}\n{"a":"${'z'.repeat(40)}"}\n`), { maxLineBytes: 32 })),
    ).toBe('MANIFEST_JSONL_INVALID: line 2 is longer than 32 bytes')
    const clean = analyze(enc.encode('{"a":1}\n\n{"a":2}\n'), {})
    expect(clean.report).toEqual({
      lines: 3,
      blankLines: 1,
      invalidLines: 0,
      invalidByReason: {},
      firstInvalid: [],
    })
    expect(clean.analysis.rowCount).toBe(2)
  })

  test('args: analyzeJsonl with invalidLines skip returns the analysis and the report', async () => {
    const result = await analyzeJsonl(new Blob([mixed as Uint8Array<ArrayBuffer>]).stream(), skip)
    expect(result).toEqual(analyze(mixed, skip))
    const plain = await analyzeJsonl(new Blob(['{"a":1}\n']).stream())
    expect(plain).toEqual({
      rowCount: 1,
      byteSize: 8,
      rows: { minBytes: 8, maxBytes: 8, meanBytes: 8 },
      examples: {
        trainable: 0,
        untrainable: 1,
        formats: { messages: 0, instruction_output: 0, prompt_completion: 0, text: 0 },
      },
      fields: [{ name: 'a', types: ['integer'], present: 1, nulls: 0 }],
    })
  })

  test('args: analyzeJsonl reports the bytes read after each chunk', async () => {
    const seen: number[] = []
    const chunks = ['{"a":1}\n{"a"', ':2}\n', '{"a":3}\n']
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
        controller.close()
      },
    })
    const analysis = await analyzeJsonl(stream, { onProgress: (bytes) => seen.push(bytes) })
    expect(seen).toEqual([12, 16, 24])
    expect(analysis.rowCount).toBe(3)
  })

  test('error: analyzeJsonl stops with the reason of an aborted signal', async () => {
    const controller = new AbortController()
    const reason = new Error('stop')
    controller.abort(reason)
    let pulled = false
    const stream = new ReadableStream<Uint8Array>({
      pull() {
        pulled = true
      },
    })
    await expect(analyzeJsonl(stream, { signal: controller.signal })).rejects.toBe(reason)
    expect(pulled).toBe(false)
  })

  test('error: options out of range', () => {
    expect(failure(() => new JsonlAnalyzer({ maxReportedLines: -1 }))).toBe(
      'MANIFEST_JSONL_OPTIONS_INVALID: maxReportedLines must be an integer ≥ 0',
    )
    expect(failure(() => new JsonlAnalyzer({ maxLineBytes: 0 }))).toBe(
      'MANIFEST_JSONL_OPTIONS_INVALID: maxLineBytes must be an integer from 1 to 16777216',
    )
    expect(failure(() => new JsonlAnalyzer({ invalidLines: 'ignore' as 'skip' }))).toBe(
      'MANIFEST_JSONL_OPTIONS_INVALID: invalidLines must be "throw" or "skip"',
    )
  })
})
