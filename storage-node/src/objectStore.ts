import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createZgRootHasher, type ZgRootHasher, type ZgRootResult } from '@licen/sdk'
import { StorageNodeError } from './StorageNodeError.js'

/** A 0G root in canonical form: 0x + 64 lowercase hex digits. */
export type Root = `0x${string}`

const ROOT = /^0x[0-9a-f]{64}$/

/** Parses a root from untrusted text (case-insensitive); undefined when it is not 32 bytes of hex. */
export function parseRoot(text: string | null | undefined): Root | undefined {
  if (typeof text !== 'string' || text.length !== 66) return undefined
  const lower = text.toLowerCase()
  return ROOT.test(lower) ? (lower as Root) : undefined
}

// Above this many bytes, hashing uses worker threads.
const WORKER_THRESHOLD = 8 * 1024 * 1024

/** Content-addressed files on disk: `objects/<root>` written atomically through `tmp/`, within a total quota. */
export class ObjectStore {
  readonly #objects: string
  readonly #tmp: string
  readonly #maxTotalBytes: number
  /** Sizes of the stored objects (the quota's ledger). */
  readonly #sizes = new Map<Root, number>()
  #storedBytes = 0
  /** Bytes of uploads in progress (declared or received so far, whichever is larger). */
  #reservedBytes = 0

  private constructor(dataDir: string, maxTotalBytes: number) {
    this.#objects = join(dataDir, 'objects')
    this.#tmp = join(dataDir, 'tmp')
    this.#maxTotalBytes = maxTotalBytes
  }

  /**
   * Opens (creating if needed) a store in `dataDir`, removes temp files a crash left behind and counts what is
   * stored against `maxTotalBytes` (default: no quota).
   */
  static async open(dataDir: string, options: { maxTotalBytes?: number } = {}): Promise<ObjectStore> {
    const store = new ObjectStore(dataDir, options.maxTotalBytes ?? Number.POSITIVE_INFINITY)
    await mkdir(store.#objects, { recursive: true })
    await rm(store.#tmp, { recursive: true, force: true })
    await mkdir(store.#tmp, { recursive: true })
    for (const name of await readdir(store.#objects)) {
      const root = parseRoot(name)
      if (root) store.#record(root, (await stat(store.#path(root))).size)
    }
    return store
  }

  #path(root: Root): string {
    return join(this.#objects, root)
  }

  #record(root: Root, size: number): void {
    if (this.#sizes.has(root)) return
    this.#sizes.set(root, size)
    this.#storedBytes += size
  }

  /** Bytes the stored objects take. */
  get storedBytes(): number {
    return this.#storedBytes
  }

  /** Size of the stored object, or undefined when absent. */
  async size(root: Root): Promise<number | undefined> {
    try {
      return (await stat(this.#path(root))).size
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  /** Number of stored objects. */
  async count(): Promise<number> {
    return (await readdir(this.#objects)).filter((name) => parseRoot(name)).length
  }

  #quotaExceeded(): StorageNodeError {
    return new StorageNodeError('The storage node is full: its quota leaves no room for this upload.', {
      code: 'STORAGE_QUOTA_EXCEEDED',
      details: `quota ${this.#maxTotalBytes} bytes`,
    })
  }

  /**
   * Streams `body` to a temp file while computing its 0G root, then renames it to its root (fsync first, so a
   * stored object is complete after a crash). Fails on more than `maxBytes`, zero bytes, an `expected` mismatch
   * or bytes beyond the quota (a declared `sizeHint` is reserved up front). The temp file is removed on every
   * failure, whatever ends the body.
   */
  async put(
    body: AsyncIterable<Uint8Array>,
    options: { maxBytes: number; expected?: Root; sizeHint?: number },
  ): Promise<ZgRootResult & { created: boolean }> {
    let reserved = Math.max(0, options.sizeHint ?? 0)
    if (this.#storedBytes + this.#reservedBytes + reserved > this.#maxTotalBytes) throw this.#quotaExceeded()
    this.#reservedBytes += reserved
    const temp = join(this.#tmp, `${randomBytes(12).toString('hex')}.part`)
    let file: FileHandle | undefined
    let hasher: ZgRootHasher | undefined
    try {
      file = await open(temp, 'wx', 0o644)
      const workers = (options.sizeHint ?? WORKER_THRESHOLD) >= WORKER_THRESHOLD ? 'auto' : 0
      hasher = await createZgRootHasher({ workers })
      let size = 0
      for await (const chunk of body) {
        size += chunk.length
        if (size > options.maxBytes)
          throw new StorageNodeError(`Uploads are limited to ${options.maxBytes} bytes.`, {
            code: 'STORAGE_TOO_LARGE',
          })
        if (size > reserved) {
          if (this.#storedBytes + this.#reservedBytes + (size - reserved) > this.#maxTotalBytes)
            throw this.#quotaExceeded()
          this.#reservedBytes += size - reserved
          reserved = size
        }
        await hasher.update(chunk)
        await file.write(chunk)
      }
      if (size === 0)
        throw new StorageNodeError('An upload needs at least one byte.', { code: 'STORAGE_EMPTY' })
      const result = await hasher.digest()
      if (options.expected && options.expected !== result.root)
        throw new StorageNodeError('The uploaded bytes do not have the expected root.', {
          code: 'STORAGE_ROOT_MISMATCH',
          details: `expected ${options.expected}, computed ${result.root}`,
        })
      await file.sync()
      await file.close()
      file = undefined
      const root = result.root as Root
      const created = (await this.size(root)) === undefined
      await rename(temp, this.#path(root))
      this.#record(root, result.size)
      return { ...result, created }
    } finally {
      this.#reservedBytes -= reserved
      hasher?.destroy()
      await file?.close()
      await rm(temp, { force: true })
    }
  }

  /** Reads a stored object in chunks; the caller re-hashes what it sends. */
  read(root: Root, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    return createReadStream(this.#path(root), { highWaterMark: 1024 * 1024, signal })
  }
}
