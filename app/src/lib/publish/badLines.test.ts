import { describe, expect, test } from 'vitest'
import { groupBadLines } from './badLines.js'

describe('groupBadLines', () => {
  test('default: grouped by reason, most frequent first, with their line numbers', () => {
    expect(
      groupBadLines({
        lines: 12,
        blankLines: 2,
        invalidLines: 5,
        invalidByReason: { INVALID_JSON: 1, NOT_AN_OBJECT: 3, LINE_TOO_LONG: 1 },
        firstInvalid: [
          { line: 3, reason: 'NOT_AN_OBJECT' },
          { line: 5, reason: 'INVALID_JSON' },
          { line: 6, reason: 'NOT_AN_OBJECT' },
          { line: 8, reason: 'LINE_TOO_LONG' },
          { line: 10, reason: 'NOT_AN_OBJECT' },
        ],
      }),
    ).toEqual([
      { reason: 'NOT_AN_OBJECT', sentence: 'JSON, but not an object ({…})', count: 3, lines: [3, 6, 10] },
      { reason: 'INVALID_JSON', sentence: 'Not valid JSON', count: 1, lines: [5] },
      { reason: 'LINE_TOO_LONG', sentence: 'Longer than 16 MiB', count: 1, lines: [8] },
    ])
  })

  test('behavior: lines past the listing cap are counted but not numbered', () => {
    expect(
      groupBadLines({
        lines: 4,
        blankLines: 0,
        invalidLines: 3,
        invalidByReason: { INVALID_UTF8: 3 },
        firstInvalid: [{ line: 1, reason: 'INVALID_UTF8' }],
      }),
    ).toEqual([{ reason: 'INVALID_UTF8', sentence: 'Not UTF-8 text', count: 3, lines: [1] }])
  })

  test('args: a clean file has no groups', () => {
    expect(
      groupBadLines({ lines: 2, blankLines: 0, invalidLines: 0, invalidByReason: {}, firstInvalid: [] }),
    ).toEqual([])
  })
})
