import type { Address, ByteArray, Hex } from 'viem'
import { RESULT_KEY_DOMAIN } from './constants.js'
import { canonicalAddress, canonicalUint } from './context.js'
import { openEnvelope } from './openEnvelope.js'
import { type EnvelopePublicKey, sealEnvelope } from './sealEnvelope.js'

/** The job a sealed result key belongs to. */
export type ResultKeyContext = {
  chainId: number | bigint
  /** DataPolicy contract address. */
  contract: Address
  jobId: bigint | number
}

function resultContext(context: ResultKeyContext) {
  return {
    chainId: canonicalUint(context.chainId, 'chainId'),
    contract: canonicalAddress(context.contract, 'contract'),
    jobId: canonicalUint(context.jobId, 'jobId'),
  }
}

/** Seals the key of an encrypted result to the researcher's result public key (from `AccessGranted`). */
export function sealResultKey(
  parameters: ResultKeyContext & { resultPublicKey: EnvelopePublicKey; key: Uint8Array },
): Uint8Array {
  return sealEnvelope({
    publicKey: parameters.resultPublicKey,
    domain: RESULT_KEY_DOMAIN,
    context: resultContext(parameters),
    key: parameters.key,
  })
}

/** Opens a result-key envelope with the researcher's derived result private key, checking domain and job. */
export function openResultKey(
  parameters: ResultKeyContext & { resultPrivateKey: ByteArray | Hex; envelope: ByteArray | Hex },
): Uint8Array {
  return openEnvelope({
    privateKey: parameters.resultPrivateKey,
    envelope: parameters.envelope,
    domain: RESULT_KEY_DOMAIN,
    context: resultContext(parameters),
  })
}
