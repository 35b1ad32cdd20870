import { bytesToHex, hexToBytes } from 'viem'
import { beforeAll, describe, expect, test } from 'vitest'
import { createLcn1DecryptStream } from './createLcn1DecryptStream.js'
import { encryptLcn1 } from './encryptLcn1.js'
import { concat, patternBytes, run, streamOf } from './testing.js'

const key = hexToBytes('0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f')
const otherKey = hexToBytes('0x1f0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e00')
const noncePrefix = hexToBytes('0xa0a1a2a3a4a5a6')
const SEALED = 1040

// 5000 bytes in 1 KiB chunks: four full chunks (1040 B sealed) and a final one of 904 B (920 B sealed).
const plaintext = patternBytes(5000)
let ct: Uint8Array
let header: Uint8Array
let c: Uint8Array[]

beforeAll(async () => {
  ct = await encryptLcn1(plaintext, { key, noncePrefix, chunkSizeLog2: 10 })
  header = ct.slice(0, 16)
  c = [0, 1, 2, 3, 4].map((j) => ct.slice(16 + j * SEALED, Math.min(16 + (j + 1) * SEALED, ct.length)))
})

const flip = (bytes: Uint8Array, at: number) => {
  const copy = bytes.slice()
  copy[at < 0 ? copy.length + at : at]! ^= 0x01
  return copy
}

type Outcome = { code: string; chunkIndex: number | undefined } | 'ok'

/** Decrypts `bytes` under several piece sizes and concurrencies; all must agree. */
async function outcome(
  bytes: Uint8Array,
  options: {
    plaintextSize?: number
    expectedHeader?: Uint8Array
    key?: Uint8Array
    expect?: Uint8Array
  } = {},
): Promise<Outcome> {
  const seen = new Set<string>()
  for (const [pieces, concurrency] of [
    [[bytes.length || 1], 2],
    [[1, 333], 1],
    [[1040], 3],
  ] as const) {
    const result = await run(
      bytes,
      createLcn1DecryptStream({
        key: options.key ?? key,
        plaintextSize: options.plaintextSize,
        expectedHeader: options.expectedHeader,
        concurrency,
      }),
      pieces,
    )
    if (result instanceof Uint8Array) {
      expect(bytesToHex(result)).toBe(bytesToHex(options.expect ?? plaintext))
      seen.add('"ok"')
    } else {
      seen.add(JSON.stringify(result))
    }
  }
  expect(seen.size).toBe(1)
  return JSON.parse([...seen][0]!)
}

const both = (code: string, chunkIndex?: number) => ({
  unknownSize: { code, chunkIndex },
  knownSize: { code, chunkIndex },
})

describe('createLcn1DecryptStream', () => {
  test('default', async () => {
    expect(await outcome(ct)).toBe('ok')
    expect(await outcome(ct, { plaintextSize: 5000, expectedHeader: header })).toBe('ok')
  })

  test('behavior: empty plaintext', async () => {
    const empty = await encryptLcn1(new Uint8Array(0), { key })
    expect(await outcome(empty, { expect: new Uint8Array(0) })).toBe('ok')
    expect(await outcome(empty, { plaintextSize: 0, expect: new Uint8Array(0) })).toBe('ok')
  })

  test('behavior: plaintext a multiple of the chunk size', async () => {
    const exact = await encryptLcn1(patternBytes(4096), { key, chunkSizeLog2: 10 })
    expect(await outcome(exact, { expect: patternBytes(4096) })).toBe('ok')
    expect(await outcome(exact, { plaintextSize: 4096, expect: patternBytes(4096) })).toBe('ok')
  })

  const cases: [string, () => Uint8Array, { unknownSize: Outcome; knownSize: Outcome }][] = [
    ['wrong key', () => ct, both('LCN1_WRONG_KEY', 0)],
    [
      'final chunk dropped',
      () => concat(header, c[0]!, c[1]!, c[2]!, c[3]!),
      {
        unknownSize: { code: 'LCN1_TRUNCATED', chunkIndex: 3 },
        knownSize: { code: 'LCN1_TRUNCATED', chunkIndex: 4 },
      },
    ],
    [
      'cut inside a middle chunk',
      () => ct.slice(0, 16 + 2 * SEALED + 500),
      {
        unknownSize: { code: 'LCN1_CHUNK_AUTH_FAILED', chunkIndex: 2 },
        knownSize: { code: 'LCN1_TRUNCATED', chunkIndex: 2 },
      },
    ],
    [
      'cut inside the final chunk',
      () => ct.slice(0, -1),
      {
        unknownSize: { code: 'LCN1_CHUNK_AUTH_FAILED', chunkIndex: 4 },
        knownSize: { code: 'LCN1_TRUNCATED', chunkIndex: 4 },
      },
    ],
    ['cut 5 bytes after a chunk', () => ct.slice(0, 16 + SEALED + 5), both('LCN1_TRUNCATED', 1)],
    ['header only', () => ct.slice(0, 16), both('LCN1_TRUNCATED', 0)],
    ['cut inside the header', () => ct.slice(0, 10), both('LCN1_TRUNCATED', undefined)],
    ['empty input', () => new Uint8Array(0), both('LCN1_TRUNCATED', undefined)],
    [
      'one byte appended',
      () => concat(ct, new Uint8Array([0])),
      {
        unknownSize: { code: 'LCN1_CHUNK_AUTH_FAILED', chunkIndex: 4 },
        knownSize: { code: 'LCN1_TRAILING_DATA', chunkIndex: undefined },
      },
    ],
    [
      'chunks 1 and 2 swapped',
      () => concat(header, c[0]!, c[2]!, c[1]!, c[3]!, c[4]!),
      both('LCN1_CHUNK_OUT_OF_ORDER', 1),
    ],
    [
      'chunks 0 and 1 swapped',
      () => concat(header, c[1]!, c[0]!, c[2]!, c[3]!, c[4]!),
      both('LCN1_CHUNK_OUT_OF_ORDER', 0),
    ],
    ['chunk 1 removed', () => concat(header, c[0]!, c[2]!, c[3]!, c[4]!), both('LCN1_CHUNK_OUT_OF_ORDER', 1)],
    [
      'chunk 1 repeated',
      () => concat(header, c[0]!, c[1]!, c[1]!, c[2]!, c[3]!, c[4]!),
      both('LCN1_CHUNK_DUPLICATED', 2),
    ],
    [
      'chunk 2 replaced by chunk 1',
      () => concat(header, c[0]!, c[1]!, c[1]!, c[3]!, c[4]!),
      both('LCN1_CHUNK_DUPLICATED', 2),
    ],
    [
      'chunk 0 replaced by chunk 1',
      () => concat(header, c[1]!, c[1]!, c[2]!, c[3]!, c[4]!),
      both('LCN1_CHUNK_OUT_OF_ORDER', 0),
    ],
    [
      'byte flipped in chunk 0',
      () => concat(header, flip(c[0]!, 7), c[1]!, c[2]!, c[3]!, c[4]!),
      both('LCN1_CHUNK_AUTH_FAILED', 0),
    ],
    [
      'byte flipped in chunk 2',
      () => concat(header, c[0]!, c[1]!, flip(c[2]!, 100), c[3]!, c[4]!),
      both('LCN1_CHUNK_AUTH_FAILED', 2),
    ],
    [
      'tag flipped in chunk 3',
      () => concat(header, c[0]!, c[1]!, c[2]!, flip(c[3]!, -1), c[4]!),
      both('LCN1_CHUNK_AUTH_FAILED', 3),
    ],
    [
      'byte flipped in the final chunk',
      () => concat(header, c[0]!, c[1]!, c[2]!, c[3]!, flip(c[4]!, 0)),
      both('LCN1_CHUNK_AUTH_FAILED', 4),
    ],
    ['header magic edited', () => flip(ct, 0), both('LCN1_HEADER_INVALID', undefined)],
    ['header version edited', () => flip(ct, 4), both('LCN1_UNSUPPORTED_VERSION', undefined)],
    ['header reserved edited', () => flip(ct, 7), both('LCN1_HEADER_INVALID', undefined)],
    ['header final byte edited', () => flip(ct, 15), both('LCN1_HEADER_INVALID', undefined)],
  ]

  test.each(cases)('error: %s', async (name, make, expected) => {
    const opts = name === 'wrong key' ? { key: otherKey } : {}
    expect(await outcome(make(), opts)).toEqual(expected.unknownSize)
    expect(await outcome(make(), { ...opts, plaintextSize: 5000 })).toEqual(expected.knownSize)
  })

  test('error: header nonce prefix or chunk size edited', async () => {
    for (const at of [5, 8, 14]) {
      const edited = flip(ct, at)
      // Without an expected header the AAD no longer matches anywhere, exactly as under another key.
      expect(await outcome(edited)).toEqual({ code: 'LCN1_WRONG_KEY', chunkIndex: 0 })
      expect(await outcome(edited, { expectedHeader: header })).toEqual({
        code: 'LCN1_HEADER_MISMATCH',
        chunkIndex: undefined,
      })
    }
  })

  test('error: trailing bytes after a full final chunk', async () => {
    const exact = await encryptLcn1(patternBytes(4096), { key, chunkSizeLog2: 10 })
    const extended = concat(exact, new Uint8Array(5))
    expect(await outcome(extended)).toEqual({ code: 'LCN1_TRAILING_DATA', chunkIndex: 3 })
    expect(await outcome(extended, { plaintextSize: 4096 })).toEqual({
      code: 'LCN1_TRAILING_DATA',
      chunkIndex: undefined,
    })
  })

  test('error: wrong key on a one-chunk stream', async () => {
    const small = await encryptLcn1(patternBytes(100), { key })
    expect(await outcome(small, { key: otherKey })).toEqual({ code: 'LCN1_WRONG_KEY', chunkIndex: 0 })
  })

  test('error: modified one-chunk stream reads as a wrong key (nothing else can tell them apart)', async () => {
    const small = await encryptLcn1(patternBytes(100), { key })
    expect(await outcome(flip(small, 40))).toEqual({ code: 'LCN1_WRONG_KEY', chunkIndex: 0 })
  })

  test('behavior: emits only authenticated chunks, then errors instead of closing', async () => {
    const truncated = concat(header, c[0]!, c[1]!, c[2]!, c[3]!)
    const reader = streamOf(truncated, [100]).pipeThrough(createLcn1DecryptStream({ key })).getReader()
    let received = 0
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return undefined
        received += value.length
      }
    })().catch((e: unknown) => e)
    expect(received).toBe(3 * 1024)
    expect(error).toMatchObject({
      code: 'LCN1_TRUNCATED',
      shortMessage: 'LCN1 stream is truncated: it ends before its final chunk.',
      details: 'chunk 3 is not the final chunk, but nothing follows it',
    })
  })

  test('args: onProgress', async () => {
    const events: unknown[] = []
    await run(ct, createLcn1DecryptStream({ key, plaintextSize: 5000, onProgress: (p) => events.push(p) }))
    expect(events).toEqual([
      { bytes: 1024, totalBytes: 5000 },
      { bytes: 2048, totalBytes: 5000 },
      { bytes: 3072, totalBytes: 5000 },
      { bytes: 4096, totalBytes: 5000 },
      { bytes: 5000, totalBytes: 5000 },
    ])
  })

  test('error: aborted mid-stream', async () => {
    const controller = new AbortController()
    const result = await run(
      ct,
      createLcn1DecryptStream({
        key,
        signal: controller.signal,
        onProgress: ({ bytes }) => bytes >= 2048 && controller.abort(),
      }),
      [64],
    )
    expect(result).toEqual({ code: 'LCN1_ABORTED', chunkIndex: undefined })
  })

  test('error: bad arguments', () => {
    expect(() => createLcn1DecryptStream({ key, plaintextSize: -1 })).toThrowError(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT' }),
    )
    expect(() => createLcn1DecryptStream({ key, expectedHeader: new Uint8Array(15) })).toThrowError(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT' }),
    )
    expect(() => createLcn1DecryptStream({ key: new Uint8Array(31) })).toThrowError(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT' }),
    )
  })
})
