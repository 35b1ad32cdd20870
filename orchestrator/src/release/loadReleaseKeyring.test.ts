import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DevTeeAgent, startDevTeeAgent } from '@licen/attestation-policy/dev-tee'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, hexToBytes } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadReleaseKeyring } from './loadReleaseKeyring.js'
import { releaseKeyReportData } from './releaseKeyBinding.js'

const binding = { chainId: 31337, dataPolicy: `0x${'11'.repeat(20)}` as const }
let dir: string
let agent: DevTeeAgent

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-orch-keyring-'))
  agent = await startDevTeeAgent({ port: 0, stateDir: dir })
}, 60_000)

afterAll(async () => {
  await agent?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const dstack = (versions: number[]) => ({
  source: 'dstack' as const,
  endpoint: agent.url,
  pathPrefix: 'licen/release-key/v',
  versions,
  purpose: 'licen-release',
})

describe('loadReleaseKeyring', () => {
  test('default: one dstack version, derived at licen/release-key/v1 with its quote', async () => {
    const keyring = await loadReleaseKeyring(dstack([1]), binding)
    const expected = bytesToHex(
      secp256k1.getPublicKey(
        hexToBytes(`0x${agent.tee.getKey('licen/release-key/v1', 'licen-release').key}`),
        true,
      ),
    )
    expect(keyring.keys.map((key) => [key.version, key.path, key.publicKey])).toEqual([
      [1, 'licen/release-key/v1', expected],
    ])
    expect(keyring.current.publicKey).toBe(expected)
    expect(keyring.current.published.attestation?.reportData).toBe(
      bytesToHex(releaseKeyReportData({ ...binding, publicKey: expected })),
    )
  })

  test('behavior: rotation derives a new key per version; the highest is current; old ones stay findable', async () => {
    const one = await loadReleaseKeyring(dstack([1]), binding)
    const both = await loadReleaseKeyring(dstack([2, 1]), binding)
    expect(both.keys.map((key) => key.version)).toEqual([1, 2])
    expect(both.keys[0]!.publicKey).toBe(one.current.publicKey)
    expect(both.current.version).toBe(2)
    expect(both.current.publicKey).not.toBe(one.current.publicKey)
    expect(both.find(one.current.publicKey.toUpperCase().replace('0X', '0x') as never)?.version).toBe(1)
    expect(both.find(`0x02${'00'.repeat(32)}`)).toBeUndefined()
    both.wipe()
    expect(both.keys.map((key) => key.withPrivateKey((sk) => bytesToHex(sk)))).toEqual([
      `0x${'00'.repeat(32)}`,
      `0x${'00'.repeat(32)}`,
    ])
  })

  test('behavior: env key is version 1 without a path', async () => {
    const keyring = await loadReleaseKeyring({ source: 'env', privateKey: `0x${'42'.repeat(32)}` }, binding)
    expect(keyring.keys.map((key) => [key.version, key.path])).toEqual([[1, undefined]])
    expect(keyring.current.publicKey).toBe(
      bytesToHex(secp256k1.getPublicKey(hexToBytes(`0x${'42'.repeat(32)}`), true)),
    )
  })

  test('error: no dstack agent', async () => {
    await expect(
      loadReleaseKeyring({ ...dstack([1, 2]), endpoint: 'http://127.0.0.1:9' }, binding),
    ).rejects.toMatchObject({ code: 'RELEASE_KEY_UNAVAILABLE' })
  })
})
