// TEST SUPPORT (unit tests), never imported by the app: the evidence object an
// orchestrator stores for a key release, from the development TEE (genuine TDX quote layout, mock Intel PKI).
import { type EvidenceBundle, parseEvidenceBundle } from '@licen/attestation-policy'
import { createDevTee, DEV_MOCK_PKI_SEED } from '@licen/attestation-policy/dev-tee'
import { reportData } from '@licen/sdk'
import { type Address, bytesToHex, type Hex } from 'viem'

/** Hash of `attestation-policy/policies/local.json` (dev-mock anchor), as `policies/hashes.json` records it. */
export const LOCAL_POLICY_HASH: Hex = '0xb74eacf8862a0d13b5fb30f0d0a306350dc8e4021f66159319b2e1ee8cc15329'

export type DevEvidenceParameters = {
  chainId: number
  dataPolicy: Address
  jobId: bigint
  /** The per-job enclave signer the quote binds. */
  signer: Address
  /** Unix seconds of the verification (the collateral is issued a minute before). */
  verifiedAt: number
  policyHash?: Hex | undefined
  /** Changes the quote after it was signed (tamper tests). */
  tamper?: ((quote: Uint8Array) => void) | undefined
}

/** Evidence bundle JSON bytes of a dev TEE quote bound (sdk `reportData`) to one job attempt. */
export function devEvidence(parameters: DevEvidenceParameters): {
  bundle: EvidenceBundle
  bytes: Uint8Array
} {
  const tee = createDevTee({
    state: { pkiSeed: DEV_MOCK_PKI_SEED, instanceId: new Uint8Array(20).fill(7) },
    now: () => parameters.verifiedAt,
  })
  const binding = {
    chainId: String(parameters.chainId),
    dataPolicy: parameters.dataPolicy.toLowerCase(),
    jobId: parameters.jobId.toString(),
    nonce: `0x${'5a'.repeat(32)}`,
    encPubKey: `0x02${'c3'.repeat(32)}`,
    signer: parameters.signer.toLowerCase(),
  }
  const { quote, eventLog } = tee.quote(
    reportData({
      chainId: BigInt(binding.chainId),
      dataPolicy: parameters.dataPolicy,
      jobId: parameters.jobId,
      nonce: binding.nonce as Hex,
      encPubKey: binding.encPubKey as Hex,
      signer: parameters.signer,
    }),
  )
  parameters.tamper?.(quote)
  const bundle = parseEvidenceBundle({
    format: 'licen/attestation-evidence/v1',
    quote: bytesToHex(quote).slice(2),
    eventLog,
    collateral: tee.collateral(),
    verifiedAt: parameters.verifiedAt,
    policyHash: parameters.policyHash ?? LOCAL_POLICY_HASH,
    binding,
  })
  return { bundle, bytes: new TextEncoder().encode(JSON.stringify(bundle)) }
}
