import { describe, expect, test } from 'vitest'
import { decryptLcn1 } from '../lcn1/decryptLcn1.js'
import { encryptLcn1 } from '../lcn1/encryptLcn1.js'
import { concatBytes, firstDifference } from '../zgRoot/testing/firstDifference.js'
import { randomBytes } from '../zgRoot/testing/randomBytes.js'
import { zgRoot } from '../zgRoot/zgRoot.js'
import { createEncryptRootStream } from './createEncryptRootStream.js'
import { encryptAndRoot } from './encryptAndRoot.js'

const key = randomBytes(32, 99)
const noncePrefix = new Uint8Array([1, 2, 3, 4, 5, 6, 7])

function collector(): { sink: WritableStream<Uint8Array>; bytes: () => Uint8Array } {
  const parts: Uint8Array[] = []
  return {
    sink: new WritableStream({ write: (chunk) => void parts.push(chunk.slice()) }),
    bytes: () => concatBytes(parts),
  }
}

describe('encryptAndRoot', () => {
  test('default: the root is the 0G root of exactly the LCN1 ciphertext, which decrypts back', async () => {
    const plaintext = randomBytes(3 * 1024 * 1024 + 123, 1)
    const out = collector()
    const result = await encryptAndRoot({ source: plaintext, key, noncePrefix, sink: out.sink, workers: 2 })
    const ciphertext = out.bytes()
    expect(firstDifference(ciphertext, await encryptLcn1(plaintext, { key, noncePrefix }))).toBe(-1)
    expect({ root: result.root, size: result.size }).toEqual(await zgRoot(ciphertext))
    expect(firstDifference(result.header, ciphertext.subarray(0, 16))).toBe(-1)
    expect(firstDifference(await decryptLcn1(ciphertext, { key }), plaintext)).toBe(-1)
  })

  test('args: Blob and stream sources, no sink, single-threaded root', async () => {
    const plaintext = randomBytes(70_000, 2)
    const expected = await zgRoot(await encryptLcn1(plaintext, { key, noncePrefix, chunkSizeLog2: 14 }))
    const fromBlob = await encryptAndRoot({
      source: new Blob([plaintext]),
      key,
      noncePrefix,
      chunkSizeLog2: 14,
      workers: 0,
    })
    const fromStream = await encryptAndRoot({
      source: new Blob([plaintext]).stream(),
      key,
      noncePrefix,
      chunkSizeLog2: 14,
    })
    expect({ root: fromBlob.root, size: fromBlob.size }).toEqual(expected)
    expect({ root: fromStream.root, size: fromStream.size }).toEqual(expected)
  })

  test('behavior: an empty plaintext still has a root (the LCN1 header and one sealed empty chunk)', async () => {
    const result = await encryptAndRoot({ source: new Uint8Array(0), key, noncePrefix, workers: 0 })
    expect({ root: result.root, size: result.size }).toEqual(
      await zgRoot(await encryptLcn1(new Uint8Array(0), { key, noncePrefix })),
    )
    expect(result.size).toBe(32)
  })

  test('error: a bad key is refused up front with the LCN1 code', () => {
    expect(() => createEncryptRootStream({ key: new Uint8Array(5), workers: 0 })).toThrow(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT' }),
    )
  })

  test('error: abort', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      encryptAndRoot({ source: randomBytes(1000, 3), key, signal: controller.signal, workers: 0 }),
    ).rejects.toMatchObject({ code: 'PUBLISH_ABORTED' })
  })
})
