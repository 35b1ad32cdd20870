import { describe, expect, test } from 'vitest'
import { expectedSettlement } from './settlementCheck.js'

describe('expectedSettlement', () => {
  test('default', () => {
    expect(
      expectedSettlement({
        royaltyPerEpoch: 1000n,
        pricePerEpoch: 2000n,
        feeBps: 0,
        epochs: 3,
        actualEpochs: 2,
      }),
    ).toEqual({ ownerAmount: 2000n, providerAmount: 4000n, feeAmount: 0n, refund: 3000n })
  })

  test('args: a protocol fee is taken from both payouts, rounding down each', () => {
    expect(
      expectedSettlement({
        royaltyPerEpoch: 999n,
        pricePerEpoch: 1001n,
        feeBps: 250,
        epochs: 2,
        actualEpochs: 2,
      }),
    ).toEqual({ ownerAmount: 1998n - 49n, providerAmount: 2002n - 50n, feeAmount: 99n, refund: 0n })
  })

  test('behavior: zero epochs trained refunds everything', () => {
    expect(
      expectedSettlement({
        royaltyPerEpoch: 5n,
        pricePerEpoch: 7n,
        feeBps: 1000,
        epochs: 4,
        actualEpochs: 0,
      }),
    ).toEqual({ ownerAmount: 0n, providerAmount: 0n, feeAmount: 0n, refund: 48n })
  })
})
