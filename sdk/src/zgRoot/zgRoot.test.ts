import { describe, expect, test } from 'vitest'
import { CHUNK_SIZE, SEGMENT_SIZE } from './constants.js'
import { prng, randomBytes } from './testing/randomBytes.js'
import { sdkRoot } from './testing/sdkRoot.js'
import { zgRoot } from './zgRoot.js'

// Random sizes compared against the 0G SDK; CI default keeps the run to seconds, raise it for a soak.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {}
const RANDOM_CASES = Number(env.LICEN_ZG_ROOT_CASES ?? 200)
const SEED = Number(env.LICEN_ZG_ROOT_SEED ?? 20_260_101)
const MiB = 1024 * 1024

function streamOf(bytes: Uint8Array, pieces: number[]): ReadableStream<Uint8Array> {
  let offset = 0
  let i = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      const take = pieces[i++ % pieces.length]!
      controller.enqueue(bytes.slice(offset, offset + take))
      offset += take
    },
  })
}

describe('zgRoot', () => {
  test('behavior: equals the 0G SDK at chunk and segment boundaries', async () => {
    const sizes = [1, 2, 31, 255, 256, 257, 511, 512, 513, 1023, 1024, 4096, 4097]
    for (const n of [1, 2, 3, 4, 15, 16, 17, 1023, 1024, 1025, 2047, 2048, 2049, 4096, 4097, 16_385]) {
      sizes.push(n * CHUNK_SIZE - 1, n * CHUNK_SIZE, n * CHUNK_SIZE + 1)
    }
    for (const n of [1, 2, 3, 5, 16, 17])
      sizes.push(n * SEGMENT_SIZE - 1, n * SEGMENT_SIZE, n * SEGMENT_SIZE + 1)
    for (const size of sizes) {
      const bytes = randomBytes(size, size)
      expect((await zgRoot(bytes, { workers: 0 })).root, `size ${size}`).toBe(await sdkRoot(bytes))
    }
  }, 120_000)

  test(`behavior: equals the 0G SDK on ${RANDOM_CASES} random sizes (seed ${SEED})`, async () => {
    const random = prng(SEED)
    for (let i = 0; i < RANDOM_CASES; i++) {
      // Mostly small, some spanning several segments: sizes drawn log-uniformly up to 3 MiB.
      const size = Math.max(1, Math.floor(Math.exp(random() * Math.log(3 * MiB))))
      const bytes = randomBytes(size, SEED + i)
      const workers = i % 10 === 0 ? 2 : 0
      expect((await zgRoot(bytes, { workers, batchSegments: 2 })).root, `size ${size}`).toBe(
        await sdkRoot(bytes),
      )
    }
  }, 300_000)

  test('behavior: the same root for every source shape and chunking', async () => {
    const bytes = randomBytes(3 * SEGMENT_SIZE + 777, 5)
    const expected = await sdkRoot(bytes)
    const iterable = (async function* () {
      for (let offset = 0; offset < bytes.length; offset += 1000) yield bytes.subarray(offset, offset + 1000)
    })()
    const progress: number[] = []
    const results = [
      await zgRoot(bytes, { kind: 'js' }),
      await zgRoot(new Blob([bytes])),
      await zgRoot(streamOf(bytes, [7, 300_001])),
      await zgRoot(iterable, { onProgress: (n) => progress.push(n) }),
    ]
    for (const result of results) expect(result).toEqual({ root: expected, size: bytes.length })
    expect(progress.at(-1)).toBe(bytes.length)
    expect(progress.length).toBe(Math.ceil(bytes.length / 1000))
  })

  test('error: an empty source', async () => {
    await expect(zgRoot(new Uint8Array(0))).rejects.toMatchObject({ code: 'ZG_ROOT_EMPTY_INPUT' })
    await expect(zgRoot(new Blob([]), { workers: 1 })).rejects.toMatchObject({ code: 'ZG_ROOT_EMPTY_INPUT' })
  })

  test('error: an aborted signal', async () => {
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    await expect(zgRoot(randomBytes(1000, 1), { signal: controller.signal })).rejects.toMatchObject({
      code: 'ZG_ROOT_ABORTED',
    })
  })
})
