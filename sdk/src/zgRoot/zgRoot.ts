import {
  type CreateZgRootHasherParameters,
  createZgRootHasher,
  type ZgRootResult,
} from './createZgRootHasher.js'

/** Bytes, a Blob/File, a web stream or any async iterable of byte chunks. */
export type ZgRootSource = Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>

/** Parameters of {@link zgRoot}. */
export type ZgRootParameters = CreateZgRootHasherParameters & {
  /** Called with the number of bytes hashed so far. */
  onProgress?: (bytes: number) => void
}

// Below this size starting workers costs more than it saves.
const WORKER_THRESHOLD = 8 * 1024 * 1024

/** Computes the 0G Storage Merkle root of a whole source (workers by default for large or unknown sizes). */
export async function zgRoot(source: ZgRootSource, parameters: ZgRootParameters = {}): Promise<ZgRootResult> {
  const known =
    source instanceof Uint8Array ? source.length : source instanceof Blob ? source.size : undefined
  const workers = parameters.workers ?? (known !== undefined && known < WORKER_THRESHOLD ? 0 : 'auto')
  const hasher = await createZgRootHasher({ ...parameters, workers })
  try {
    let done = 0
    for await (const chunk of chunksOf(source)) {
      await hasher.update(chunk)
      done += chunk.length
      parameters.onProgress?.(done)
    }
    const { root, size } = await hasher.digest()
    return { root, size }
  } finally {
    hasher.destroy()
  }
}

const PIECE = 4 * 1024 * 1024

async function* chunksOf(source: ZgRootSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let offset = 0; offset < source.length; offset += PIECE)
      yield source.subarray(offset, offset + PIECE)
  } else if (source instanceof Blob) {
    for (let offset = 0; offset < source.size; offset += PIECE)
      yield new Uint8Array(await source.slice(offset, offset + PIECE).arrayBuffer())
  } else if (source instanceof ReadableStream) {
    const reader = source.getReader()
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value
    } finally {
      reader.releaseLock()
    }
  } else {
    yield* source
  }
}
