import { zgRoot } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import type { ReleaseKeySources } from '../../src/releaseKey/verifyReleaseKey.js'

/** A registered release key as the browser suite sees it: the chain record, the stored evidence and the policy. */
export type ReleaseKeyCase = {
  chainId: number
  dataPolicy: Address
  publicKey: Hex
  evidenceRef: Hex
  policyHash: Hex
  /** The evidence document's text and the orchestrator policy file's text. */
  evidence: string
  policy: string
}

/**
 * In-memory `verifyReleaseKey` sources over key 1 (Active, its orchestrator policy allowed), with the real 0G
 * root of @licen/sdk (no workers: the same code path in Node and in the browser).
 */
export function releaseKeyCaseSources(
  key: ReleaseKeyCase,
  evidence = new TextEncoder().encode(key.evidence),
): ReleaseKeySources {
  return {
    chainId: key.chainId,
    dataPolicy: key.dataPolicy,
    readReleaseKey: async (keyId) =>
      keyId === 1 || keyId === 'current'
        ? {
            keyId: 1,
            publicKey: key.publicKey,
            evidenceRef: key.evidenceRef,
            policyHash: key.policyHash,
            status: 'Active',
          }
        : undefined,
    readPolicyRecord: async (hash) =>
      hash === key.policyHash ? { allowed: true, role: 'orchestrator' } : { allowed: false, role: undefined },
    readEvidence: async (ref) => (ref === key.evidenceRef ? evidence : undefined),
    storageRoot: async (bytes) => (await zgRoot(bytes, { workers: 0 })).root,
    readPolicy: async (hash) => {
      if (hash !== key.policyHash) throw new Error(`no policy file for ${hash}`)
      return JSON.parse(key.policy)
    },
  }
}
