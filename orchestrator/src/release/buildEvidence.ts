import { type Collateral, type EvidenceBundle, parseEvidenceBundle } from '@licen/attestation-policy'
import canonicalize from 'canonicalize'
import type { Address, Hex } from 'viem'

/** The inputs of one verified key release, as stored for auditors. */
export type EvidenceInput = {
  chainId: number
  dataPolicy: Address
  jobId: bigint
  nonce: Hex
  encPubKey: Hex
  signer: Address
  /** The TDX quote, 0x-hex. */
  quote: Hex
  /** The runtime event log exactly as the provider returned it (JSON text). */
  eventLog: string
  /** The DCAP collateral it was verified with. */
  collateral: Collateral
  policyHash: Hex
  /** Unix seconds of the verification (auditors judge collateral freshness at this time). */
  verifiedAt: number
}

/**
 * Builds the evidence object of one key release, the `EvidenceBundle` of @licen/attestation-policy
 * (`licen/attestation-evidence/v1`, validated with its schema), as RFC 8785 canonical JSON text. The 0G root of
 * these bytes is the job's `attestationRef`; `verifyJob` re-checks a job from them.
 */
export function buildEvidence(input: EvidenceInput): string {
  const bundle: EvidenceBundle = parseEvidenceBundle({
    format: 'licen/attestation-evidence/v1',
    quote: input.quote.slice(2).toLowerCase(),
    eventLog: input.eventLog,
    collateral: input.collateral,
    verifiedAt: input.verifiedAt,
    policyHash: input.policyHash.toLowerCase(),
    binding: {
      chainId: String(input.chainId),
      dataPolicy: input.dataPolicy.toLowerCase(),
      jobId: input.jobId.toString(10),
      nonce: input.nonce.toLowerCase(),
      encPubKey: input.encPubKey.toLowerCase(),
      signer: input.signer.toLowerCase(),
    },
  })
  const text = canonicalize(bundle)
  if (text === undefined) throw new TypeError('evidence is not serialisable')
  return text
}
