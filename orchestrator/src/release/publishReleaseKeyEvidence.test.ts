import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseReleaseKeyEvidence } from '@licen/attestation-policy'
import {
  DEV_ORCHESTRATOR_APP_COMPOSE,
  type DevTeeAgent,
  startDevTeeAgent,
} from '@licen/attestation-policy/dev-tee'
import { type StorageAdapter, StorageError, zgRoot } from '@licen/sdk'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadReleaseKeyring } from './loadReleaseKeyring.js'
import { publishReleaseKeyEvidence } from './publishReleaseKeyEvidence.js'

const binding = { chainId: 31337, dataPolicy: `0x${'11'.repeat(20)}` as const }
let dir: string
let agent: DevTeeAgent

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-orch-evidence-'))
  agent = await startDevTeeAgent({ port: 0, stateDir: dir, appCompose: DEV_ORCHESTRATOR_APP_COMPOSE })
}, 60_000)

afterAll(async () => {
  await agent?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Storage that keeps uploads in memory (roots computed as the real adapters do). */
function memoryStorage(fail = false) {
  const objects = new Map<string, Uint8Array>()
  const storage = {
    async upload(source: unknown) {
      if (fail) throw new StorageError('The storage node did not answer.', { code: 'STORAGE_UNAVAILABLE' })
      const bytes = source as Uint8Array
      const { root } = await zgRoot(bytes)
      objects.set(root, bytes)
      return { root, size: bytes.length }
    },
  } as unknown as StorageAdapter
  return { storage, objects }
}

const dstack = (versions: number[]) => ({
  source: 'dstack' as const,
  endpoint: agent.url,
  pathPrefix: 'licen/release-key/v',
  versions,
  purpose: 'licen-release',
})

describe('publishReleaseKeyEvidence', () => {
  test('default: one evidence document per version, stored, its root the evidenceRef', async () => {
    const keyring = await loadReleaseKeyring(dstack([1, 2]), binding)
    const { storage, objects } = memoryStorage()
    const refs = await publishReleaseKeyEvidence({
      keyring,
      storage,
      collateral: async () => agent.tee.collateral(),
      now: () => 1_800_000_000,
      timeoutMs: 1_000,
    })
    expect([...refs.keys()]).toEqual([1, 2])
    for (const key of keyring.keys) {
      const evidence = parseReleaseKeyEvidence(objects.get(refs.get(key.version)!)!)
      expect(evidence.binding).toEqual({ ...binding, publicKey: key.publicKey })
      expect(evidence.createdAt).toBe(1_800_000_000)
      expect(evidence.quote).toBe(key.published.attestation!.quote.slice(2))
    }
  })

  test('error: a key without a quote (the env test key) has no evidence', async () => {
    const keyring = await loadReleaseKeyring({ source: 'env', privateKey: `0x${'42'.repeat(32)}` }, binding)
    await expect(
      publishReleaseKeyEvidence({
        keyring,
        storage: memoryStorage().storage,
        collateral: async () => agent.tee.collateral(),
        now: () => 1_800_000_000,
        timeoutMs: 1_000,
      }),
    ).rejects.toMatchObject({
      code: 'RELEASE_KEY_EVIDENCE_UNAVAILABLE',
      shortMessage: 'The release key has no quote to build its evidence from.',
      details: 'version 1',
    })
  })

  test('error: storage down', async () => {
    const keyring = await loadReleaseKeyring(dstack([1]), binding)
    await expect(
      publishReleaseKeyEvidence({
        keyring,
        storage: memoryStorage(true).storage,
        collateral: async () => agent.tee.collateral(),
        now: () => 1_800_000_000,
        timeoutMs: 1_000,
      }),
    ).rejects.toMatchObject({
      code: 'RELEASE_KEY_EVIDENCE_UNAVAILABLE',
      details: 'version 1: STORAGE_UNAVAILABLE',
    })
  })
})
