import { describe, expect, test } from 'vitest'
import {
  DATASET_SECRET,
  invalidUtf8ExampleLine,
  untrainableExampleLines,
} from '../testing/untrainableExampleLines.js'
import { assertTrainable } from './assertTrainable.js'
import { countExampleTokens } from './byteTokenizer.js'
import { isDataFailure } from './dataFailure.js'
import { describeExamples } from './describeExamples.js'
import { ExampleLineReader } from './ExampleLineReader.js'
import { type ExampleInspection, ExampleTally, inspectExamples } from './inspectExamples.js'

const enc = new TextEncoder()

const stream = (...parts: (string | Uint8Array)[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(typeof part === 'string' ? enc.encode(part) : part)
      controller.close()
    },
  })

const bad = untrainableExampleLines
/** One row of each format, one blank line and one untrainable line per reason (the sdk's test vector); a BOM first. */
const lines = [
  '\u{feff}{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Yo"}]}', // 1 messages
  '{"instruction":"Add.","input":"2+2","output":"4"}', // 2 instruction_output
  '{"prompt":"a","completion":"bc"}', // 3 prompt_completion
  '{"text":"é"}', // 4 text
  '   ', // 5 blank
  bad.INVALID_JSON, // 6
  bad.NOT_AN_OBJECT, // 7
  bad.UNKNOWN_SHAPE, // 8
  bad.AMBIGUOUS_SHAPE, // 9
  bad.INVALID_FIELD, // 10
  bad.EMPTY_TARGET, // 11
  bad.INVALID_MESSAGE, // 12
  bad.NO_ASSISTANT_TURN, // 13
  bad.LINE_TOO_LONG, // 14
]
// Line 15 is INVALID_UTF8, with no final newline.
const file = () => stream(`${lines.join('\r\n')}\n`, invalidUtf8ExampleLine)

const expected: ExampleInspection = {
  rows: 14,
  trainable: 4,
  formats: { messages: 1, instruction_output: 1, prompt_completion: 1, text: 1 },
  untrainable: {
    LINE_TOO_LONG: { count: 1, lines: [14] },
    INVALID_UTF8: { count: 1, lines: [15] },
    INVALID_JSON: { count: 1, lines: [6] },
    NOT_AN_OBJECT: { count: 1, lines: [7] },
    UNKNOWN_SHAPE: { count: 1, lines: [8] },
    AMBIGUOUS_SHAPE: { count: 1, lines: [9] },
    INVALID_FIELD: { count: 1, lines: [10] },
    EMPTY_TARGET: { count: 1, lines: [11] },
    INVALID_MESSAGE: { count: 1, lines: [12] },
    NO_ASSISTANT_TURN: { count: 1, lines: [13] },
  },
  // messages 1+(2+2)+(2+2)=9 (learned 3); instruction 1+(2+9)+(2+1)=15 (learned 2); prompt 2+1+2=5 (learned 3);
  // text "é" is 2 bytes: 4 (learned 3).
  tokens: { tokenizer: 'bytes', total: 33, learned: 11, maxPerRow: 15 },
}

describe('inspectExamples', () => {
  test('default: every format, every reason with its line number, byte-tokenizer counts, never content', async () => {
    const inspection = await inspectExamples(file(), { maxLineBytes: 128 })
    expect(inspection).toEqual(expected)
    expect(JSON.stringify(inspection)).not.toContain(DATASET_SECRET)
  })

  test('behavior: any chunking gives the same inspection', async () => {
    const bytes = new Uint8Array(await new Response(file()).arrayBuffer())
    for (const size of [1, 7, 64]) {
      const chunks: Uint8Array[] = []
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size))
      expect(await inspectExamples(stream(...chunks), { maxLineBytes: 128 })).toEqual(expected)
    }
  })

  test('args: maxListedLines caps the listed line numbers, never the counts', async () => {
    const body = `${'{"foo":1}\n'.repeat(5)}{"text":"ok"}\n`
    const inspection = await inspectExamples(stream(body), { maxListedLines: 2 })
    expect(inspection.untrainable).toEqual({ UNKNOWN_SHAPE: { count: 5, lines: [1, 2] } })
    expect(inspection.rows).toBe(6)
    expect(inspection.trainable).toBe(1)
  })

  test('args: maxExampleBytes makes a longer object untrainable but still returns it', () => {
    const reader = new ExampleLineReader({ maxLineBytes: 1024, maxExampleBytes: 10 })
    expect(reader.push(enc.encode('{"text":"a"}\n{"text":"ab"}\n'))).toEqual([
      { line: 1, status: 'untrainable', reason: 'LINE_TOO_LONG', bytes: 12, value: { text: 'a' } },
      { line: 2, status: 'untrainable', reason: 'LINE_TOO_LONG', bytes: 13, value: { text: 'ab' } },
    ])
    const fits = new ExampleLineReader({ maxExampleBytes: 12 })
    expect(fits.push(enc.encode('{"text":"a"}'))).toEqual([])
    expect(fits.end()).toEqual([
      {
        line: 1,
        status: 'trainable',
        bytes: 12,
        value: { text: 'a' },
        format: 'text',
        example: { kind: 'text', text: 'a' },
      },
    ])
    expect(fits.lines).toBe(1)
  })

  test('behavior: an empty file and a PNG', async () => {
    expect(await inspectExamples(stream())).toEqual({
      rows: 0,
      trainable: 0,
      formats: { messages: 0, instruction_output: 0, prompt_completion: 0, text: 0 },
      untrainable: {},
      tokens: { tokenizer: 'bytes', total: 0, learned: 0, maxPerRow: 0 },
    })
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff])
    expect((await inspectExamples(stream(png))).untrainable).toEqual({
      INVALID_UTF8: { count: 2, lines: [1, 3] },
      INVALID_JSON: { count: 1, lines: [2] },
    })
  })

  test('error: a cancelled read rejects with the reason', async () => {
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    await expect(inspectExamples(file(), { signal: controller.signal })).rejects.toThrow('stop')
    expect(() => new ExampleTally({ maxListedLines: -1 })).toThrow('maxListedLines must be an integer ≥ 0')
    expect(() => new ExampleLineReader({ maxLineBytes: 0 })).toThrow('maxLineBytes must be an integer ≥ 1')
  })
})

describe('countExampleTokens', () => {
  test('default: the lengths tokenizeExample gives, untruncated', () => {
    expect(countExampleTokens({ kind: 'text', text: 'a😀' })).toEqual({ tokens: 7, learned: 6 })
    expect(countExampleTokens({ kind: 'completion', prompt: 'ab', completion: 'c' })).toEqual({
      tokens: 5,
      learned: 2,
    })
    expect(
      countExampleTokens({
        kind: 'chat',
        messages: [
          { role: 'system', content: 'S' },
          { role: 'assistant', content: 'Yo' },
        ],
      }),
    ).toEqual({ tokens: 8, learned: 3 })
  })
})

describe('describeExamples', () => {
  const base = (change: Partial<ExampleInspection>): ExampleInspection => ({ ...expected, ...change })

  test('default: one sentence for each case, plurals right', () => {
    expect(describeExamples(base({ rows: 0, trainable: 0, untrainable: {} }))).toBe(
      'The file has no rows: it is empty or holds only blank lines.',
    )
    expect(
      describeExamples(
        base({
          rows: 2,
          trainable: 0,
          untrainable: { INVALID_UTF8: { count: 1, lines: [1] }, INVALID_JSON: { count: 1, lines: [2] } },
        }),
      ),
    ).toBe('The file is not JSONL: none of its 2 lines is JSON.')
    expect(
      describeExamples(
        base({ rows: 1, trainable: 0, untrainable: { INVALID_JSON: { count: 1, lines: [1] } } }),
      ),
    ).toBe('The file is not JSONL: its only line is not JSON.')
    expect(
      describeExamples(
        base({ rows: 50, trainable: 0, untrainable: { UNKNOWN_SHAPE: { count: 50, lines: [1, 2] } } }),
      ),
    ).toBe(
      'None of the 50 rows can be trained on (50 in no accepted shape); each row must be one of {"messages":[{"role":"user","content":…},{"role":"assistant","content":…}]}, {"instruction","input"?,"output"}, {"prompt","completion"} or {"text"}.',
    )
    expect(describeExamples(base({ rows: 1, trainable: 1, untrainable: {} }))).toBe(
      'The only row can be trained on.',
    )
    expect(describeExamples(base({ rows: 1200, trainable: 1200, untrainable: {} }))).toBe(
      'All 1,200 rows can be trained on.',
    )
    expect(describeExamples(expected)).toBe(
      '4 of 14 rows can be trained on; the other 10 (1 too long, 1 not UTF-8 text, 1 not JSON, 1 not a JSON object, 1 in no accepted shape, 1 in more than one shape, 1 missing a field or with a field of the wrong type, 1 with empty text to learn, 1 with a malformed chat message, 1 without an assistant reply) will be skipped.',
    )
  })
})

describe('assertTrainable', () => {
  const failure = (fn: () => void) => {
    try {
      fn()
      return 'no error'
    } catch (error) {
      const { name, code, shortMessage, details } = error as Record<string, string>
      return `${name} ${code}: ${shortMessage} ${details}`
    }
  }

  test('default: one trainable row is enough', () => {
    expect(failure(() => assertTrainable({ trainable: 1, untrainable: 49 }))).toBe('no error')
  })

  test('error: DATASET_NOT_TRAINABLE in one sentence', () => {
    expect(failure(() => assertTrainable({ trainable: 0, untrainable: 0 }))).toBe(
      'ExampleError DATASET_NOT_TRAINABLE: No row of the file can be trained on. The file has no rows: it is empty or holds only blank lines.',
    )
    expect(failure(() => assertTrainable({ trainable: 0, untrainable: 1 }))).toBe(
      'ExampleError DATASET_NOT_TRAINABLE: No row of the file can be trained on. None of its 1 row is in an accepted shape: {"messages":[{"role":"user","content":…},{"role":"assistant","content":…}]}, {"instruction","input"?,"output"}, {"prompt","completion"} or {"text"}.',
    )
    const inspection: ExampleInspection = {
      ...expected,
      rows: 2,
      trainable: 0,
      untrainable: { INVALID_JSON: { count: 2, lines: [1, 2] } },
    }
    expect(failure(() => assertTrainable({ trainable: 0, untrainable: 50 }, 'Why.'))).toBe(
      'ExampleError DATASET_NOT_TRAINABLE: No row of the file can be trained on. Why.',
    )
    expect(failure(() => assertTrainable(inspection))).toBe(
      'ExampleError DATASET_NOT_TRAINABLE: No row of the file can be trained on. The file is not JSONL: none of its 2 lines is JSON.',
    )
  })
})

describe('isDataFailure', () => {
  test('default: only the codes that say the dataset has nothing to train on', () => {
    expect(isDataFailure('DATASET_EMPTY')).toBe(true)
    expect(isDataFailure('DATASET_NOT_TRAINABLE')).toBe(true)
    for (const code of [
      'TRAINING_TIMEOUT',
      'DATASET_DOWNLOAD_FAILED',
      'DATASET_TOO_LARGE',
      'INTERNAL_ERROR',
      '',
    ])
      expect(isDataFailure(code)).toBe(false)
  })
})
