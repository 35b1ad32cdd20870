import type { Hex } from 'viem'
import { createZgRootHasher } from '../zgRoot/createZgRootHasher.js'
import { createVerifiedStream } from './createVerifiedStream.js'
import { errorDetails, fetchFailure } from './http.js'
import { parseRoot } from './parseRoot.js'
import { StorageError } from './StorageError.js'
import type { StorageAdapter, UploadSource } from './types.js'

/** Parameters of {@link createLocalStorage}. */
export type CreateLocalStorageParameters = {
  /** Base URL of the storage node, e.g. `http://127.0.0.1:4001`. */
  url: string
  /** Largest object this client uploads or downloads (default 4 GiB). */
  maxBytes?: number
  /** Time allowed until the node answers a request's headers (default 30 s); bodies may take longer. */
  timeoutMs?: number
  /** Stream request bodies (Node); browsers over HTTP/1.1 cannot, so there streams are collected into a Blob first. Default: true in Node. */
  streamingUploads?: boolean
  /**
   * The node's upload token, sent as `Authorization: Bearer <token>` with uploads (a node on a non-loopback
   * address requires one). Programs pass it from their configuration; reads never send it.
   */
  uploadToken?: string | undefined
  /** Worker threads for hashing (default: none below 8 MiB, else one per core). */
  workers?: number | 'auto'
  /** The fetch to use (tests, custom agents); default globalThis.fetch. */
  fetch?: typeof fetch
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string'

/** Creates a StorageAdapter for the devnet storage node (HTTP, content-addressed by 0G roots). */
export function createLocalStorage(parameters: CreateLocalStorageParameters): StorageAdapter {
  const base = new URL(parameters.url)
  const maxBytes = parameters.maxBytes ?? 4 * 1024 ** 3
  const timeoutMs = parameters.timeoutMs ?? 30_000
  const streaming = parameters.streamingUploads ?? isNode
  const workers = parameters.workers
  const doFetch = parameters.fetch ?? globalThis.fetch.bind(globalThis)
  const objectUrl = (root: Hex) => new URL(`v1/objects/${root}`, withSlash(base))

  const request = async (url: URL, init: RequestInit, signal: AbortSignal | undefined) => {
    // The timeout covers the answer's headers only: clear it once they are in.
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(new DOMException('timeout', 'TimeoutError')), timeoutMs)
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal
    try {
      return await doFetch(url, { ...init, signal: combined })
    } catch (error) {
      if (timeout.signal.aborted && !signal?.aborted)
        throw new StorageError('The storage node did not answer in time.', { code: 'STORAGE_TIMEOUT' })
      throw fetchFailure(error, signal)
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    async upload(source, options = {}) {
      const { signal, onProgress } = options
      const totalBytes =
        source instanceof Uint8Array ? source.length : source instanceof Blob ? source.size : undefined
      if (totalBytes !== undefined && totalBytes > maxBytes)
        throw new StorageError(`Uploads are limited to ${maxBytes} bytes.`, { code: 'STORAGE_TOO_LARGE' })
      if (totalBytes === 0)
        throw new StorageError('An upload needs at least one byte.', { code: 'STORAGE_EMPTY' })
      const hasher = await createZgRootHasher({
        workers: workers ?? (totalBytes !== undefined && totalBytes < 8 << 20 ? 0 : 'auto'),
      })
      try {
        let sent = 0
        const counted = toStream(source).pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            async transform(chunk, controller) {
              sent += chunk.length
              if (sent > maxBytes)
                throw new StorageError(`Uploads are limited to ${maxBytes} bytes.`, {
                  code: 'STORAGE_TOO_LARGE',
                })
              await hasher.update(chunk)
              controller.enqueue(chunk)
              onProgress?.({ bytes: sent, totalBytes })
            },
          }),
        )
        const body: BodyInit = streaming ? counted : await collect(counted)
        const response = await request(
          new URL('v1/objects', withSlash(base)),
          {
            method: 'POST',
            body,
            headers: {
              'content-type': 'application/octet-stream',
              ...(parameters.uploadToken === undefined
                ? {}
                : { authorization: `Bearer ${parameters.uploadToken}` }),
            },
            ...(streaming ? { duplex: 'half' } : {}),
          } as RequestInit,
          signal,
        )
        if (sent === 0)
          throw new StorageError('An upload needs at least one byte.', { code: 'STORAGE_EMPTY' })
        const local = await hasher.digest()
        if (response.status !== 200 && response.status !== 201) throw await uploadRefusal(response)
        const answer = (await response.json().catch(() => undefined)) as
          | { root?: unknown; size?: unknown }
          | undefined
        if (
          typeof answer?.root !== 'string' ||
          answer.root.toLowerCase() !== local.root ||
          answer.size !== local.size
        )
          throw new StorageError('The storage node stored something other than what was sent.', {
            code: 'STORAGE_ROOT_MISMATCH',
            details: `sent ${local.root} (${local.size} bytes)`,
          })
        return { root: local.root, size: local.size }
      } catch (error) {
        throw error instanceof StorageError ? error : fetchFailure(error, signal)
      } finally {
        hasher.destroy()
      }
    },

    async download(root, options = {}) {
      const canonical = parseRoot(root)
      const { signal, onProgress } = options
      const response = await request(objectUrl(canonical), { method: 'GET' }, signal)
      if (response.status === 404) {
        await response.body?.cancel()
        throw new StorageError('The storage node has no object with this root.', {
          code: 'STORAGE_NOT_FOUND',
          details: canonical,
        })
      }
      if (response.status !== 200 || !response.body)
        throw new StorageError('The storage node refused the download.', {
          code: 'STORAGE_BAD_RESPONSE',
          details: await errorDetails(response),
        })
      const size = declaredSize(response)
      if (size !== undefined && size > maxBytes) {
        await response.body.cancel()
        throw new StorageError(`Downloads are limited to ${maxBytes} bytes.`, { code: 'STORAGE_TOO_LARGE' })
      }
      return createVerifiedStream(response.body, {
        root: canonical,
        size,
        maxBytes,
        workers,
        onProgress,
        signal,
      })
    },

    async has(root, options = {}) {
      const canonical = parseRoot(root)
      const response = await request(objectUrl(canonical), { method: 'HEAD' }, options.signal)
      if (response.status === 200) return true
      if (response.status === 404) return false
      throw new StorageError('The storage node answered HEAD unexpectedly.', {
        code: 'STORAGE_BAD_RESPONSE',
        details: `HTTP ${response.status}`,
      })
    },
  }
}

/** The StorageError for a refused upload: the node's stable code (in its bounded JSON body) picks the error. */
async function uploadRefusal(response: Response): Promise<StorageError> {
  const details = await errorDetails(response)
  const code = details.split(' ')[2]
  switch (response.status) {
    case 413:
      return code === 'STORAGE_QUOTA_EXCEEDED'
        ? new StorageError('The storage node is full: its quota leaves no room for this upload.', {
            code: 'STORAGE_QUOTA_EXCEEDED',
            details,
          })
        : new StorageError('The storage node refused the size.', { code: 'STORAGE_TOO_LARGE', details })
    case 401:
      return new StorageError('The storage node refused the upload token (missing or wrong).', {
        code: 'STORAGE_UNAUTHORIZED',
        details,
      })
    case 408:
      return new StorageError('The storage node timed out the upload (it arrived too slowly).', {
        code: 'STORAGE_TIMEOUT',
        details,
      })
    case 503:
      if (code === 'STORAGE_BUSY')
        return new StorageError('The storage node is busy with other uploads; retry shortly.', {
          code: 'STORAGE_BUSY',
          details,
        })
  }
  return new StorageError('The storage node refused the upload.', { code: 'STORAGE_BAD_RESPONSE', details })
}

function withSlash(url: URL): URL {
  return url.pathname.endsWith('/') ? url : new URL(`${url.href}/`)
}

function declaredSize(response: Response): number | undefined {
  const header = response.headers.get('content-length')
  if (header === null) return undefined
  const size = Number(header)
  if (!Number.isSafeInteger(size) || size < 0)
    throw new StorageError('The storage node sent an invalid Content-Length.', {
      code: 'STORAGE_BAD_RESPONSE',
    })
  return size
}

function toStream(source: UploadSource): ReadableStream<Uint8Array> {
  if (source instanceof ReadableStream) return source
  if (source instanceof Blob) return source.stream()
  const PIECE = 1 << 20
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= source.length) return controller.close()
      controller.enqueue(source.subarray(offset, offset + PIECE))
      offset += PIECE
    },
  })
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Blob> {
  const parts: BlobPart[] = []
  const reader = stream.getReader()
  for (let next = await reader.read(); !next.done; next = await reader.read())
    parts.push(next.value as Uint8Array<ArrayBuffer>)
  return new Blob(parts)
}
