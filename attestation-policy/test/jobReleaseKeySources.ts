export { JOB_DATASET_ROOT, jobManifest } from './jobManifest.js'

import { type Manifest, serializeManifest } from '@licen/sdk'
import type { Hex } from 'viem'
import type { JobReleaseKeySources } from '../src/job/verifyJobReleaseKey.js'
import type { ReleaseKeyRecord } from '../src/releaseKey/verifyReleaseKey.js'
import { packageText } from './fixtures.js'
import { JOB_DATASET_ROOT, jobManifest } from './jobManifest.js'
import { fakeRoot, releaseKeySources } from './releaseKeySources.js'

const hashes = JSON.parse(packageText('policies/hashes.json')) as Record<string, Hex>

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
    parameters.manifest?.(key) ??
    jobManifest({ releasePublicKey: key.publicKey, keyId: key.keyId, evidenceRef: key.evidenceRef })
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
