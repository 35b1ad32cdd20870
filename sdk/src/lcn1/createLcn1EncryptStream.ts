import { errorOnAbort, throwIfAborted } from './abort.js'
import { ByteQueue } from './ByteQueue.js'
import { encryptLcn1Chunk } from './chunk.js'
import { LCN1_MAX_CHUNKS } from './constants.js'
import { encodeLcn1Header, parseLcn1Header } from './header.js'
import { assertLcn1Key, importLcn1Key, type Lcn1Key } from './importLcn1Key.js'
import { Lcn1Error } from './Lcn1Error.js'
import type { Lcn1Progress } from './progress.js'

export type CreateLcn1EncryptStreamParameters = {
  /** 32-byte AES-256 key or an AES-GCM CryptoKey. */
  key: Lcn1Key
  /** log2 of the chunk size, 10..24; default 20 (1 MiB). */
  chunkSizeLog2?: number | undefined
  /** 7-byte nonce prefix; random when omitted (set it only for test vectors). */
  noncePrefix?: Uint8Array | undefined
  /** Total plaintext size, only echoed in progress events. */
  totalBytes?: number | undefined
  /** Chunks encrypted at once (WebCrypto runs them on worker threads); default 2. */
  concurrency?: number | undefined
  /** Called after each chunk is written out. */
  onProgress?: ((progress: Lcn1Progress) => void) | undefined
  /** Aborting errors the stream with `LCN1_ABORTED`. */
  signal?: AbortSignal | undefined
}

/** A TransformStream from plaintext to LCN1 ciphertext that also exposes the header it writes first. */
export type Lcn1EncryptStream = TransformStream<Uint8Array, Uint8Array<ArrayBuffer>> & {
  /** The 16-byte header, which is the first thing the readable side emits. */
  readonly header: Uint8Array<ArrayBuffer>
}

/** Creates a streaming LCN1 encryptor: pipe plaintext in, read header ‖ sealed chunks out, with bounded memory. */
export function createLcn1EncryptStream(parameters: CreateLcn1EncryptStreamParameters): Lcn1EncryptStream {
  assertLcn1Key(parameters.key)
  const header = encodeLcn1Header({
    chunkSizeLog2: parameters.chunkSizeLog2,
    noncePrefix: parameters.noncePrefix,
  })
  const { chunkSize, noncePrefix } = parseLcn1Header(header)
  const concurrency = parameters.concurrency ?? 2
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new Lcn1Error('concurrency must be an integer in 1..16.', { code: 'LCN1_INVALID_ARGUMENT' })
  }
  const { signal, onProgress, totalBytes } = parameters

  let key: CryptoKey
  const queue = new ByteQueue()
  const inflight: { sealed: Promise<Uint8Array<ArrayBuffer>>; length: number }[] = []
  let index = 0
  let done = 0
  let stopListening = () => {}

  const launch = (plaintext: Uint8Array<ArrayBuffer>, last: boolean) => {
    if (index >= LCN1_MAX_CHUNKS)
      throw new Lcn1Error('Plaintext needs more than 2^32 chunks.', { code: 'LCN1_TOO_LARGE' })
    const sealed = encryptLcn1Chunk({ key, header, noncePrefix, index, last, plaintext })
    // Awaited in order below; this only keeps a later failure from surfacing as unhandled first.
    sealed.catch(() => {})
    inflight.push({ sealed, length: plaintext.length })
    index++
  }

  const emitOldest = async (controller: TransformStreamDefaultController<Uint8Array<ArrayBuffer>>) => {
    const job = inflight.shift()!
    controller.enqueue(await job.sealed)
    done += job.length
    onProgress?.({ bytes: done, totalBytes })
  }

  const stream = new TransformStream<Uint8Array, Uint8Array<ArrayBuffer>>({
    async start(controller) {
      throwIfAborted(signal)
      stopListening = errorOnAbort(signal, controller)
      key = await importLcn1Key(parameters.key)
      controller.enqueue(header.slice())
    },
    async transform(chunk, controller) {
      throwIfAborted(signal)
      if (!(chunk instanceof Uint8Array)) {
        throw new Lcn1Error('LCN1 streams take Uint8Array chunks.', { code: 'LCN1_INVALID_ARGUMENT' })
      }
      queue.push(chunk)
      // A full chunk is sealed as non-final only once a byte after it proves more data follows.
      while (queue.length > chunkSize) {
        launch(queue.take(chunkSize), false)
        while (inflight.length >= concurrency) await emitOldest(controller)
      }
      queue.detach()
    },
    async flush(controller) {
      try {
        throwIfAborted(signal)
        launch(queue.take(queue.length), true)
        while (inflight.length > 0) await emitOldest(controller)
      } finally {
        stopListening()
      }
    },
  })
  return Object.assign(stream, { header })
}
