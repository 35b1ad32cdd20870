import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex } from '@noble/hashes/utils'
import type { Hex } from 'viem'
import type {
  ReleaseKeyPolicyRecord,
  ReleaseKeyRecord,
  ReleaseKeySources,
} from '../src/releaseKey/verifyReleaseKey.js'
import { devReleaseKeyEvidence, RELEASE_BINDING } from './devReleaseKey.js'

/** Stand-in for the 0G storage root: any collision-resistant hash exercises the same checks. */
export const fakeRoot = (bytes: Uint8Array): Hex => `0x${bytesToHex(keccak_256(bytes))}`

/** A policy file with its recorded hash. */
export type PolicyFixture = { json: unknown; hash: Hex }

/**
 * In-memory release-key sources: key 1 on chain (its evidence stored under its root), one policy file and its
 * on-chain record. Each part can be replaced to build a bad input.
 */
export function releaseKeySources(parameters: {
  policy: PolicyFixture
  evidence?: string
  status?: ReleaseKeyRecord['status']
  policyRecord?: Partial<ReleaseKeyPolicyRecord>
  stored?: boolean
}): ReleaseKeySources & { key: ReleaseKeyRecord } {
  const bytes = new TextEncoder().encode(parameters.evidence ?? devReleaseKeyEvidence())
  const key: ReleaseKeyRecord = {
    keyId: 1,
    publicKey: RELEASE_BINDING.publicKey,
    evidenceRef: fakeRoot(bytes),
    policyHash: parameters.policy.hash,
    status: parameters.status ?? 'Active',
  }
  return {
    key,
    chainId: RELEASE_BINDING.chainId,
    dataPolicy: RELEASE_BINDING.dataPolicy,
    readReleaseKey: async (keyId) =>
      keyId === 1 || (keyId === 'current' && key.status === 'Active') ? key : undefined,
    readPolicyRecord: async (hash) =>
      hash === parameters.policy.hash
        ? { allowed: true, role: 'orchestrator', uri: 'policies/', ...parameters.policyRecord }
        : { allowed: false, role: undefined },
    readEvidence: async (ref) => (parameters.stored !== false && ref === key.evidenceRef ? bytes : undefined),
    storageRoot: fakeRoot,
    readPolicy: async (hash) => {
      if (hash !== parameters.policy.hash) throw new Error(`no policy file for ${hash}`)
      return parameters.policy.json
    },
  }
}
