import {
  type AttestReleaseKey,
  type DatasetOwnerKeySigner,
  deriveDatasetOwnerKey,
  resolveReleaseKey,
} from '@licen/sdk'
import type { Hex } from 'viem'
import type { SealTo } from './publishProtocol.js'

/**
 * Who a new dataset key is sealed to, decided before anything is read or encrypted: the chain's current release
 * key once `attestReleaseKey` verified it (`RELEASE_KEY_NOT_ATTESTED` otherwise; a served key unlike it is
 * `PUBLISH_RELEASE_KEY_MISMATCH`, as in the sdk's `publishDataset`), then the owner's wallet-derived key (one
 * signature; its private half is wiped here, the page never keeps it).
 */
export async function sealTarget(parameters: {
  attestReleaseKey: AttestReleaseKey
  /** The key the orchestrator serves or config.json pins, checked against the attested one. */
  servedKey: Hex | undefined
  ownerKeySigner: DatasetOwnerKeySigner
  signal?: AbortSignal | undefined
}): Promise<SealTo> {
  const release = await resolveReleaseKey({
    attestReleaseKey: parameters.attestReleaseKey,
    releasePublicKey: parameters.servedKey,
    signal: parameters.signal,
  })
  const attested = release.attested!
  const pair = await deriveDatasetOwnerKey(parameters.ownerKeySigner)
  pair.privateKey.fill(0)
  return {
    releasePublicKey: release.publicKey,
    releaseKey: { keyId: attested.keyId, evidenceRef: attested.evidenceRef },
    ownerPublicKey: pair.publicKey,
  }
}
