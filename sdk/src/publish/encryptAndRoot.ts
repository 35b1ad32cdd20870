import type { ZgRootDigest } from '../zgRoot/createZgRootHasher.js'
import { type CreateEncryptRootStreamParameters, createEncryptRootStream } from './createEncryptRootStream.js'
import { PublishError } from './PublishError.js'

/** Parameters of {@link encryptAndRoot}. */
export type EncryptAndRootParameters = CreateEncryptRootStreamParameters & {
  /** Plaintext: bytes, a Blob/File or a stream. */
  source: Uint8Array | Blob | ReadableStream<Uint8Array>
  /** Where the ciphertext goes (an upload, a file); omitted, it is discarded (root only). */
  sink?: WritableStream<Uint8Array>
}

/** Encrypts a source to LCN1 into `sink` and returns the ciphertext's 0G root, size and LCN1 header, in one pass. */
export async function encryptAndRoot(
  parameters: EncryptAndRootParameters,
): Promise<ZgRootDigest & { header: Uint8Array }> {
  const { source, sink, ...rest } = parameters
  const totalBytes =
    source instanceof Uint8Array ? source.length : source instanceof Blob ? source.size : undefined
  const pipeline = createEncryptRootStream({ totalBytes, ...rest })
  const input =
    source instanceof ReadableStream ? source : source instanceof Blob ? source.stream() : bytesStream(source)
  const output = sink ?? new WritableStream<Uint8Array>()
  const options = parameters.signal ? { signal: parameters.signal } : {}
  try {
    await Promise.all([input.pipeTo(pipeline.writable, options), pipeline.readable.pipeTo(output, options)])
    return { ...(await pipeline.result), header: pipeline.header }
  } catch (error) {
    if (parameters.signal?.aborted)
      throw new PublishError('Publishing was aborted.', {
        code: 'PUBLISH_ABORTED',
        cause: parameters.signal.reason,
      })
    throw error
  }
}

// Views into the caller's bytes, 1 MiB at a time: no upfront copy of the whole input.
function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const piece = 1 << 20
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.subarray(offset, offset + piece))
      offset += piece
    },
  })
}
