import type { Address, ByteArray, Hex } from 'viem'
import { DATASET_KEY_DOMAIN } from './constants.js'
import { canonicalBytes32, checksumAddress } from './context.js'
import { openEnvelope } from './openEnvelope.js'
import { type EnvelopePublicKey, sealEnvelope } from './sealEnvelope.js'

export type SealDatasetKeyParameters = {
  /** The release public key (orchestrator) the envelope is sealed to. */
  releasePublicKey: EnvelopePublicKey
  /** 0G root of the LCN1 ciphertext the key decrypts. */
  datasetRoot: Hex
  /**
   * The publisher: the account that will call `registerDataset`. Only the holder of the key can seal an envelope
   * naming them, so a copied root and manifest registered by anyone else gets no key release.
   */
  owner: Address
  /** The 32-byte dataset key. */
  key: Uint8Array
}

/** Seals a dataset key to the release key, bound to its dataset root and owner (`licen/dataset-key/v2`). */
export function sealDatasetKey(parameters: SealDatasetKeyParameters): Uint8Array {
  return sealEnvelope({
    publicKey: parameters.releasePublicKey,
    domain: DATASET_KEY_DOMAIN,
    context: datasetKeyContext(parameters),
    key: parameters.key,
  })
}

export type OpenDatasetKeyParameters = {
  /** The release private key. */
  releasePrivateKey: ByteArray | Hex
  envelope: ByteArray | Hex
  /** Dataset root the caller expects the envelope to be bound to (from chain). */
  datasetRoot: Hex
  /** The dataset's owner as registered on chain (`getDataset(datasetRoot).owner`). */
  owner: Address
}

/**
 * Opens a dataset-key envelope and returns the key after checking domain, dataset root and owner: another root
 * throws `ENVELOPE_CONTEXT_MISMATCH`, another owner `ENVELOPE_OWNER_MISMATCH`, a v1 envelope (no owner)
 * `ENVELOPE_DOMAIN_MISMATCH`.
 */
export function openDatasetKey(parameters: OpenDatasetKeyParameters): Uint8Array {
  return openEnvelope({
    privateKey: parameters.releasePrivateKey,
    envelope: parameters.envelope,
    domain: DATASET_KEY_DOMAIN,
    context: datasetKeyContext(parameters),
  })
}

/** The context a dataset key is bound to, in the release and the owner envelope alike: its root and its owner. */
export function datasetKeyContext(parameters: { datasetRoot: Hex; owner: Address }) {
  return {
    datasetRoot: canonicalBytes32(parameters.datasetRoot, 'datasetRoot'),
    owner: checksumAddress(parameters.owner, 'owner'),
  }
}
