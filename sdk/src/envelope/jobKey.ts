import type { Address, ByteArray, Hex } from 'viem'
import { JOB_KEY_DOMAIN } from './constants.js'
import { canonicalAddress, canonicalBytes32, canonicalUint } from './context.js'
import { openEnvelope } from './openEnvelope.js'
import { type EnvelopePublicKey, sealEnvelope } from './sealEnvelope.js'

/** The job a re-sealed dataset key is bound to. */
export type JobKeyContext = {
  chainId: number | bigint
  /** DataPolicy contract address. */
  contract: Address
  jobId: bigint | number
  datasetRoot: Hex
}

function jobContext(context: JobKeyContext) {
  return {
    chainId: canonicalUint(context.chainId, 'chainId'),
    contract: canonicalAddress(context.contract, 'contract'),
    jobId: canonicalUint(context.jobId, 'jobId'),
    datasetRoot: canonicalBytes32(context.datasetRoot, 'datasetRoot'),
  }
}

/** Seals the dataset key to a provider's per-job encryption key, bound to chain, contract, job and dataset. */
export function sealJobKey(
  parameters: JobKeyContext & { providerPublicKey: EnvelopePublicKey; key: Uint8Array },
): Uint8Array {
  return sealEnvelope({
    publicKey: parameters.providerPublicKey,
    domain: JOB_KEY_DOMAIN,
    context: jobContext(parameters),
    key: parameters.key,
  })
}

/** Opens a job-key envelope with the provider's per-job private key, checking domain and the whole job context. */
export function openJobKey(
  parameters: JobKeyContext & { providerPrivateKey: ByteArray | Hex; envelope: ByteArray | Hex },
): Uint8Array {
  return openEnvelope({
    privateKey: parameters.providerPrivateKey,
    envelope: parameters.envelope,
    domain: JOB_KEY_DOMAIN,
    context: jobContext(parameters),
  })
}
