import { type Manifest, serializeManifest } from '@licen/sdk'
import type { Hex } from 'viem'
import type { JobReleaseKeySources } from '../src/job/verifyJobReleaseKey.js'
import type { ReleaseKeyRecord } from '../src/releaseKey/verifyReleaseKey.js'
import { RELEASE_BINDING } from './devReleaseKey.js'
import { packageText } from './fixtures.js'
import { fakeRoot, releaseKeySources } from './releaseKeySources.js'

const hashes = JSON.parse(packageText('policies/hashes.json')) as Record<string, Hex>

/** The dataset the audited job (id 7, policy version 2) opened. */
export const JOB_DATASET_ROOT: Hex = `0x${'ab'.repeat(32)}`

/** A valid manifest sealed to the release key `keyEnvelope` names (default: key 1 of `releaseKeySources`). */
export function jobManifest(keyEnvelope: Partial<Manifest['keyEnvelope']>): Manifest {
  return {
    schema: 'licen/manifest/v1',
    name: 'Clinical notes (synthetic)',
    description: 'Instruction pairs.',
    version: '1.0.0',
    publisher: { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', name: 'Acme Lab' },
    licence: {
      spdx: 'CC-BY-NC-4.0',
      name: 'CC BY-NC 4.0',
      text: 'Attribution-NonCommercial 4.0 International',
    },
    datasetRoot: JOB_DATASET_ROOT,
    createdAt: '2026-01-02T03:04:05.000Z',
    data: {
      format: 'jsonl',
      rowCount: 2,
      byteSize: 5000,
      fields: [
        { name: 'prompt', types: ['string'], present: 2, nulls: 0, length: { min: 3, max: 9, mean: 6 } },
      ],
      rows: { minBytes: 20, maxBytes: 30, meanBytes: 25 },
    },
    encryption: {
      format: 'LCN1',
      version: 1,
      cipher: 'AES-256-GCM',
      chunkSize: 1024,
      noncePrefix: '0xa0a1a2a3a4a5a6',
      ciphertextSize: 16 + 5000 + 5 * 16,
    },
    keyEnvelope: {
      scheme: 'ecies-secp256k1-hkdf-sha256-aes-256-gcm',
      domain: 'licen/dataset-key/v2',
      releasePublicKey: RELEASE_BINDING.publicKey,
      envelope: `0x${'22'.repeat(200)}`,
      ...keyEnvelope,
    },
  }
}

/**
 * In-memory sources of the release key that opened job 7's dataset: the job (policy version 2), `manifestAt`,
 * the stored manifest under its root, and key 1 on chain with its evidence (`releaseKeySources`, local
 * orchestrator policy). `manifest` edits the stored manifest; `status` sets the key's status on chain.
 */
export function jobReleaseKeySources(
  parameters: { status?: ReleaseKeyRecord['status']; manifest?: (key: ReleaseKeyRecord) => Manifest } = {},
): JobReleaseKeySources & { key: ReleaseKeyRecord; manifestHash: Hex } {
  const releaseKeys = releaseKeySources({
    policy: {
      json: JSON.parse(packageText('policies/local-orchestrator.json')),
      hash: hashes['local-orchestrator.json']!,
    },
    status: parameters.status,
  })
  const key = releaseKeys.key
  const manifest =
    parameters.manifest?.(key) ?? jobManifest({ keyId: key.keyId, evidenceRef: key.evidenceRef })
  const bytes = serializeManifest(manifest)
  const manifestHash = fakeRoot(bytes)
  return {
    key,
    manifestHash,
    readJobDataset: async (jobId) =>
      jobId === 7n ? { datasetRoot: JOB_DATASET_ROOT, policyVersion: 2 } : undefined,
    readManifestHash: async (root, version) =>
      root === JOB_DATASET_ROOT && version === 2 ? manifestHash : undefined,
    readManifest: async (hash) => (hash === manifestHash ? bytes : undefined),
    storageRoot: fakeRoot,
    releaseKeys,
  }
}
