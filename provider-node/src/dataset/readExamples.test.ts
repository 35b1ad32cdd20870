import { rejection } from '@licen/errors/testing'
import { DATASET_SECRET, invalidUtf8ExampleLine, untrainableExampleLines } from '@licen/sdk/testing'
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
    const bad = untrainableExampleLines
    const lines = [
      '{"instruction":"i","output":"o"}', // 1 valid
      '', // 2 blank
      bad.INVALID_JSON, // 3
      '   ', // 4 blank
      bad.NOT_AN_OBJECT, // 5
      bad.UNKNOWN_SHAPE, // 6
      bad.AMBIGUOUS_SHAPE, // 7
      bad.INVALID_FIELD, // 8
      bad.EMPTY_TARGET, // 9
      bad.INVALID_MESSAGE, // 10
      bad.NO_ASSISTANT_TURN, // 11
      bad.LINE_TOO_LONG, // 12
      '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}', // 13 valid
    ]
    const body = `${lines.join('\r\n')}\n`
    const tail = '{"text":"tail"}' // 15 valid, no final newline; line 14 is INVALID_UTF8
    const stream = readExamples(bytes(body, invalidUtf8ExampleLine, '\n', tail), {
      maxLineBytes: 256,
      maxReportedLines: 5,
    })
    const examples = await drain(stream)
    expect(examples.map((example) => example.kind)).toEqual(['chat', 'chat', 'text'])
    const report = stream.report()
    expect(report).toEqual({
      bytes: enc.encode(body).length + invalidUtf8ExampleLine.length + 1 + tail.length,
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
    expect(JSON.stringify(report)).not.toContain(DATASET_SECRET)
  })

  test('behavior: a UTF-8 byte order mark on the first line is skipped', async () => {
    const stream = readExamples(bytes(new Uint8Array([0xef, 0xbb, 0xbf]), '{"text":"x"}\n'))
    expect(await drain(stream)).toEqual([{ kind: 'text', text: 'x' }])
  })

  test('error: DATASET_NOT_TRAINABLE when rows exist but none is trainable, with counts only', async () => {
    const stream = readExamples(bytes(`{"text":""}\n\nnot json ${DATASET_SECRET}\n`))
    const error = await rejection(drain(stream), DatasetError)
    expect(error.code).toBe('DATASET_NOT_TRAINABLE')
    expect(error.message).toMatchInlineSnapshot(`
      "Dataset holds no trainable row.

      Details: 3 lines, 1 blank, 2 invalid (EMPTY_TARGET: 1, INVALID_JSON: 1)"
    `)
    expect(error.report?.invalidLines).toBe(2)
    expect(error.message).not.toContain(DATASET_SECRET)
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
