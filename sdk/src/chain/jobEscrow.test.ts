import { describe, expect, test } from 'vitest'
import { jobEscrow } from './jobEscrow.js'

describe('jobEscrow', () => {
  test('default', () => {
    expect(jobEscrow({ royaltyPerEpoch: 10n ** 15n, pricePerEpoch: 2n * 10n ** 15n, epochs: 2 })).toBe(
      6n * 10n ** 15n,
    )
  })

  test('args: free dataset and provider', () => {
    expect(jobEscrow({ royaltyPerEpoch: 0n, pricePerEpoch: 0n, epochs: 5 })).toBe(0n)
  })

  test('behavior: exact beyond 2^53 (uint128 prices, 65535 epochs)', () => {
    const max = 2n ** 128n - 1n
    expect(jobEscrow({ royaltyPerEpoch: max, pricePerEpoch: max, epochs: 65_535 })).toBe(2n * max * 65_535n)
  })
})
