// The dataset owner's publish flow as the app runs it: encrypt (LCN1), upload, seal the key to the release key
// (bound to the root and to the owner account as publisher), build and upload the manifest, register on chain.
// The options let a test publish what an attacker would: an envelope copied from another dataset, or the owner's
// upload registered by a squatter (with the manifest as published, or rewritten to name the squatter).
import {
  analyzeJsonl,
  DATASET_KEY_DOMAIN,
  encryptLcn1,
  type Manifest,
  parseLcn1Header,
  type StorageAdapter,
  sealDatasetKey,
  serializeManifest,
} from '@licen/sdk'
import { bytesToHex, type Hex } from 'viem'
import type { ChainFixture, DatasetPolicyInput, roles } from './chainFixture.js'

export type PublishedDataset = { datasetRoot: Hex; manifestHash: Hex; key: Uint8Array; manifest: Manifest }

export type PublishParameters = {
  chain: ChainFixture
  storage: StorageAdapter
  releasePublicKey: Hex
  jsonl: string
  policy?: Partial<DatasetPolicyInput> | undefined
  /** Seal the key envelope as if for this dataset root instead (an envelope copied from another dataset). */
  envelopeRoot?: Hex | undefined
  /** Register from this account instead of `owner` (the envelope still names `owner`). */
  registerAs?: keyof typeof roles | undefined
  /** Publisher written into the manifest (default: the `owner` account the envelope names). */
  manifestPublisher?: keyof typeof roles | undefined
  /** Runs once the ciphertext is stored, before the registration (e.g. the owner's commitment). */
  beforeRegister?: ((datasetRoot: Hex) => Promise<void>) | undefined
}

/** Publishes a dataset end to end and returns its roots and key. */
export async function publishDataset(parameters: PublishParameters): Promise<PublishedDataset> {
  const { chain, storage } = parameters
  const plaintext = new TextEncoder().encode(parameters.jsonl)
  const key = crypto.getRandomValues(new Uint8Array(32))
  const chunkSizeLog2 = 12
  const ciphertext = await encryptLcn1(plaintext, { key, chunkSizeLog2 })
  const { root: datasetRoot } = await storage.upload(ciphertext)
  const header = parseLcn1Header(ciphertext.subarray(0, 16))
  const analysis = await analyzeJsonl(new Blob([plaintext]).stream())
  const envelope = sealDatasetKey({
    releasePublicKey: parameters.releasePublicKey,
    datasetRoot: parameters.envelopeRoot ?? datasetRoot,
    owner: chain.addressOf('owner'),
    key,
  })
  const manifest: Manifest = {
    schema: 'licen/manifest/v1',
    name: 'Orchestrator test set',
    description: 'Synthetic instruction pairs.',
    version: '1.0.0',
    publisher: { address: chain.addressOf(parameters.manifestPublisher ?? 'owner') },
    licence: { spdx: 'CC-BY-4.0', name: 'CC BY 4.0', text: 'Attribution 4.0 International' },
    datasetRoot,
    createdAt: '2026-11-21T00:00:00.000Z',
    data: { format: 'jsonl', ...analysis },
    encryption: {
      format: 'LCN1',
      version: 1,
      cipher: 'AES-256-GCM',
      chunkSize: 1 << chunkSizeLog2,
      noncePrefix: bytesToHex(header.noncePrefix),
      ciphertextSize: ciphertext.length,
    },
    keyEnvelope: {
      scheme: 'ecies-secp256k1-hkdf-sha256-aes-256-gcm',
      domain: DATASET_KEY_DOMAIN,
      releasePublicKey: parameters.releasePublicKey.toLowerCase() as Hex,
      envelope: bytesToHex(envelope),
    },
  }
  const { root: manifestHash } = await storage.upload(serializeManifest(manifest))
  await parameters.beforeRegister?.(datasetRoot)
  await chain.registerDataset(datasetRoot, manifestHash, parameters.policy, parameters.registerAs)
  return { datasetRoot, manifestHash, key, manifest }
}
