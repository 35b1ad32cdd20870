import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { BaseError } from '../errors.js'
import { releaseKeyReportData } from './releaseKeyReportData.js'

const dataPolicy = `0x${'11'.repeat(20)}` as const
const publicKey = `0x02${'ab'.repeat(32)}` as const

describe('releaseKeyReportData', () => {
  test('default: sha512 of the domain, chain id, contract and key, cross-checked with node:crypto', () => {
    const expected = createHash('sha512')
      .update('licen/release-key/v1')
      .update(Buffer.from(`${'00'.repeat(30)}7a69`, 'hex'))
      .update(Buffer.from('11'.repeat(20), 'hex'))
      .update(Buffer.from(`02${'ab'.repeat(32)}`, 'hex'))
      .digest('hex')
    const bytes = releaseKeyReportData({ chainId: 31337, dataPolicy, publicKey })
    expect(bytes).toHaveLength(64)
    expect(Buffer.from(bytes).toString('hex')).toBe(expected)
  })

  test('behavior: every input is bound (another chain, contract or key gives another value)', () => {
    const base = Buffer.from(releaseKeyReportData({ chainId: 31337, dataPolicy, publicKey })).toString('hex')
    const others = [
      { chainId: 1, dataPolicy, publicKey },
      { chainId: 31337, dataPolicy: `0x${'12'.repeat(20)}` as const, publicKey },
      { chainId: 31337, dataPolicy, publicKey: `0x03${'ab'.repeat(32)}` as const },
    ].map((b) => Buffer.from(releaseKeyReportData(b)).toString('hex'))
    expect(new Set([base, ...others]).size).toBe(4)
  })

  test.each([
    ['an uncompressed key', { chainId: 1, dataPolicy, publicKey: `0x04${'ab'.repeat(64)}` as const }],
    [
      'a 33-byte value without a compressed prefix',
      { chainId: 1, dataPolicy, publicKey: `0x05${'ab'.repeat(32)}` as const },
    ],
    ['chain id 0', { chainId: 0, dataPolicy, publicKey }],
    ['a short contract address', { chainId: 1, dataPolicy: '0x1111' as const, publicKey }],
  ])('error: %s is refused INPUT_INVALID', (_, binding) => {
    const error = (() => {
      try {
        releaseKeyReportData(binding)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(BaseError)
    expect([(error as BaseError).code, (error as BaseError).shortMessage]).toEqual([
      'INPUT_INVALID',
      'invalid release key binding',
    ])
  })
})
