import type { ByteArray, Hex } from 'viem'
import { DATASET_KEY_DOMAIN } from './constants.js'
import { canonicalBytes32 } from './context.js'
import { openEnvelope } from './openEnvelope.js'
import { type EnvelopePublicKey, sealEnvelope } from './sealEnvelope.js'

export type SealDatasetKeyParameters = {
  /** The release public key (orchestrator) the envelope is sealed to. */
  releasePublicKey: EnvelopePublicKey
  /** 0G root of the LCN1 ciphertext the key decrypts. */
  datasetRoot: Hex
  /** The 32-byte dataset key. */
  key: Uint8Array
}

/** Seals a dataset key to the release key, bound to its dataset root (`licen/dataset-key/v1`). */
export function sealDatasetKey(parameters: SealDatasetKeyParameters): Uint8Array {
  return sealEnvelope({
    publicKey: parameters.releasePublicKey,
    domain: DATASET_KEY_DOMAIN,
    context: { datasetRoot: canonicalBytes32(parameters.datasetRoot, 'datasetRoot') },
    key: parameters.key,
  })
}

export type OpenDatasetKeyParameters = {
  /** The release private key. */
  releasePrivateKey: ByteArray | Hex
  envelope: ByteArray | Hex
  /** Dataset root the caller expects the envelope to be bound to (from chain). */
  datasetRoot: Hex
}

/** Opens a dataset-key envelope and returns the key after checking domain and dataset root. */
export function openDatasetKey(parameters: OpenDatasetKeyParameters): Uint8Array {
  return openEnvelope({
    privateKey: parameters.releasePrivateKey,
    envelope: parameters.envelope,
    domain: DATASET_KEY_DOMAIN,
    context: { datasetRoot: canonicalBytes32(parameters.datasetRoot, 'datasetRoot') },
  })
}
