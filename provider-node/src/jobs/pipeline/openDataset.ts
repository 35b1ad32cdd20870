import { createLcn1DecryptStream, importLcn1Key, type StorageAdapter } from '@licen/sdk'
import type { Hex } from 'viem'
import type { Example } from '../../dataset/parseExample.js'
import { type ExampleStream, type ReadExamplesOptions, readExamples } from '../../dataset/readExamples.js'
import { JobError } from '../JobError.js'
import { createRootCheckStream } from './createRootCheckStream.js'

export type OpenDatasetParameters = {
  storage: StorageAdapter
  datasetRoot: Hex
  /** The 32-byte dataset key; zeroed by this call once imported. */
  key: Uint8Array
  /** Largest ciphertext accepted. */
  maxBytes: number
  /** Limits of the JSONL reader (its `maxBytes` bounds the plaintext). */
  readOptions?: ReadExamplesOptions | undefined
  signal?: AbortSignal | undefined
}

/** A dataset being streamed: validated examples, plus the first failure any stage below them hit. */
export type OpenedDataset = {
  /** Read once, by the trainer. */
  examples: AsyncIterable<Example>
  /** Counts found so far (no content). */
  report: ExampleStream['report']
  /**
   * The first error of download, root check, decryption or validation, whichever came first: a trainer may wrap
   * or replace the error it saw, this keeps the real cause for the failure report.
   */
  failure: () => unknown
}

/** Maps a storage failure of the dataset download to the job failure it means. */
function downloadFailure(error: unknown): unknown {
  const code = (error as { code?: unknown } | undefined)?.code
  if (code === 'STORAGE_NOT_FOUND') {
    return new JobError('Storage holds no object under the dataset root.', {
      code: 'DATASET_NOT_FOUND',
      cause: error,
    })
  }
  if (code === 'STORAGE_ROOT_MISMATCH' || code === 'STORAGE_SIZE_MISMATCH') {
    return new JobError('The dataset bytes do not hash to the dataset root.', {
      code: 'DATASET_ROOT_MISMATCH',
      cause: error,
    })
  }
  if (code === 'STORAGE_TOO_LARGE') {
    return new JobError('The dataset is larger than this node accepts.', {
      code: 'DATASET_TOO_LARGE',
      cause: error,
    })
  }
  if (typeof code === 'string' && code.startsWith('STORAGE_')) {
    return new JobError('The dataset could not be downloaded.', {
      code: 'DATASET_DOWNLOAD_FAILED',
      cause: error,
    })
  }
  return error
}

/**
 * Downloads the dataset ciphertext, checks its 0G root, decrypts it (LCN1) and validates it as JSONL, all
 * streaming: plaintext exists only in memory, and each decrypted chunk is zeroed once the reader moved past it.
 */
export async function openDataset(parameters: OpenDatasetParameters): Promise<OpenedDataset> {
  let cryptoKey: CryptoKey
  try {
    cryptoKey = await importLcn1Key(parameters.key)
  } finally {
    parameters.key.fill(0)
  }
  let first: unknown
  const record = (error: unknown) => {
    if (first === undefined) first = error
    return first
  }
  let download: ReadableStream<Uint8Array>
  try {
    download = await parameters.storage.download(parameters.datasetRoot, { signal: parameters.signal })
  } catch (error) {
    throw record(downloadFailure(error))
  }
  const plaintext = download
    .pipeThrough(
      createRootCheckStream({ expectedRoot: parameters.datasetRoot, maxBytes: parameters.maxBytes }),
    )
    .pipeThrough(createLcn1DecryptStream({ key: cryptoKey, signal: parameters.signal }))

  async function* wiped(): AsyncGenerator<Uint8Array> {
    const reader = plaintext.getReader()
    let done = false
    try {
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>
        try {
          next = await reader.read()
        } catch (error) {
          throw record(downloadFailure(error))
        }
        if (next.done) {
          done = true
          return
        }
        try {
          yield next.value
        } finally {
          next.value.fill(0)
        }
      }
    } finally {
      if (!done) await reader.cancel().catch(() => {})
    }
  }

  const stream = readExamples(wiped(), parameters.readOptions)
  async function* examples(): AsyncGenerator<Example> {
    try {
      yield* stream
    } catch (error) {
      throw record(error)
    }
  }
  return { examples: examples(), report: () => stream.report(), failure: () => first }
}
