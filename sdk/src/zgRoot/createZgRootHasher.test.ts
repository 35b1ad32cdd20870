import { describe, expect, test, vi } from 'vitest'
import { SEGMENT_SIZE } from './constants.js'
import { createZgRootHasher } from './createZgRootHasher.js'
import { randomBytes } from './testing/randomBytes.js'
import { sdkRoot, sdkSegmentRoots } from './testing/sdkRoot.js'

// Workers start through `#platform` (worker_threads in Node, Web Workers in browsers); a test can refuse them.
const workers = vi.hoisted(() => ({ blocked: false }))
vi.mock('#platform', async (importOriginal) => {
  const platform = await importOriginal<typeof import('#platform')>()
  return {
    ...platform,
    spawnWorker: (source: string) => {
      if (workers.blocked) throw new Error('blocked by a content security policy')
      return platform.spawnWorker(source)
    },
  }
})

describe('createZgRootHasher', () => {
  test('default: single-threaded wasm hasher over byte-sized updates', async () => {
    const bytes = randomBytes(1000, 9)
    const hasher = await createZgRootHasher()
    expect(hasher.info).toEqual({ kind: 'wasm', workers: 0 })
    for (let i = 0; i < bytes.length; i++) await hasher.update(bytes.subarray(i, i + 1))
    const root = await sdkRoot(bytes)
    // 4 chunks: one submission node of height 2, which is the root itself.
    expect(await hasher.digest()).toEqual({ root, size: 1000, nodes: [{ root, height: 2 }] })
  })

  test('args: workers hash batches in parallel with bounded in-flight jobs', async () => {
    const bytes = randomBytes(10 * SEGMENT_SIZE + 3, 10)
    const hasher = await createZgRootHasher({ workers: 2, batchSegments: 1 })
    expect(hasher.info).toEqual({ kind: 'wasm', workers: 2 })
    await hasher.update(bytes)
    const digest = await hasher.digest()
    expect({ root: digest.root, size: digest.size }).toEqual({
      root: await sdkRoot(bytes),
      size: bytes.length,
    })
    // 10241 chunks pad to 11264 = 8192 + 2048 + 1024.
    expect(digest.nodes.map((node) => node.height)).toEqual([13, 11, 10])
  })

  test('args: kind js uses no workers even when asked', async () => {
    const hasher = await createZgRootHasher({ kind: 'js', workers: 2 })
    expect(hasher.info).toEqual({ kind: 'js', workers: 0 })
    await hasher.update(new Uint8Array([1, 2, 3]))
    expect((await hasher.digest()).root).toBe(await sdkRoot(new Uint8Array([1, 2, 3])))
  })

  test('args: collectSegmentRoots returns every padded segment root, as the 0G SDK tree has them', async () => {
    for (const [size, workers] of [
      [1, 0],
      [SEGMENT_SIZE, 0],
      [1025 * 256, 2],
      [16_385 * 256, 2],
      [3 * 1024 * 1024 + 5, 0],
    ] as const) {
      const bytes = randomBytes(size, size)
      const hasher = await createZgRootHasher({ workers, batchSegments: 2, collectSegmentRoots: true })
      await hasher.update(bytes)
      const digest = await hasher.digest()
      expect(digest.segmentRoots, `size ${size}`).toEqual(await sdkSegmentRoots(bytes))
    }
    const plain = await createZgRootHasher()
    await plain.update(new Uint8Array([1]))
    expect((await plain.digest()).segmentRoots).toBeUndefined()
  })

  test('behavior: hashes on this thread when workers cannot start', async () => {
    workers.blocked = true
    try {
      const hasher = await createZgRootHasher({ workers: 2 })
      expect(hasher.info).toEqual({ kind: 'wasm', workers: 0 })
      const bytes = randomBytes(SEGMENT_SIZE * 17 + 1, 13)
      await hasher.update(bytes)
      expect((await hasher.digest()).root).toBe(await sdkRoot(bytes))
    } finally {
      workers.blocked = false
    }
  })

  test('behavior: the caller may reuse its buffer after update resolves', async () => {
    const bytes = randomBytes(2 * SEGMENT_SIZE + 5, 12)
    const hasher = await createZgRootHasher({ workers: 1, batchSegments: 1 })
    const buffer = new Uint8Array(4096)
    for (let offset = 0; offset < bytes.length; offset += buffer.length) {
      const piece = bytes.subarray(offset, offset + buffer.length)
      buffer.set(piece)
      await hasher.update(buffer.subarray(0, piece.length))
      buffer.fill(0xff)
    }
    expect((await hasher.digest()).root).toBe(await sdkRoot(bytes))
  })

  test('error: update or digest after digest', async () => {
    const hasher = await createZgRootHasher()
    await hasher.update(new Uint8Array([1]))
    await hasher.digest()
    await expect(hasher.update(new Uint8Array([1]))).rejects.toMatchObject({ code: 'ZG_ROOT_FINISHED' })
    await expect(hasher.digest()).rejects.toMatchObject({ code: 'ZG_ROOT_FINISHED' })
  })

  test('error: abort mid-stream', async () => {
    const controller = new AbortController()
    const hasher = await createZgRootHasher({ workers: 1, signal: controller.signal })
    await hasher.update(randomBytes(SEGMENT_SIZE, 1))
    controller.abort()
    await expect(hasher.update(new Uint8Array([1]))).rejects.toMatchObject({ code: 'ZG_ROOT_ABORTED' })
    await expect(hasher.digest()).rejects.toMatchObject({ code: 'ZG_ROOT_ABORTED' })
  })

  test('error: zero bytes and destroyed hashers', async () => {
    const empty = await createZgRootHasher()
    await expect(empty.digest()).rejects.toMatchObject({
      code: 'ZG_ROOT_EMPTY_INPUT',
      shortMessage: 'The 0G root of zero bytes is undefined.',
    })
    const destroyed = await createZgRootHasher({ workers: 1 })
    destroyed.destroy()
    await expect(destroyed.update(new Uint8Array([1]))).rejects.toMatchObject({ code: 'ZG_ROOT_FINISHED' })
  })

  test('error: invalid worker counts', async () => {
    await expect(createZgRootHasher({ workers: -1 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: workers must be ≥ 0]`,
    )
  })
})
