import { rejection } from '@licen/errors/testing'
import { describe, expect, test } from 'vitest'
import { DatasetError } from './DatasetError.js'
import type { Example } from './parseExample.js'
import { readExamples } from './readExamples.js'

const enc = new TextEncoder()

async function* bytes(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? enc.encode(part) : part
}

async function drain(stream: AsyncIterable<Example>): Promise<Example[]> {
  const out: Example[] = []
  for await (const example of stream) out.push(example)
  return out
}

const SECRET = 'PATIENT-RECORD-7731'

describe('readExamples', () => {
  test('default', async () => {
    const stream = readExamples(bytes('{"text":"a"}\n{"prompt":"p","completion":"c"}\n'))
    expect(await drain(stream)).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'completion', prompt: 'p', completion: 'c' },
    ])
    expect(stream.report()).toEqual({
      bytes: 45,
      lines: 2,
      blankLines: 0,
      validExamples: 2,
      invalidLines: 0,
      invalidByReason: {},
      firstInvalid: [],
    })
  })

  test('behavior: malformed lines are counted by reason with their line numbers, never their content', async () => {
    const lines = [
      '{"instruction":"i","output":"o"}', // 1 valid
      '', // 2 blank
      `{"text": "${SECRET}"`, // 3 INVALID_JSON
      '   ', // 4 blank
      `["${SECRET}"]`, // 5 NOT_AN_OBJECT
      `{"question":"${SECRET}"}`, // 6 UNKNOWN_SHAPE
      '{"text":"a","prompt":"b","completion":"c"}', // 7 AMBIGUOUS_SHAPE
      '{"instruction":"i"}', // 8 INVALID_FIELD
      '{"text":""}', // 9 EMPTY_TARGET
      '{"messages":[{"role":"robot","content":"x"}]}', // 10 INVALID_MESSAGE
      '{"messages":[{"role":"user","content":"x"}]}', // 11 NO_ASSISTANT_TURN
      `{"text":"${'y'.repeat(300)}"}`, // 12 LINE_TOO_LONG
      '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}', // 13 valid
      '{"text":"tail"}', // 14 valid, no final newline
    ]
    const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a]) // 15
    const body = `${lines.slice(0, 13).join('\r\n')}\n`
    const stream = readExamples(bytes(body, invalidUtf8, lines[13]!), {
      maxLineBytes: 256,
      maxReportedLines: 5,
    })
    const examples = await drain(stream)
    expect(examples.map((example) => example.kind)).toEqual(['chat', 'chat', 'text'])
    const report = stream.report()
    expect(report).toEqual({
      bytes: enc.encode(body).length + invalidUtf8.length + lines[13]!.length,
      lines: 15,
      blankLines: 2,
      validExamples: 3,
      invalidLines: 10,
      invalidByReason: {
        INVALID_JSON: 1,
        NOT_AN_OBJECT: 1,
        UNKNOWN_SHAPE: 1,
        AMBIGUOUS_SHAPE: 1,
        INVALID_FIELD: 1,
        EMPTY_TARGET: 1,
        INVALID_MESSAGE: 1,
        NO_ASSISTANT_TURN: 1,
        LINE_TOO_LONG: 1,
        INVALID_UTF8: 1,
      },
      firstInvalid: [
        { line: 3, reason: 'INVALID_JSON' },
        { line: 5, reason: 'NOT_AN_OBJECT' },
        { line: 6, reason: 'UNKNOWN_SHAPE' },
        { line: 7, reason: 'AMBIGUOUS_SHAPE' },
        { line: 8, reason: 'INVALID_FIELD' },
      ],
    })
    expect(JSON.stringify(report)).not.toContain(SECRET)
  })

  test('behavior: a UTF-8 byte order mark on the first line is skipped', async () => {
    const stream = readExamples(bytes(new Uint8Array([0xef, 0xbb, 0xbf]), '{"text":"x"}\n'))
    expect(await drain(stream)).toEqual([{ kind: 'text', text: 'x' }])
  })

  test('error: DATASET_NOT_TRAINABLE when rows exist but none is trainable, with counts only', async () => {
    const stream = readExamples(bytes(`{"text":""}\n\nnot json ${SECRET}\n`))
    const error = await rejection(drain(stream), DatasetError)
    expect(error.code).toBe('DATASET_NOT_TRAINABLE')
    expect(error.message).toMatchInlineSnapshot(`
      "Dataset holds no trainable row.

      Details: 3 lines, 1 blank, 2 invalid (EMPTY_TARGET: 1, INVALID_JSON: 1)"
    `)
    expect(error.report?.invalidLines).toBe(2)
    expect(error.message).not.toContain(SECRET)
  })

  test('error: DATASET_EMPTY on an empty stream', async () => {
    const error = await rejection(drain(readExamples(bytes())), DatasetError)
    expect(error.code).toBe('DATASET_EMPTY')
    expect(error.details).toBe('0 lines, 0 blank, 0 invalid')
  })

  test('error: DATASET_EMPTY on blank lines only; 50 rows of an unknown shape are DATASET_NOT_TRAINABLE', async () => {
    const blank = await rejection(drain(readExamples(bytes('\n  \r\n\n'))), DatasetError)
    expect(blank.code).toBe('DATASET_EMPTY')
    expect(blank.details).toBe('3 lines, 3 blank, 0 invalid')
    const unknown = await rejection(
      drain(readExamples(bytes('{"foo":1,"bar":"x"}\n'.repeat(50)))),
      DatasetError,
    )
    expect(unknown.code).toBe('DATASET_NOT_TRAINABLE')
    expect(unknown.details).toBe('50 lines, 0 blank, 50 invalid (UNKNOWN_SHAPE: 50)')
  })

  test('error: DATASET_TOO_LARGE', async () => {
    const stream = readExamples(bytes('{"text":"a"}\n', '{"text":"b"}\n'), { maxBytes: 20 })
    const seen: Example[] = []
    const error = await rejection(
      (async () => {
        for await (const example of stream) seen.push(example)
      })(),
      DatasetError,
    )
    expect(error.code).toBe('DATASET_TOO_LARGE')
    expect(error.details).toBe('more than 20 bytes')
    expect(seen).toEqual([{ kind: 'text', text: 'a' }])
  })

  test('error: DATASET_TOO_MANY_EXAMPLES', async () => {
    const stream = readExamples(bytes('{"text":"a"}\n{"text":"b"}\n{"text":"c"}\n'), { maxExamples: 2 })
    const error = await rejection(drain(stream), DatasetError)
    expect(error.code).toBe('DATASET_TOO_MANY_EXAMPLES')
    expect(error.report?.validExamples).toBe(2)
  })

  test('error: DATASET_INVALID_OPTIONS', () => {
    for (const options of [
      { maxLineBytes: 0 },
      { maxBytes: 1.5 },
      { maxExamples: -1 },
      { maxReportedLines: -1 },
    ]) {
      expect(() => readExamples(bytes(), options)).toThrowError(
        expect.objectContaining({ code: 'DATASET_INVALID_OPTIONS' }),
      )
    }
  })

  test('error: DATASET_ALREADY_CONSUMED', async () => {
    const stream = readExamples(bytes('{"text":"a"}\n'))
    await drain(stream)
    expect(() => stream[Symbol.asyncIterator]()).toThrowError(
      expect.objectContaining({ code: 'DATASET_ALREADY_CONSUMED' }),
    )
  })
})
