import type { Hex } from 'viem'
import { analyzeJsonl } from '../manifest/JsonlAnalyzer.js'
import type { Manifest } from '../manifest/manifestSchema.js'
import { serializeManifest } from '../manifest/parseManifest.js'
import type { StorageAdapter } from '../storage/types.js'
import { buildDatasetManifest, type DatasetDetails, datasetOwner } from './buildDatasetManifest.js'
import { encryptAndRoot } from './encryptAndRoot.js'
import { PublishError } from './PublishError.js'

export type { DatasetDetails } from './buildDatasetManifest.js'

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
  // A publisher that is not an address is refused before anything is read or uploaded.
  datasetOwner(parameters.details)
  const totalBytes = source.size
  const data = await analyzeJsonl(source.stream(), {
    signal,
    onProgress: (bytes) => onProgress?.({ stage: 'analyze', bytes, totalBytes }),
  }).catch((error: unknown) => {
    if (signal?.aborted)
      throw new PublishError('Publishing was aborted.', { code: 'PUBLISH_ABORTED', cause: signal.reason })
    throw error
  })

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
      throw new PublishError('Storage stored the dataset under another root.', {
        code: 'PUBLISH_ROOT_MISMATCH',
        details: `${uploaded.root} ≠ ${encrypted.root}`,
      })
    }
    const manifest = buildDatasetManifest({
      details: parameters.details,
      data,
      encrypted,
      key,
      releasePublicKey: parameters.releasePublicKey,
      createdAt: parameters.createdAt,
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
