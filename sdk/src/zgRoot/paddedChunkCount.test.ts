import { describe, expect, test } from 'vitest'
import { paddedChunkCount } from './paddedChunkCount.js'

describe('paddedChunkCount', () => {
  test('default', () => {
    expect([1, 2, 3, 4, 5, 15, 16, 17, 31, 33].map(paddedChunkCount)).toEqual([
      1, 2, 3, 4, 5, 15, 16, 18, 32, 36,
    ])
  })

  test('behavior: powers of two are kept, others round up to nextPow2/16', () => {
    expect(paddedChunkCount(1024)).toBe(1024)
    expect(paddedChunkCount(1025)).toBe(1152)
    expect(paddedChunkCount(16_385)).toBe(18_432)
    expect(paddedChunkCount(2 ** 30 + 1)).toBe(2 ** 30 + 2 ** 27)
  })

  test('error: non-positive or fractional counts', () => {
    expect(() => paddedChunkCount(0)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: chunks must be a positive safe integer]`,
    )
    expect(() => paddedChunkCount(1.5)).toThrow(RangeError)
  })
})
