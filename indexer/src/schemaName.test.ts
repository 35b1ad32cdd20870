import { describe, expect, test } from 'vitest'
import type { Deployment } from './deployment.js'
import { defaultSchemaName, indexingCodeDigest } from './schemaName.js'

const deployment: Deployment = {
  chainId: 31337,
  address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  blockNumber: 1n,
  transactionHash: '0x0ef882ecc80b4a786fe78af0baa1111281db719e4ffe0de14c8bb242c1b985fd',
  abiHash: undefined,
}
const blockHash = `0x${'12'.repeat(32)}` as const

describe('defaultSchemaName', () => {
  test('default: a short lowercase identifier, the same for the same inputs', () => {
    const name = defaultSchemaName({ deployment, blockHash })
    expect(name).toMatch(/^licen_[0-9a-f]{16}$/)
    expect(
      defaultSchemaName({
        deployment: { ...deployment, address: deployment.address.toLowerCase() as `0x${string}` },
        blockHash,
      }),
    ).toBe(name)
  })

  test('behavior: another chain history, contract or chain gives another schema', () => {
    const name = defaultSchemaName({ deployment, blockHash })
    expect(defaultSchemaName({ deployment, blockHash: `0x${'13'.repeat(32)}` })).not.toBe(name)
    expect(defaultSchemaName({ deployment: { ...deployment, chainId: 16602 }, blockHash })).not.toBe(name)
    expect(
      defaultSchemaName({
        deployment: { ...deployment, address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' },
        blockHash,
      }),
    ).not.toBe(name)
    expect(defaultSchemaName({ deployment: { ...deployment, blockNumber: 2n }, blockHash })).not.toBe(name)
  })
})

describe('indexingCodeDigest', () => {
  test('default: a sha256 hex digest, stable across calls', () => {
    const digest = indexingCodeDigest()
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
    expect(indexingCodeDigest()).toBe(digest)
  })
})
