import type { Hex } from 'viem'
import { createZgRootHasher, type ZgRootHasher } from '../zgRoot/createZgRootHasher.js'
import { StorageError } from './StorageError.js'
import type { StorageProgress } from './types.js'

const SMALL = 8 * 1024 * 1024

/** Parameters of {@link createVerifiedStream}. */
export type CreateVerifiedStreamParameters = {
  /** The root the bytes must hash to. */
  root: Hex
  /** The size announced by the store, when it announced one; any other total fails. */
  size?: number | undefined
  /** Largest number of bytes accepted before failing with STORAGE_TOO_LARGE. */
  maxBytes?: number | undefined
  /** Worker threads for hashing (see createZgRootHasher); default `auto`, or none below 8 MiB announced. */
  workers?: number | 'auto'
  onProgress?: ((progress: StorageProgress) => void) | undefined
  /** Aborting errors the stream with STORAGE_ABORTED and cancels the source. */
  signal?: AbortSignal | undefined
}

/**
 * Wraps an untrusted byte stream: passes bytes through while computing their 0G root, always holds the latest
 * chunk back, and at the end releases it and closes only if the root (and announced size) match; otherwise the
 * stream errors with STORAGE_ROOT_MISMATCH or STORAGE_SIZE_MISMATCH. Unverified data never ends as success.
 */
export function createVerifiedStream(
  source: ReadableStream<Uint8Array>,
  parameters: CreateVerifiedStreamParameters,
): ReadableStream<Uint8Array> {
  const { root, size, onProgress, signal } = parameters
  const expected = root.toLowerCase()
  const maxBytes = Math.min(parameters.maxBytes ?? Number.MAX_SAFE_INTEGER, size ?? Number.MAX_SAFE_INTEGER)
  const reader = source.getReader()
  let hasher: ZgRootHasher | undefined
  let held: Uint8Array | undefined
  let received = 0
  let settled = false

  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, error: StorageError) => {
    if (settled) return
    settled = true
    hasher?.destroy()
    reader.cancel(error).catch(() => {})
    controller.error(error)
  }
  const aborted = () =>
    new StorageError('The download was aborted.', { code: 'STORAGE_ABORTED', cause: signal?.reason })

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      if (signal?.aborted) return fail(controller, aborted())
      signal?.addEventListener('abort', () => fail(controller, aborted()), { once: true })
      // Starting workers costs more than it saves on small objects (manifests, envelopes).
      const workers = parameters.workers ?? (size !== undefined && size < SMALL ? 0 : 'auto')
      hasher = await createZgRootHasher({ workers })
    },
    async pull(controller) {
      try {
        for (;;) {
          const next = await reader.read()
          if (next.done) return await finish(controller)
          const chunk = next.value
          if (chunk.length === 0) continue
          received += chunk.length
          if (received > maxBytes)
            return fail(
              controller,
              new StorageError('The download is larger than announced or allowed.', {
                code: size !== undefined && received > size ? 'STORAGE_SIZE_MISMATCH' : 'STORAGE_TOO_LARGE',
                details: `more than ${maxBytes} bytes`,
              }),
            )
          await hasher!.update(chunk)
          onProgress?.({ bytes: received, totalBytes: size })
          const release = held
          held = chunk
          if (release) return controller.enqueue(release)
        }
      } catch (error) {
        if (signal?.aborted) return fail(controller, aborted())
        fail(
          controller,
          error instanceof StorageError
            ? error
            : new StorageError('The download broke off.', { code: 'STORAGE_UNAVAILABLE', cause: error }),
        )
      }
    },
    cancel(reason) {
      settled = true
      hasher?.destroy()
      return reader.cancel(reason)
    },
  })

  async function finish(controller: ReadableStreamDefaultController<Uint8Array>) {
    if (size !== undefined && received !== size)
      return fail(
        controller,
        new StorageError('The download ended early.', {
          code: 'STORAGE_SIZE_MISMATCH',
          details: `received ${received} of ${size} bytes`,
        }),
      )
    if (received === 0)
      return fail(
        controller,
        new StorageError('The download is empty; no object has that root.', {
          code: 'STORAGE_ROOT_MISMATCH',
        }),
      )
    const actual = (await hasher!.digest()).root
    if (actual !== expected)
      return fail(
        controller,
        new StorageError('The downloaded bytes do not match the requested root.', {
          code: 'STORAGE_ROOT_MISMATCH',
          details: `expected ${expected}, got ${actual}`,
        }),
      )
    settled = true
    controller.enqueue(held!)
    controller.close()
  }
}
