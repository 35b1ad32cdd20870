import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { releaseKeyReportData } from './releaseKeyBinding.js'

describe('releaseKeyReportData', () => {
  test('default: sha512 of the domain, chain id, contract and key, cross-checked with node:crypto', () => {
    const publicKey = `0x02${'ab'.repeat(32)}` as const
    const dataPolicy = `0x${'11'.repeat(20)}` as const
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

  test('error: args: a key that is not 33 bytes', () => {
    expect(() =>
      releaseKeyReportData({
        chainId: 1,
        dataPolicy: `0x${'11'.repeat(20)}`,
        publicKey: `0x04${'ab'.repeat(64)}`,
      }),
    ).toThrowError('invalid release key binding')
  })
})
