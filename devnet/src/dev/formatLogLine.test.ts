import { describe, expect, test } from 'vitest'
import { formatLogLine } from './formatLogLine.js'

describe('formatLogLine', () => {
  test('default: a JSON log line becomes message and fields, the info level and time dropped', () => {
    expect(
      formatLogLine(
        '{"time":"2026-11-21T00:00:00.000Z","level":"info","msg":"step","service":"x","jobId":"4","durationMs":12}',
      ),
    ).toBe('step jobId=4 durationMs=12')
  })

  test('behavior: other levels are shown, objects as JSON, long values cut', () => {
    expect(
      formatLogLine(`{"level":"warn","msg":"retry","error":{"code":"E"},"detail":"${'a'.repeat(100)}"}`),
    ).toBe(`WARN retry error={"code":"E"} detail=${'a'.repeat(96)}…`)
  })

  test('behavior: a JSON start-up line without msg shows its plain fields', () => {
    expect(formatLogLine('{"url":"http://127.0.0.1:1","identity":{"a":1},"debug":false}')).toBe(
      'url=http://127.0.0.1:1 debug=false',
    )
  })

  test.each([
    ['plain text  ', 'plain text'],
    ['   ', undefined],
    ['{not json', '{not json'],
    ['[1,2]', '[1,2]'],
  ])('args: %j', (line, shown) => {
    expect(formatLogLine(line)).toBe(shown)
  })
})
