import { type Address, bytesToHex, getAddress, type Hex, isAddress } from 'viem'
import { DATASET_KEY_DOMAIN } from '../envelope/constants.js'
import { sealDatasetKey } from '../envelope/datasetKey.js'
import { parseLcn1Header } from '../lcn1/header.js'
import { JsonlAnalyzer } from '../manifest/JsonlAnalyzer.js'
import { MANIFEST_SCHEMA, type Manifest } from '../manifest/manifestSchema.js'
import { serializeManifest, validateManifest } from '../manifest/parseManifest.js'
import type { StorageAdapter } from '../storage/types.js'
import { encryptAndRoot } from './encryptAndRoot.js'
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

/** Stages of {@link publishDataset}, in order. */
export type PublishStage = 'analyze' | 'encrypt-upload' | 'upload-manifest'

/** Parameters of {@link publishDataset}. */
export type PublishDatasetParameters = {
  /** The JSONL plaintext (a browser File, or `fs.openAsBlob(path)` in Node): read twice, never held whole. */
  source: Blob
  storage: StorageAdapter
  /** Compressed release public key (the orchestrator's) the dataset key is sealed to. */
  releasePublicKey: Hex
  details: DatasetDetails
  /** LCN1 chunk size as log2 (default 1 MiB chunks). */
  chunkSizeLog2?: number | undefined
  /** Manifest `createdAt` (default now). */
  createdAt?: Date | undefined
  onProgress?: ((progress: { stage: PublishStage; bytes: number; totalBytes: number }) => void) | undefined
  signal?: AbortSignal | undefined
}

/** What {@link publishDataset} stored: the roots to register on chain and the manifest. */
export type PublishDatasetReturnType = {
  datasetRoot: Hex
  manifestHash: Hex
  manifest: Manifest
  ciphertextSize: number
}

/**
 * Publishes a JSONL dataset to storage the way the app does: analyses it (sample-free stats), encrypts it to LCN1
 * with a fresh key while rooting and uploading the ciphertext in one pass, seals the key to the release key bound
 * to the root and to the publisher as owner, and uploads the manifest. The publisher's account then registers
 * `datasetRoot` + `manifestHash` on chain (any other registrant gets no key release).
 */
export async function publishDataset(
  parameters: PublishDatasetParameters,
): Promise<PublishDatasetReturnType> {
  const { source, storage, signal, onProgress } = parameters
  const publisher = parameters.details.publisher.address
  if (typeof publisher !== 'string' || !isAddress(publisher, { strict: true })) {
    throw new PublishError('PUBLISH_INVALID_PUBLISHER', 'The publisher is not an address.', {
      details: 'publisher.address must be 0x + 40 hex digits (a valid EIP-55 checksum when mixed case)',
    })
  }
  const owner = getAddress(publisher)
  const totalBytes = source.size
  const analyzer = new JsonlAnalyzer()
  let analyzed = 0
  const reader = source.stream().getReader()
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel().catch(() => {})
      throw new PublishError('PUBLISH_ABORTED', 'Publishing was aborted.', { cause: signal.reason })
    }
    const { done, value } = await reader.read()
    if (done) break
    analyzer.push(value)
    analyzed += value.length
    onProgress?.({ stage: 'analyze', bytes: analyzed, totalBytes })
  }
  const data = analyzer.finish()

  const key = crypto.getRandomValues(new Uint8Array(32))
  try {
    // Ciphertext flows from the encryptor straight into the upload: rooted and sent in the same pass. Whichever
    // side fails first stops the other, and its error is the one reported.
    const channel = new TransformStream<Uint8Array, Uint8Array>()
    const inner = new AbortController()
    const both = signal ? AbortSignal.any([signal, inner.signal]) : inner.signal
    const stopOther = (error: unknown): never => {
      inner.abort(error)
      throw error
    }
    const [encrypted, uploaded] = await Promise.all([
      encryptAndRoot({
        source,
        sink: channel.writable,
        key,
        chunkSizeLog2: parameters.chunkSizeLog2,
        signal: both,
        onProgress: ({ bytes }) => onProgress?.({ stage: 'encrypt-upload', bytes, totalBytes }),
      }).catch(stopOther),
      storage.upload(channel.readable, { signal: both }).catch(stopOther),
    ])
    if (uploaded.root !== encrypted.root || uploaded.size !== encrypted.size) {
      throw new PublishError('PUBLISH_ROOT_MISMATCH', 'Storage stored the dataset under another root.', {
        details: `${uploaded.root} ≠ ${encrypted.root}`,
      })
    }
    const releasePublicKey = parameters.releasePublicKey.toLowerCase() as Hex
    const envelope = sealDatasetKey({ releasePublicKey, datasetRoot: encrypted.root, owner, key })
    const header = parseLcn1Header(encrypted.header)
    const { details } = parameters
    const manifest = validateManifest({
      schema: MANIFEST_SCHEMA,
      name: details.name,
      description: details.description,
      version: details.version,
      publisher: {
        address: owner,
        ...(details.publisher.name ? { name: details.publisher.name } : {}),
      },
      licence: {
        ...(details.licence.spdx ? { spdx: details.licence.spdx } : {}),
        name: details.licence.name,
        text: details.licence.text,
      },
      datasetRoot: encrypted.root,
      createdAt: (parameters.createdAt ?? new Date()).toISOString(),
      data: { format: 'jsonl', ...data },
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
        envelope: bytesToHex(envelope),
      },
    })
    const manifestBytes = serializeManifest(manifest)
    const stored = await storage.upload(manifestBytes, {
      signal,
      onProgress: ({ bytes }) =>
        onProgress?.({ stage: 'upload-manifest', bytes, totalBytes: manifestBytes.length }),
    })
    return {
      datasetRoot: encrypted.root,
      manifestHash: stored.root,
      manifest,
      ciphertextSize: encrypted.size,
    }
  } finally {
    key.fill(0)
  }
}
