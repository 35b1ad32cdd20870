import { errorOnAbort, throwIfAborted } from './abort.js'
import { ByteQueue } from './ByteQueue.js'
import { decryptLcn1Chunk } from './chunk.js'
import { LCN1_HEADER_SIZE, LCN1_MAX_CHUNKS, LCN1_TAG_SIZE } from './constants.js'
import { chunkTagKey, diagnoseChunkFailure } from './diagnoseChunkFailure.js'
import { type Lcn1Header, parseLcn1Header } from './header.js'
import { assertLcn1Key, importLcn1Key, type Lcn1Key } from './importLcn1Key.js'
import { Lcn1Error } from './Lcn1Error.js'
import type { Lcn1Progress } from './progress.js'
import { lcn1ChunkCount } from './sizes.js'

/** Earlier chunk tags remembered to recognise a duplicated chunk (16 B each; older ones use the window only). */
const SEEN_TAGS_LIMIT = 65_536

export type CreateLcn1DecryptStreamParameters = {
  /** 32-byte AES-256 key or an AES-GCM CryptoKey. */
  key: Lcn1Key
  /** The 16-byte header the stream must start with (e.g. rebuilt from the manifest); any difference fails. */
  expectedHeader?: Uint8Array | undefined
  /**
   * Plaintext size when known (e.g. from the manifest): chunk boundaries and the final chunk then follow from it,
   * so a stream cut inside a chunk is `LCN1_TRUNCATED` and bytes after the final chunk `LCN1_TRAILING_DATA`.
   */
  plaintextSize?: number | undefined
  /** Chunks decrypted at once; default 2. */
  concurrency?: number | undefined
  /** Called after each authenticated chunk is written out. */
  onProgress?: ((progress: Lcn1Progress) => void) | undefined
  /** Aborting errors the stream with `LCN1_ABORTED`. */
  signal?: AbortSignal | undefined
}

type Job = {
  position: number
  last: boolean
  sealed: Uint8Array<ArrayBuffer>
  plaintext: Promise<Uint8Array<ArrayBuffer> | undefined>
}

/**
 * Creates a streaming LCN1 decryptor. It emits only authenticated plaintext, chunk by chunk, and errors the
 * stream (never closes it normally) on any truncation, extension, reordering, duplication, edit or wrong key,
 * so a consumer that sees the stream close has the complete plaintext.
 */
export function createLcn1DecryptStream(
  parameters: CreateLcn1DecryptStreamParameters,
): TransformStream<Uint8Array, Uint8Array<ArrayBuffer>> {
  assertLcn1Key(parameters.key)
  const { signal, onProgress, plaintextSize, expectedHeader } = parameters
  const concurrency = parameters.concurrency ?? 2
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new Lcn1Error('concurrency must be an integer in 1..16.', { code: 'LCN1_INVALID_ARGUMENT' })
  }
  if (plaintextSize !== undefined && (!Number.isSafeInteger(plaintextSize) || plaintextSize < 0)) {
    throw new Lcn1Error('plaintextSize must be a non-negative safe integer.', {
      code: 'LCN1_INVALID_ARGUMENT',
    })
  }
  if (expectedHeader !== undefined && expectedHeader.length !== LCN1_HEADER_SIZE) {
    throw new Lcn1Error('expectedHeader must be 16 bytes.', { code: 'LCN1_INVALID_ARGUMENT' })
  }

  let key: CryptoKey
  let header: Uint8Array<ArrayBuffer> | undefined
  let parsed: Lcn1Header | undefined
  // Known layout when plaintextSize is given: chunk count and the sealed size of the final chunk.
  let chunkCount: number | undefined
  let finalSealedSize = 0
  let received = 0
  let position = 0
  let done = 0
  // Chunk 0 failed in a way only chunk 1 can explain: key wrong (chunk 1 fails too) or chunk 0 modified.
  let firstChunkUnexplained = false
  const queue = new ByteQueue()
  const inflight: Job[] = []
  const seenTags = new Map<string, number>()
  let stopListening = () => {}

  const readHeader = () => {
    const bytes = queue.take(LCN1_HEADER_SIZE)
    parsed = parseLcn1Header(bytes)
    if (expectedHeader && !bytes.every((byte, i) => byte === expectedHeader[i])) {
      throw new Lcn1Error('LCN1 header differs from the expected one.', { code: 'LCN1_HEADER_MISMATCH' })
    }
    header = bytes
    if (plaintextSize !== undefined) {
      chunkCount = lcn1ChunkCount(plaintextSize, parsed.chunkSize)
      finalSealedSize = plaintextSize - (chunkCount - 1) * parsed.chunkSize + LCN1_TAG_SIZE
      if (chunkCount > LCN1_MAX_CHUNKS)
        throw new Lcn1Error('Plaintext needs more than 2^32 chunks.', { code: 'LCN1_TOO_LARGE' })
    }
  }

  const launch = (sealed: Uint8Array<ArrayBuffer>, last: boolean) => {
    const plaintext = decryptLcn1Chunk({
      key,
      header: header!,
      noncePrefix: parsed!.noncePrefix,
      index: position,
      last,
      sealed,
    })
    plaintext.catch(() => {})
    inflight.push({ position, last, sealed, plaintext })
    position++
  }

  const settleOldest = async (controller: TransformStreamDefaultController<Uint8Array<ArrayBuffer>>) => {
    const job = inflight.shift()!
    const plaintext = await job.plaintext
    if (firstChunkUnexplained) {
      plaintext?.fill(0)
      throw plaintext
        ? new Lcn1Error('LCN1 chunk failed authentication: it was modified.', {
            code: 'LCN1_CHUNK_AUTH_FAILED',
            chunkIndex: 0,
            details: 'chunk 0 does not authenticate, chunk 1 does',
          })
        : wrongKey()
    }
    if (plaintext === undefined) {
      const tag = chunkTagKey(job.sealed)
      const verdict = await diagnoseChunkFailure({
        key,
        header: header!,
        noncePrefix: parsed!.noncePrefix,
        position: job.position,
        last: job.last,
        sealed: job.sealed,
        earlierIndexWithSameTag: seenTags.get(tag),
      })
      if (verdict !== 'undecided') throw verdict
      if (job.last) throw wrongKey()
      firstChunkUnexplained = true
      return
    }
    if (seenTags.size < SEEN_TAGS_LIMIT) seenTags.set(chunkTagKey(job.sealed), job.position)
    controller.enqueue(plaintext)
    done += plaintext.length
    onProgress?.({ bytes: done, totalBytes: plaintextSize })
  }

  return new TransformStream<Uint8Array, Uint8Array<ArrayBuffer>>({
    async start(controller) {
      throwIfAborted(signal)
      stopListening = errorOnAbort(signal, controller)
      key = await importLcn1Key(parameters.key)
    },
    async transform(chunk, controller) {
      throwIfAborted(signal)
      if (!(chunk instanceof Uint8Array)) {
        throw new Lcn1Error('LCN1 streams take Uint8Array chunks.', { code: 'LCN1_INVALID_ARGUMENT' })
      }
      received += chunk.length
      queue.push(chunk)
      if (!parsed && queue.length >= LCN1_HEADER_SIZE) readHeader()
      if (parsed) {
        const sealedSize = parsed.chunkSize + LCN1_TAG_SIZE
        if (chunkCount === undefined) {
          // Unknown length: a full chunk is non-final only once a byte after it shows more follows.
          while (queue.length > sealedSize) {
            launch(queue.take(sealedSize), false)
            while (inflight.length >= concurrency) await settleOldest(controller)
          }
        } else {
          for (;;) {
            const last = position === chunkCount - 1
            const size = last ? finalSealedSize : sealedSize
            if (position >= chunkCount || queue.length < size) break
            launch(queue.take(size), last)
            while (inflight.length >= concurrency) await settleOldest(controller)
          }
          if (position >= chunkCount && queue.length > 0) {
            // Problems inside the expected length explain more than the extra bytes do.
            while (inflight.length > 0) await settleOldest(controller)
            if (firstChunkUnexplained) throw wrongKey()
            throw new Lcn1Error('LCN1 stream has bytes after its final chunk.', {
              code: 'LCN1_TRAILING_DATA',
              details: `the stream is longer than plaintext size ${plaintextSize} allows`,
            })
          }
        }
      }
      queue.detach()
    },
    async flush(controller) {
      try {
        throwIfAborted(signal)
        if (!parsed) {
          throw new Lcn1Error('LCN1 stream is truncated: it ends inside the header.', {
            code: 'LCN1_TRUNCATED',
            details: `${received} bytes received`,
          })
        }
        while (inflight.length > 0) await settleOldest(controller)
        let complete: boolean
        if (chunkCount === undefined) {
          complete = queue.length >= LCN1_TAG_SIZE
          if (complete) {
            launch(queue.take(queue.length), true)
            await settleOldest(controller)
          }
        } else {
          complete = position === chunkCount
        }
        if (firstChunkUnexplained) throw wrongKey()
        if (!complete) {
          throw new Lcn1Error('LCN1 stream is truncated: its final chunk is missing.', {
            code: 'LCN1_TRUNCATED',
            chunkIndex: position,
            details: `stream ends ${queue.length} bytes into chunk ${position}`,
          })
        }
      } finally {
        stopListening()
        seenTags.clear()
      }
    },
  })
}

function wrongKey(): Lcn1Error {
  return new Lcn1Error('LCN1 stream does not decrypt under this key.', {
    code: 'LCN1_WRONG_KEY',
    chunkIndex: 0,
    details: 'the first chunk authenticates under no position; the key is wrong or the header was edited',
  })
}
