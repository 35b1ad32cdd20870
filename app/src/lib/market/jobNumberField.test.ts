import { describe, expect, test } from 'vitest'
import { parseJobNumber } from './jobNumberField.js'

describe('parseJobNumber', () => {
  test('default', () => {
    expect(parseJobNumber('12')).toEqual({ ok: true, jobId: 12n })
    expect(parseJobNumber(' #3 ')).toEqual({ ok: true, jobId: 3n })
  })
  test('error: not a job number', () => {
    for (const value of ['', '0', '2.5', '-1', 'abc', '1'.repeat(21)])
      expect(parseJobNumber(value)).toEqual({
        ok: false,
        error: 'Enter a job number such as 1 (the # is optional).',
      })
  })
})
