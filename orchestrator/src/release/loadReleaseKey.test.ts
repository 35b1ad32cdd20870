import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { verifyEvidence } from '@licen/attestation-policy'
import { type DevTeeAgent, devMockRootCa, startDevTeeAgent } from '@licen/attestation-policy/dev-tee'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, hexToBytes } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadReleaseKey } from './loadReleaseKey.js'
import { releaseKeyReportData } from './releaseKeyBinding.js'

const binding = { chainId: 31337, dataPolicy: `0x${'11'.repeat(20)}` as const }
let dir: string
let agent: DevTeeAgent

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-orch-key-'))
  agent = await startDevTeeAgent({ port: 0, stateDir: dir })
}, 60_000)

afterAll(async () => {
  await agent?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('loadReleaseKey', () => {
  test('default: env key, published without the private key', async () => {
    const secret = `0x${'42'.repeat(32)}` as const
    const key = await loadReleaseKey({ source: 'env', privateKey: secret }, binding)
    expect(key.publicKey).toBe(bytesToHex(secp256k1.getPublicKey(hexToBytes(secret), true)))
    expect(key.published).toEqual({ publicKey: key.publicKey, source: 'env', ...binding })
    expect(JSON.stringify(key.published)).not.toContain('42'.repeat(32))
    expect(key.withPrivateKey((sk) => bytesToHex(sk))).toBe(secret)
    key.wipe()
    expect(key.withPrivateKey((sk) => bytesToHex(sk))).toBe(`0x${'00'.repeat(32)}`)
  })

  test('behavior: dstack derives the key and publishes a quote binding it to this chain and contract', async () => {
    const source = {
      source: 'dstack' as const,
      endpoint: agent.url,
      path: 'licen/release-key/v1',
      purpose: 'licen-release',
    }
    const key = await loadReleaseKey(source, binding)
    // Deterministic: the same CVM (here the dev agent) derives the same key again.
    expect((await loadReleaseKey(source, binding)).publicKey).toBe(key.publicKey)
    expect(key.published.source).toBe('dstack')
    expect(key.published.signatureChain?.length).toBeGreaterThan(0)
    const expected = releaseKeyReportData({ ...binding, publicKey: key.publicKey })
    expect(key.published.attestation?.reportData).toBe(bytesToHex(expected))
    const verdict = await verifyEvidence(
      { quote: hexToBytes(key.published.attestation!.quote), eventLog: key.published.attestation!.eventLog },
      undefined,
      {
        collateral: agent.tee.collateral(),
        now: Math.floor(Date.now() / 1000),
        trustAnchor: 'dev-mock',
        devMockRootCa: devMockRootCa(),
        expectedReportData: expected,
      },
    )
    expect(verdict.checks.filter((check) => check.status !== 'pass')).toEqual([])
  })

  test.each([
    ['zero', `0x${'00'.repeat(32)}`],
    ['the curve order', '0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'],
  ] as const)('error: env key %s', async (_, privateKey) => {
    await expect(loadReleaseKey({ source: 'env', privateKey }, binding)).rejects.toMatchObject({
      code: 'RELEASE_KEY_UNAVAILABLE',
      shortMessage: 'The release key is not a valid secp256k1 private key.',
    })
  })

  test('error: no dstack agent', async () => {
    await expect(
      loadReleaseKey({ source: 'dstack', endpoint: 'http://127.0.0.1:9', path: 'p', purpose: '' }, binding),
    ).rejects.toMatchObject({
      code: 'RELEASE_KEY_UNAVAILABLE',
      shortMessage: 'The release key could not be derived from dstack.',
    })
  })
})
