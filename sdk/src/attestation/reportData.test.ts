import { bytesToHex, type Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { reportData } from './reportData.js'

const parameters = {
  chainId: 31337,
  dataPolicy: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  jobId: 7n,
  nonce: bytesToHex(Uint8Array.from({ length: 32 }, (_, i) => i)),
  encPubKey: '0x03d11e94912283d217fd98be5ad59c659aede69bbef0e72a2213edf0fbd8de3cc9',
  signer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
} as const

describe('reportData', () => {
  test('default: frozen vector', () => {
    // Computed independently with Python: hashlib.sha512(b'licen/attest/v1' + (31337).to_bytes(32,'big') +
    // contract(20) + (7).to_bytes(32,'big') + bytes(range(32)) + encPubKey(33) + signer(20)).hexdigest()
    expect(bytesToHex(reportData(parameters))).toBe(
      '0x70b75f871c959578516044dbea57c0f56c1cb37b9215f3da8a516f4a7c5129e34849650ade5968a63729d85f524592a946f1eaacbc17b1b7ee7d2d1195c4135f',
    )
  })

  test('behavior: every field changes the binding', () => {
    const base = bytesToHex(reportData(parameters))
    const variants = [
      { chainId: 1 },
      { dataPolicy: '0x5FbDB2315678afecb367f032d93F642f64180aa4' },
      { jobId: 8n },
      { nonce: `0x${'00'.repeat(31)}01` },
      { encPubKey: '0x02d11e94912283d217fd98be5ad59c659aede69bbef0e72a2213edf0fbd8de3cc9' },
      { signer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C9' },
    ] as const
    const digests = variants.map((change) => bytesToHex(reportData({ ...parameters, ...change })))
    expect(new Set([base, ...digests]).size).toBe(7)
  })

  test('args: bigint chain id, byte inputs, lower-case addresses', () => {
    const same = reportData({
      ...parameters,
      chainId: 31337n,
      nonce: Uint8Array.from({ length: 32 }, (_, i) => i),
      dataPolicy: parameters.dataPolicy.toLowerCase() as Hex,
    })
    expect(bytesToHex(same)).toBe(bytesToHex(reportData(parameters)))
    expect(same.length).toBe(64)
  })

  test.each([
    ['nonce', { nonce: '0x00' }, 'must be 32 bytes'],
    ['encPubKey', { encPubKey: `0x04${'11'.repeat(64)}` }, 'must be 33 bytes'],
    ['chainId', { chainId: -1 }, 'must be a uint256'],
    ['jobId', { jobId: 2n ** 256n }, 'must be a uint256'],
    ['signer', { signer: '0x1234' }, 'must be a 20-byte address'],
  ] as const)('error: %s', (name, change, details) => {
    expect(() => reportData({ ...parameters, ...change } as typeof parameters)).toThrowError(
      expect.objectContaining({
        code: 'REPORT_DATA_INVALID_ARGUMENT',
        shortMessage: `${name} is invalid.`,
        details,
      }),
    )
  })

  test('error: uncompressed prefix on a 33-byte key', () => {
    expect(() => reportData({ ...parameters, encPubKey: `0x04${'11'.repeat(32)}` })).toThrowError(
      expect.objectContaining({ code: 'REPORT_DATA_INVALID_ARGUMENT' }),
    )
  })
})
