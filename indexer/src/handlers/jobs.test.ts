import { stringToHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { failureCodeOf } from './jobs.js'

describe('failureCodeOf', () => {
  test('default: decodes a right-padded ASCII code', () => {
    expect(failureCodeOf(stringToHex('OUT_OF_MEMORY', { size: 32 }))).toBe('OUT_OF_MEMORY')
  })

  test('args: a code filling all 32 bytes', () => {
    expect(failureCodeOf(stringToHex('A'.repeat(32)))).toBe('A'.repeat(32))
  })

  test('behavior: the zero reason has no code', () => {
    expect(failureCodeOf(`0x${'00'.repeat(32)}`)).toBeNull()
  })

  test('behavior: non-printable bytes or an inner zero byte give no code', () => {
    expect(failureCodeOf(`0x41ff${'00'.repeat(30)}`)).toBeNull()
    expect(failureCodeOf(`0x410042${'00'.repeat(29)}`)).toBeNull()
    expect(failureCodeOf(`0x0a${'00'.repeat(31)}`)).toBeNull()
  })
})
