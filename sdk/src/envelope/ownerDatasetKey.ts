import type { Address, ByteArray, Hex } from 'viem'
import { DATASET_OWNER_KEY_DOMAIN } from './constants.js'
import { datasetKeyContext } from './datasetKey.js'
import { openEnvelope } from './openEnvelope.js'
import { type EnvelopePublicKey, sealEnvelope } from './sealEnvelope.js'

export type SealOwnerDatasetKeyParameters = {
  /** The owner's wallet-derived dataset owner public key (`deriveDatasetOwnerKey`). */
  ownerPublicKey: EnvelopePublicKey
  /** 0G root of the LCN1 ciphertext the key decrypts. */
  datasetRoot: Hex
  /** The publisher, the account whose wallet derived `ownerPublicKey`. */
  owner: Address
  /** The 32-byte dataset key. */
  key: Uint8Array
}

/**
 * Seals a dataset key to its owner's dataset owner key, bound to the dataset root and owner
 * (`licen/dataset-owner-key/v1`): the manifest's owner envelope, which lets the owner re-seal to a newer release key.
 */
export function sealOwnerDatasetKey(parameters: SealOwnerDatasetKeyParameters): Uint8Array {
  return sealEnvelope({
    publicKey: parameters.ownerPublicKey,
    domain: DATASET_OWNER_KEY_DOMAIN,
    context: datasetKeyContext(parameters),
    key: parameters.key,
  })
}

export type OpenOwnerDatasetKeyParameters = {
  /** The owner's wallet-derived dataset owner private key. */
  ownerPrivateKey: ByteArray | Hex
  envelope: ByteArray | Hex
  /** Dataset root the envelope must be bound to. */
  datasetRoot: Hex
  /** The dataset's owner as registered on chain. */
  owner: Address
}

/**
 * Opens an owner envelope: another key is `ENVELOPE_DECRYPT_FAILED`, another root `ENVELOPE_CONTEXT_MISMATCH`,
 * another owner `ENVELOPE_OWNER_MISMATCH`, a release-key envelope `ENVELOPE_DOMAIN_MISMATCH`.
 */
export function openOwnerDatasetKey(parameters: OpenOwnerDatasetKeyParameters): Uint8Array {
  return openEnvelope({
    privateKey: parameters.ownerPrivateKey,
    envelope: parameters.envelope,
    domain: DATASET_OWNER_KEY_DOMAIN,
    context: datasetKeyContext(parameters),
  })
}
