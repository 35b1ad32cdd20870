import { describe, expect, test } from 'vitest'
import { firstDifference } from '../zgRoot/testing/firstDifference.js'
import { randomBytes } from '../zgRoot/testing/randomBytes.js'
import { zgRoot } from '../zgRoot/zgRoot.js'
import { createVerifiedStream } from './createVerifiedStream.js'

function streamOf(bytes: Uint8Array, piece: number): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, offset + piece))
      offset += piece
    },
  })
}

/** Reads everything; returns the bytes delivered before the end or the error. */
async function drain(
  stream: ReadableStream<Uint8Array>,
): Promise<{ bytes: number; error?: { code?: string } }> {
  const reader = stream.getReader()
  let bytes = 0
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.length
    return { bytes }
  } catch (error) {
    return { bytes, error: error as { code?: string } }
  }
}

const data = randomBytes(300_000, 21)
const { root } = await zgRoot(data)

describe('createVerifiedStream', () => {
  test('default: passes verified bytes through unchanged', async () => {
    const progress: number[] = []
    const stream = createVerifiedStream(streamOf(data, 65_536), {
      root,
      size: data.length,
      workers: 0,
      onProgress: (p) => progress.push(p.bytes),
    })
    const out = new Uint8Array(await new Response(stream).arrayBuffer())
    expect(firstDifference(out, data)).toBe(-1)
    expect(progress.at(-1)).toBe(data.length)
  })

  test('error: one flipped byte errors the stream and the last chunk is never delivered', async () => {
    for (const position of [0, 150_000, data.length - 1]) {
      const tampered = data.slice()
      tampered[position]! ^= 1
      const result = await drain(
        createVerifiedStream(streamOf(tampered, 65_536), { root, size: data.length, workers: 0 }),
      )
      expect(result.error?.code).toBe('STORAGE_ROOT_MISMATCH')
      expect(result.bytes).toBeLessThan(data.length)
      expect(result.bytes).toBe(data.length - (data.length % 65_536 || 65_536))
    }
  })

  test('error: truncated, extended and oversized bodies', async () => {
    const short = await drain(
      createVerifiedStream(streamOf(data.subarray(0, 1000), 100), { root, size: data.length, workers: 0 }),
    )
    expect(short.error?.code).toBe('STORAGE_SIZE_MISMATCH')
    const long = await drain(
      createVerifiedStream(streamOf(data, 100_000), { root, size: 200_000, workers: 0 }),
    )
    expect(long.error?.code).toBe('STORAGE_SIZE_MISMATCH')
    const big = await drain(
      createVerifiedStream(streamOf(data, 100_000), { root, maxBytes: 150_000, workers: 0 }),
    )
    expect(big).toEqual({ bytes: 0, error: expect.objectContaining({ code: 'STORAGE_TOO_LARGE' }) })
    const unannounced = await drain(
      createVerifiedStream(streamOf(data.subarray(0, 299_999), 100_000), { root, workers: 0 }),
    )
    expect(unannounced.error?.code).toBe('STORAGE_ROOT_MISMATCH')
    const empty = await drain(createVerifiedStream(streamOf(new Uint8Array(0), 1), { root, workers: 0 }))
    expect(empty.error?.code).toBe('STORAGE_ROOT_MISMATCH')
  })

  test('error: abort', async () => {
    const controller = new AbortController()
    const stream = createVerifiedStream(streamOf(data, 1000), { root, workers: 0, signal: controller.signal })
    const reader = stream.getReader()
    await reader.read()
    controller.abort()
    await expect(reader.read()).rejects.toMatchObject({ code: 'STORAGE_ABORTED' })
  })
})
