import type { Hex } from 'viem'

/** A release key's status on chain (`IDataPolicy.ReleaseKeyStatus` without `None`). */
export type ReleaseKeyStatus = 'Active' | 'Retired' | 'Revoked'

/** A release key as registered on chain. */
export type RegisteredReleaseKey = {
  keyId: number
  /** Compressed secp256k1 public key, lower-case. */
  publicKey: Hex
  evidenceRef: Hex
  policyHash: Hex
  status: ReleaseKeyStatus
}

/** What the orchestrator reads of the on-chain release-key registry. */
export type ReleaseKeyRegistry = {
  /** The registration of this public key (any case), its status read now; undefined when never registered. */
  lookup: (publicKey: Hex) => Promise<RegisteredReleaseKey | undefined>
}

/** The two chain reads the registry is built from (`nextReleaseKeyId`, `getReleaseKey`). */
export type ReleaseKeyReads = {
  nextKeyId: () => Promise<number>
  /** Key `keyId`; status `None` for an unknown id. */
  readKey: (keyId: number) => Promise<{
    publicKey: Hex
    evidenceRef: Hex
    policyHash: Hex
    status: ReleaseKeyStatus | 'None'
  }>
}

/** Most keys scanned in one lookup: a registry is a handful of keys; more means something is wrong. */
const MAX_SCAN = 1_024

/**
 * The registry over chain reads. A key id's public key never changes once registered (ids are sequential from 1),
 * so ids are scanned once and remembered; the status is read again on every lookup (a revocation counts at once).
 */
export function createReleaseKeyRegistry(reads: ReleaseKeyReads): ReleaseKeyRegistry {
  const idByPublicKey = new Map<string, number>()
  let scanned = 0
  return {
    async lookup(publicKey) {
      const wanted = publicKey.toLowerCase()
      let keyId = idByPublicKey.get(wanted)
      if (keyId === undefined) {
        const next = Math.min(await reads.nextKeyId(), scanned + 1 + MAX_SCAN)
        for (let id = scanned + 1; id < next; id++) {
          const key = await reads.readKey(id)
          if (key.status === 'None') break
          idByPublicKey.set(key.publicKey.toLowerCase(), id)
          scanned = id
        }
        keyId = idByPublicKey.get(wanted)
        if (keyId === undefined) return undefined
      }
      const key = await reads.readKey(keyId)
      if (key.status === 'None' || key.publicKey.toLowerCase() !== wanted) return undefined
      return {
        keyId,
        publicKey: wanted as Hex,
        evidenceRef: key.evidenceRef,
        policyHash: key.policyHash,
        status: key.status,
      }
    },
  }
}
