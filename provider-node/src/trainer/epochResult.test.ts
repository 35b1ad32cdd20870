import { keccak256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { hashAdapter, lossToMicro, toEpochResult } from './epochResult.js'

describe('lossToMicro', () => {
  test('default', () => {
    expect(lossToMicro(1.3071234567)).toBe(1_307_123n)
  })

  test('behavior: rounds half away from zero at the sixth decimal', () => {
    expect(lossToMicro(0)).toBe(0n)
    expect(lossToMicro(2.9834995)).toBe(2_983_500n)
    expect(lossToMicro(0.0000004)).toBe(0n)
    expect(lossToMicro(0.0000005)).toBe(1n)
  })

  test('error: TRAINER_NON_FINITE_LOSS', () => {
    for (const loss of [Number.NaN, Number.POSITIVE_INFINITY, -0.1, 2e13]) {
      expect(() => lossToMicro(loss)).toThrowError(
        expect.objectContaining({ code: 'TRAINER_NON_FINITE_LOSS' }),
      )
    }
  })
})

describe('hashAdapter', () => {
  test('default', async () => {
    // keccak256 of the empty string (Ethereum's well-known constant).
    expect(await hashAdapter(new Uint8Array())).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    )
  })

  test('args: sliceBytes does not change the hash, which equals viem keccak256', async () => {
    const bytes = new Uint8Array(100_003)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff
    const expected = keccak256(bytes)
    expect(await hashAdapter(bytes)).toBe(expected)
    expect(await hashAdapter(bytes, 1000)).toBe(expected)
    expect(await hashAdapter(bytes, 7)).toBe(expected)
  })
})

describe('toEpochResult', () => {
  test('default', async () => {
    const adapter = new TextEncoder().encode('adapter bytes')
    expect(
      await toEpochResult({ epoch: 2, samples: 200, meanLoss: 1.5, tokens: 5000, seconds: 2, adapter }),
    ).toEqual({
      epoch: 2,
      samples: 200n,
      lossMicro: 1_500_000n,
      adapterHash: keccak256(adapter),
      meanLoss: 1.5,
      tokens: 5000,
      seconds: 2,
      tokensPerSecond: 2500,
    })
  })
})
