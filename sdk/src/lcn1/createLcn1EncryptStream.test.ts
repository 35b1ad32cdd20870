import { gcm } from '@noble/ciphers/aes'
import { bytesToHex, hexToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { collectStream } from './collectStream.js'
import { createLcn1DecryptStream } from './createLcn1DecryptStream.js'
import { createLcn1EncryptStream } from './createLcn1EncryptStream.js'
import { lcn1Nonce } from './nonce.js'
import { lcn1CiphertextSize } from './sizes.js'
import { patternBytes, run } from './testing.js'

const key = hexToBytes('0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f')
const noncePrefix = hexToBytes('0xa0a1a2a3a4a5a6')

describe('createLcn1EncryptStream', () => {
  test('default: header first, then sealed chunks that decrypt back', async () => {
    const plaintext = patternBytes(3000)
    const stream = createLcn1EncryptStream({ key, noncePrefix, chunkSizeLog2: 10 })
    expect(bytesToHex(stream.header)).toBe('0x4c434e31010a0000a0a1a2a3a4a5a600')
    const ciphertext = (await run(plaintext, stream)) as Uint8Array
    expect(ciphertext.length).toBe(lcn1CiphertextSize(3000, 1024))
    expect(bytesToHex(ciphertext.subarray(0, 16))).toBe(bytesToHex(stream.header))
    // Final chunk (index 2, last flag set) opens with an independent AES-GCM.
    const final = gcm(key, lcn1Nonce(noncePrefix, 2, true), stream.header).decrypt(
      ciphertext.subarray(16 + 2080),
    )
    expect(bytesToHex(final)).toBe(bytesToHex(plaintext.subarray(2048)))
  })

  test.each([
    [0, [1]],
    [1, [1]],
    [1023, [1]],
    [1024, [7, 1, 1000]],
    [1025, [1024]],
    [4096, [4096]],
    [5000, [3, 1021, 2048, 1]],
    [20_000, [65_536]],
  ])('behavior: %i bytes in pieces of %j round-trip at every concurrency', async (size, pieces) => {
    const plaintext = patternBytes(size)
    for (const concurrency of [1, 2, 5]) {
      const ciphertext = (await run(
        plaintext,
        createLcn1EncryptStream({ key, chunkSizeLog2: 10, concurrency }),
        pieces,
      )) as Uint8Array
      expect(ciphertext.length).toBe(lcn1CiphertextSize(size, 1024))
      const decrypted = await run(
        ciphertext,
        createLcn1DecryptStream({ key, concurrency }),
        [...pieces].reverse(),
      )
      expect(bytesToHex(decrypted as Uint8Array)).toBe(bytesToHex(plaintext))
    }
  })

  test('behavior: same input and nonce prefix give the same bytes whatever the piece sizes', async () => {
    const plaintext = patternBytes(5000)
    const a = await run(plaintext, createLcn1EncryptStream({ key, noncePrefix, chunkSizeLog2: 10 }), [1])
    const b = await run(plaintext, createLcn1EncryptStream({ key, noncePrefix, chunkSizeLog2: 10 }), [5000])
    expect(bytesToHex(a as Uint8Array)).toBe(bytesToHex(b as Uint8Array))
  })

  test('behavior: pushed buffers may be reused by the writer after write() resolves', async () => {
    const stream = createLcn1EncryptStream({ key, noncePrefix, chunkSizeLog2: 10 })
    const output = new Response(stream.readable).arrayBuffer()
    const writer = stream.writable.getWriter()
    const buffer = new Uint8Array(700)
    const plaintext = patternBytes(2100)
    for (let offset = 0; offset < plaintext.length; offset += 700) {
      buffer.set(plaintext.subarray(offset, offset + 700))
      await writer.write(buffer)
      buffer.fill(0xee)
    }
    await writer.close()
    const decrypted = await run(new Uint8Array(await output), createLcn1DecryptStream({ key }))
    expect(bytesToHex(decrypted as Uint8Array)).toBe(bytesToHex(plaintext))
  })

  test('args: onProgress reports plaintext bytes per chunk', async () => {
    const events: unknown[] = []
    await run(
      patternBytes(2500),
      createLcn1EncryptStream({
        key,
        chunkSizeLog2: 10,
        totalBytes: 2500,
        onProgress: (progress) => events.push(progress),
      }),
      [100],
    )
    expect(events).toEqual([
      { bytes: 1024, totalBytes: 2500 },
      { bytes: 2048, totalBytes: 2500 },
      { bytes: 2500, totalBytes: 2500 },
    ])
  })

  test('args: CryptoKey', async () => {
    const cryptoKey = await crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ])
    const a = await run(patternBytes(10), createLcn1EncryptStream({ key: cryptoKey, noncePrefix }))
    const b = await run(patternBytes(10), createLcn1EncryptStream({ key, noncePrefix }))
    expect(bytesToHex(a as Uint8Array)).toBe(bytesToHex(b as Uint8Array))
  })

  test('error: aborted before start', async () => {
    const controller = new AbortController()
    controller.abort(new Error('user cancelled'))
    const result = await run(patternBytes(10), createLcn1EncryptStream({ key, signal: controller.signal }))
    expect(result).toEqual({ code: 'LCN1_ABORTED', chunkIndex: undefined })
  })

  test('error: aborted mid-stream errors the stream', async () => {
    const controller = new AbortController()
    const result = await run(
      patternBytes(10_000),
      createLcn1EncryptStream({
        key,
        chunkSizeLog2: 10,
        signal: controller.signal,
        onProgress: ({ bytes }) => bytes >= 2048 && controller.abort(),
      }),
      [512],
    )
    expect(result).toEqual({ code: 'LCN1_ABORTED', chunkIndex: undefined })
  })

  test('error: bad arguments', () => {
    expect(() => createLcn1EncryptStream({ key: new Uint8Array(16) })).toThrowError(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT', details: 'got 16 bytes' }),
    )
    expect(() => createLcn1EncryptStream({ key, concurrency: 0 })).toThrowError(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT' }),
    )
    expect(() => createLcn1EncryptStream({ key, chunkSizeLog2: 30 })).toThrowError(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT' }),
    )
  })

  test('error: non-Uint8Array chunk', async () => {
    const source = new ReadableStream({
      start(controller) {
        controller.enqueue('text')
        controller.close()
      },
    })
    const piped = source.pipeThrough(
      createLcn1EncryptStream({ key }) as unknown as TransformStream<string, Uint8Array>,
    )
    await expect(collectStream(piped)).rejects.toMatchObject({ code: 'LCN1_INVALID_ARGUMENT' })
  })
})
