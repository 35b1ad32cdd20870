import { zgRoot } from '@licen/sdk'
import { describe, expect, test } from 'vitest'
import { createRootCheckStream } from './createRootCheckStream.js'

const bytes = new Uint8Array(5000).map((_, i) => i % 251)

function source(data: Uint8Array, pieces = 3): ReadableStream<Uint8Array> {
  const size = Math.ceil(data.length / pieces)
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < data.length; i += size) controller.enqueue(data.slice(i, i + size))
      controller.close()
    },
  })
}

async function drain(stream: ReadableStream<Uint8Array>, seen: number[] = []): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) {
    parts.push(part)
    seen.push(part.length)
  }
  return Buffer.concat(parts)
}

describe('createRootCheckStream', () => {
  test('default', async () => {
    const { root } = await zgRoot(bytes)
    const out = await drain(
      source(bytes).pipeThrough(createRootCheckStream({ expectedRoot: root, maxBytes: 10_000 })),
    )
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true)
  })

  test('behavior: the last chunk is released only after the root matched', async () => {
    const other = bytes.slice()
    other[4999]! ^= 1
    const { root } = await zgRoot(bytes)
    const seen: number[] = []
    await expect(
      drain(source(other).pipeThrough(createRootCheckStream({ expectedRoot: root, maxBytes: 10_000 })), seen),
    ).rejects.toMatchObject({ code: 'DATASET_ROOT_MISMATCH' })
    expect(seen).toEqual([1667, 1667])
  })

  test('error: bytes of another object', async () => {
    const { root } = await zgRoot(new Uint8Array(10))
    await expect(
      drain(source(bytes).pipeThrough(createRootCheckStream({ expectedRoot: root, maxBytes: 10_000 }))),
    ).rejects.toMatchObject({ code: 'DATASET_ROOT_MISMATCH' })
  })

  test('error: empty download', async () => {
    const { root } = await zgRoot(bytes)
    await expect(
      drain(
        source(new Uint8Array(0)).pipeThrough(createRootCheckStream({ expectedRoot: root, maxBytes: 10 })),
      ),
    ).rejects.toMatchObject({ code: 'DATASET_ROOT_MISMATCH' })
  })

  test('error: more bytes than maxBytes', async () => {
    const { root } = await zgRoot(bytes)
    await expect(
      drain(source(bytes).pipeThrough(createRootCheckStream({ expectedRoot: root, maxBytes: 4999 }))),
    ).rejects.toMatchObject({ code: 'DATASET_TOO_LARGE' })
  })
})
