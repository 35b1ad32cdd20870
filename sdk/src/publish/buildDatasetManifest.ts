import { type Address, bytesToHex, getAddress, type Hex, isAddress } from 'viem'
import { DATASET_KEY_DOMAIN, DATASET_OWNER_KEY_DOMAIN } from '../envelope/constants.js'
import { sealDatasetKey } from '../envelope/datasetKey.js'
import { sealOwnerDatasetKey } from '../envelope/ownerDatasetKey.js'
import { parseLcn1Header } from '../lcn1/header.js'
import type { JsonlAnalysis } from '../manifest/JsonlAnalyzer.js'
import { MANIFEST_SCHEMA, type Manifest } from '../manifest/manifestSchema.js'
import { validateManifest } from '../manifest/parseManifest.js'
import { PublishError } from './PublishError.js'

/** What the owner writes about a dataset; everything else in the manifest is measured from the file. */
export type DatasetDetails = {
  name: string
  description: string
  /** Owner's version label, e.g. "1.0.0". */
  version: string
  /**
   * `address` is the account that will call `registerDataset`: the key envelope names it as the dataset owner,
   * and the orchestrator releases the key only for a dataset registered by that account.
   */
  publisher: { address: Address; name?: string | undefined }
  licence: { spdx?: string | undefined; name: string; text: string }
}

/** Parameters of {@link buildDatasetManifest}. */
export type BuildDatasetManifestParameters = {
  details: DatasetDetails
  /** Statistics of the plaintext (`analyzeJsonl`). */
  data: JsonlAnalysis
  /** What `encryptAndRoot` returned for the ciphertext: its 0G root, size and LCN1 header. */
  encrypted: { root: Hex; size: number; header: Uint8Array }
  /** The 32-byte dataset key the ciphertext was encrypted with (sealed here, never copied; the caller wipes it). */
  key: Uint8Array
  /** Compressed release public key (the orchestrator's) the dataset key is sealed to. */
  releasePublicKey: Hex
  /** The release key's chain record when it was verified before sealing (recorded in `keyEnvelope`). */
  releaseKey?: { keyId: number; evidenceRef: Hex } | undefined
  /** Manifest `createdAt` (default now). */
  createdAt?: Date | undefined
  /** The owner's dataset owner public key (`deriveDatasetOwnerKey`): the key is also sealed to it (`ownerKeyEnvelope`). */
  ownerPublicKey?: Hex | undefined
}

/**
 * Builds the validated manifest of an encrypted dataset: seals the key to the release key, bound to the ciphertext
 * root and to the publisher as owner (checksummed), and records the owner's details, the sample-free statistics and
 * the LCN1 parameters. Throws `PUBLISH_INVALID_PUBLISHER` when the publisher is not an address.
 */
export function buildDatasetManifest(parameters: BuildDatasetManifestParameters): Manifest {
  const { details, encrypted } = parameters
  const owner = datasetOwner(details)
  const releasePublicKey = parameters.releasePublicKey.toLowerCase() as Hex
  const envelope = sealDatasetKey({
    releasePublicKey,
    datasetRoot: encrypted.root,
    owner,
    key: parameters.key,
  })
  const header = parseLcn1Header(encrypted.header)
  return validateManifest({
    schema: MANIFEST_SCHEMA,
    name: details.name,
    description: details.description,
    version: details.version,
    publisher: { address: owner, ...(details.publisher.name ? { name: details.publisher.name } : {}) },
    licence: {
      ...(details.licence.spdx ? { spdx: details.licence.spdx } : {}),
      name: details.licence.name,
      text: details.licence.text,
    },
    datasetRoot: encrypted.root,
    createdAt: (parameters.createdAt ?? new Date()).toISOString(),
    data: { format: 'jsonl', ...parameters.data },
    encryption: {
      format: 'LCN1',
      version: 1,
      cipher: 'AES-256-GCM',
      chunkSize: header.chunkSize,
      noncePrefix: bytesToHex(header.noncePrefix),
      ciphertextSize: encrypted.size,
    },
    keyEnvelope: {
      scheme: 'ecies-secp256k1-hkdf-sha256-aes-256-gcm',
      domain: DATASET_KEY_DOMAIN,
      releasePublicKey,
      ...(parameters.releaseKey
        ? { keyId: parameters.releaseKey.keyId, evidenceRef: parameters.releaseKey.evidenceRef }
        : {}),
      envelope: bytesToHex(envelope),
    },
    ...(parameters.ownerPublicKey
      ? {
          ownerKeyEnvelope: {
            scheme: 'ecies-secp256k1-hkdf-sha256-aes-256-gcm',
            domain: DATASET_OWNER_KEY_DOMAIN,
            ownerPublicKey: parameters.ownerPublicKey.toLowerCase(),
            envelope: bytesToHex(
              sealOwnerDatasetKey({
                ownerPublicKey: parameters.ownerPublicKey.toLowerCase() as Hex,
                datasetRoot: encrypted.root,
                owner,
                key: parameters.key,
              }),
            ),
          },
        }
      : {}),
  })
}

/** The checksummed dataset owner of `details` (its publisher); throws `PUBLISH_INVALID_PUBLISHER` for a non-address. */
export function datasetOwner(details: DatasetDetails): Address {
  const publisher = details.publisher.address
  if (typeof publisher !== 'string' || !isAddress(publisher, { strict: true })) {
    throw new PublishError('The publisher is not an address.', {
      code: 'PUBLISH_INVALID_PUBLISHER',
      details: 'publisher.address must be 0x + 40 hex digits (a valid EIP-55 checksum when mixed case)',
    })
  }
  return getAddress(publisher)
}
