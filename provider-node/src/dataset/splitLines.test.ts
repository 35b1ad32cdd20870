import { describe, expect, test } from 'vitest'
import { type SplitLine, splitLines } from './splitLines.js'

const enc = new TextEncoder()

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? enc.encode(part) : part
}

async function collect(source: AsyncIterable<Uint8Array>, maxLineBytes = 64) {
  const out: Array<{ line: number; text?: string; tooLong?: true }> = []
  for await (const entry of splitLines(source, { maxLineBytes }) as AsyncIterable<SplitLine>) {
    out.push(
      entry.tooLong
        ? { line: entry.line, tooLong: true }
        : { line: entry.line, text: new TextDecoder().decode(entry.bytes) },
    )
  }
  return out
}

describe('splitLines', () => {
  test('default', async () => {
    expect(await collect(chunks('a\nbc\n'))).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'bc' },
    ])
  })

  test('behavior: lines spanning chunks, CRLF, blank lines and a last line without terminator', async () => {
    expect(await collect(chunks('ab', 'c\r', '\n\n', 'd\r\ne', 'f'))).toEqual([
      { line: 1, text: 'abc' },
      { line: 2, text: '' },
      { line: 3, text: 'd' },
      { line: 4, text: 'ef' },
    ])
  })

  test('behavior: empty stream and empty chunks yield nothing', async () => {
    expect(await collect(chunks())).toEqual([])
    expect(await collect(chunks('', new Uint8Array(0), ''))).toEqual([])
  })

  test('behavior: one-byte chunks', async () => {
    expect(await collect(chunks(...'x\ny\r\nz'.split('')))).toEqual([
      { line: 1, text: 'x' },
      { line: 2, text: 'y' },
      { line: 3, text: 'z' },
    ])
  })

  test('args: maxLineBytes is exact and excludes the terminator', async () => {
    expect(await collect(chunks('1234\n12345\n1234\r\n12345\r\n123456'), 4)).toEqual([
      { line: 1, text: '1234' },
      { line: 2, tooLong: true },
      { line: 3, text: '1234' },
      { line: 4, tooLong: true },
      { line: 5, tooLong: true },
    ])
  })

  test('behavior: a too-long line spread over many chunks is dropped and the next line is intact', async () => {
    const long = Array.from({ length: 1000 }, () => 'x'.repeat(100))
    expect(await collect(chunks('ok\n', ...long, '\nnext\n'), 50)).toEqual([
      { line: 1, text: 'ok' },
      { line: 2, tooLong: true },
      { line: 3, text: 'next' },
    ])
  })

  test('behavior: yielded bytes survive the producer reusing its buffer', async () => {
    const buffer = new Uint8Array(4)
    async function* reusing() {
      for (const part of ['ab', 'c\nd', 'e\n']) {
        buffer.fill(0)
        buffer.set(enc.encode(part))
        yield buffer.subarray(0, part.length)
      }
    }
    expect(await collect(reusing())).toEqual([
      { line: 1, text: 'abc' },
      { line: 2, text: 'de' },
    ])
  })
})
