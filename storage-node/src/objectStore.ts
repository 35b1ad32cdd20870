import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createZgRootHasher, type ZgRootResult } from '@licen/sdk'
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

/** Content-addressed files on disk: `objects/<root>` written atomically through `tmp/`. */
export class ObjectStore {
  readonly #objects: string
  readonly #tmp: string

  private constructor(dataDir: string) {
    this.#objects = join(dataDir, 'objects')
    this.#tmp = join(dataDir, 'tmp')
  }

  /** Opens (creating if needed) a store in `dataDir` and removes temp files a crash left behind. */
  static async open(dataDir: string): Promise<ObjectStore> {
    const store = new ObjectStore(dataDir)
    await mkdir(store.#objects, { recursive: true })
    await rm(store.#tmp, { recursive: true, force: true })
    await mkdir(store.#tmp, { recursive: true })
    return store
  }

  #path(root: Root): string {
    return join(this.#objects, root)
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

  /**
   * Streams `body` to a temp file while computing its 0G root, then renames it to its root (fsync first, so a
   * stored object is complete after a crash). Fails on more than `maxBytes`, zero bytes or an `expected` mismatch.
   */
  async put(
    body: AsyncIterable<Uint8Array>,
    options: { maxBytes: number; expected?: Root; sizeHint?: number },
  ): Promise<ZgRootResult & { created: boolean }> {
    const temp = join(this.#tmp, `${randomBytes(12).toString('hex')}.part`)
    const file = await open(temp, 'wx', 0o644)
    const workers = (options.sizeHint ?? WORKER_THRESHOLD) >= WORKER_THRESHOLD ? 'auto' : 0
    const hasher = await createZgRootHasher({ workers })
    let closed = false
    try {
      let size = 0
      for await (const chunk of body) {
        size += chunk.length
        if (size > options.maxBytes)
          throw new StorageNodeError(`Uploads are limited to ${options.maxBytes} bytes.`, {
            code: 'STORAGE_TOO_LARGE',
          })
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
      closed = true
      const created = (await this.size(result.root as Root)) === undefined
      await rename(temp, this.#path(result.root as Root))
      return { ...result, created }
    } finally {
      hasher.destroy()
      if (!closed) await file.close()
      await rm(temp, { force: true })
    }
  }

  /** Reads a stored object in chunks; the caller re-hashes what it sends. */
  read(root: Root, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    return createReadStream(this.#path(root), { highWaterMark: 1024 * 1024, signal })
  }
}
