import { buildReleaseKeyEvidence, type Collateral } from '@licen/attestation-policy'
import type { StorageAdapter } from '@licen/sdk'
import { type Hex, hexToBytes } from 'viem'
import { errorCode, OrchestratorError } from '../errors.js'
import type { ReleaseKeyring } from './loadReleaseKeyring.js'

export type PublishReleaseKeyEvidenceParameters = {
  keyring: ReleaseKeyring
  storage: StorageAdapter
  /** DCAP collateral of a quote (the orchestrator's collateral cache, the one job evidence uses). */
  collateral: (quote: Uint8Array) => Promise<Collateral>
  /** Unix seconds now. */
  now: () => number
  /** Per-upload timeout. */
  timeoutMs: number
}

/**
 * Builds each held key's attestation evidence (its quote binding `{chainId, dataPolicy, publicKey}` in
 * report_data, the event log and the DCAP collateral) in the release-key evidence format and stores it; the
 * storage root is the key's `evidenceRef` (what `registerReleaseKey` records). Every key must come with a quote.
 */
export async function publishReleaseKeyEvidence(
  parameters: PublishReleaseKeyEvidenceParameters,
): Promise<Map<number, Hex>> {
  const refs = new Map<number, Hex>()
  for (const key of parameters.keyring.keys) {
    const { attestation, chainId, dataPolicy } = key.published
    if (!attestation) {
      throw new OrchestratorError('The release key has no quote to build its evidence from.', {
        code: 'RELEASE_KEY_EVIDENCE_UNAVAILABLE',
        details: `version ${key.version}`,
      })
    }
    try {
      const text = buildReleaseKeyEvidence({
        chainId,
        dataPolicy,
        publicKey: key.publicKey,
        quote: attestation.quote,
        eventLog: attestation.eventLog,
        collateral: await parameters.collateral(hexToBytes(attestation.quote)),
        createdAt: parameters.now(),
      })
      const { root } = await parameters.storage.upload(new TextEncoder().encode(text), {
        signal: AbortSignal.timeout(parameters.timeoutMs),
      })
      refs.set(key.version, root)
    } catch (error) {
      throw new OrchestratorError('The release key evidence could not be built or stored.', {
        code: 'RELEASE_KEY_EVIDENCE_UNAVAILABLE',
        details: `version ${key.version}: ${errorCode(error)}`,
        cause: error,
      })
    }
  }
  return refs
}
