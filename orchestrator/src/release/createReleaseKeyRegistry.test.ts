import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { createReleaseKeyRegistry, type ReleaseKeyReads } from './createReleaseKeyRegistry.js'

type Stored = Awaited<ReturnType<ReleaseKeyReads['readKey']>>
const key = (byte: string, status: Stored['status']): Stored => ({
  publicKey: `0x02${byte.repeat(32)}` as Hex,
  evidenceRef: `0x${byte.repeat(32)}` as Hex,
  policyHash: `0x${'cc'.repeat(32)}` as Hex,
  status,
})

function fakeChain(keys: Stored[]) {
  const reads: string[] = []
  return {
    keys,
    reads,
    chain: {
      nextKeyId: async () => {
        reads.push('next')
        return keys.length + 1
      },
      readKey: async (id: number) => {
        reads.push(`key ${id}`)
        return keys[id - 1] ?? { ...key('00', 'None'), publicKey: '0x' as Hex }
      },
    } satisfies ReleaseKeyReads,
  }
}

describe('createReleaseKeyRegistry', () => {
  test('default: finds a key by its public key (any case) and reads its status now', async () => {
    const fake = fakeChain([key('aa', 'Retired'), key('bb', 'Active')])
    const registry = createReleaseKeyRegistry(fake.chain)
    expect(await registry.lookup(`0x02${'BB'.repeat(32)}`)).toEqual({
      keyId: 2,
      publicKey: `0x02${'bb'.repeat(32)}`,
      evidenceRef: `0x${'bb'.repeat(32)}`,
      policyHash: `0x${'cc'.repeat(32)}`,
      status: 'Active',
    })
    expect(fake.reads).toEqual(['next', 'key 1', 'key 2', 'key 2'])
    // A revocation counts at once; the id is remembered (no new scan).
    fake.keys[1] = key('bb', 'Revoked')
    expect((await registry.lookup(`0x02${'bb'.repeat(32)}`))?.status).toBe('Revoked')
    expect(fake.reads.slice(4)).toEqual(['key 2'])
  })

  test('behavior: an unregistered key is undefined; keys registered later are found by scanning on', async () => {
    const fake = fakeChain([key('aa', 'Active')])
    const registry = createReleaseKeyRegistry(fake.chain)
    expect(await registry.lookup(`0x02${'dd'.repeat(32)}`)).toBeUndefined()
    fake.keys.push(key('dd', 'Active'))
    expect((await registry.lookup(`0x02${'dd'.repeat(32)}`))?.keyId).toBe(2)
    expect(fake.reads).toEqual(['next', 'key 1', 'next', 'key 2', 'key 2'])
  })
})
