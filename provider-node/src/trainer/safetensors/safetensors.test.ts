import { describe, expect, test } from 'vitest'
import { readSafetensors, tensorToFloat32 } from './readSafetensors.js'
import { writeSafetensors } from './writeSafetensors.js'

// Computed independently with Python's json + struct following the safetensors spec (u64le header length,
// compact JSON header padded with spaces to 8 bytes, little-endian row-major data).
const VECTOR =
  '90000000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a227074227d2c2261223a7b226474797065223a22463332222c227368617065223a5b325d2c22646174615f6f666673657473223a5b302c385d7d2c2262223a7b226474797065223a22463332222c227368617065223a5b312c315d2c22646174615f6f666673657473223a5b382c31325d7d7d2020200000803f000000c00000003f'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'))

/** Builds a file from a raw header object and data bytes. */
function build(header: unknown, data: Uint8Array = new Uint8Array(0), rawHeader?: Uint8Array): Uint8Array {
  const json = rawHeader ?? new TextEncoder().encode(JSON.stringify(header))
  const out = new Uint8Array(8 + json.length + data.length)
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true)
  out.set(json, 8)
  out.set(data, 8 + json.length)
  return out
}

describe('writeSafetensors', () => {
  test('default', () => {
    const bytes = writeSafetensors(
      { b: { shape: [1, 1], data: Float32Array.of(0.5) }, a: { shape: [2], data: Float32Array.of(1, -2) } },
      { format: 'pt' },
    )
    expect(hex(bytes)).toBe(VECTOR)
  })

  test('error: shape that does not match the data', () => {
    expect(() =>
      writeSafetensors({ a: { shape: [3], data: Float32Array.of(1, 2) } }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [SafetensorsError: Invalid safetensors data.

      Details: tensor a: shape [3] does not hold 2 elements]
    `)
  })
})

describe('readSafetensors', () => {
  test('default', () => {
    const parsed = readSafetensors(fromHex(VECTOR))
    expect(parsed.metadata).toEqual({ format: 'pt' })
    expect(Object.keys(parsed.tensors)).toEqual(['a', 'b'])
    expect(parsed.tensors.a!.dtype).toBe('F32')
    expect(parsed.tensors.a!.shape).toEqual([2])
    expect(Array.from(tensorToFloat32('a', parsed.tensors.a!))).toEqual([1, -2])
    expect(parsed.tensors.b!.shape).toEqual([1, 1])
    expect(Array.from(tensorToFloat32('b', parsed.tensors.b!))).toEqual([0.5])
  })

  test('behavior: round trip keeps names, shapes and every float exactly', () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => Math.fround(Math.sin(i) * 1e-3))
    const bytes = writeSafetensors({
      'x.weight': { shape: [4, 6], data },
      empty: { shape: [0, 3], data: new Float32Array(0) },
    })
    const parsed = readSafetensors(bytes)
    expect(parsed.metadata).toEqual({})
    expect(parsed.tensors['x.weight']!.shape).toEqual([4, 6])
    expect(tensorToFloat32('x.weight', parsed.tensors['x.weight']!)).toEqual(data)
    expect(parsed.tensors.empty!.shape).toEqual([0, 3])
  })

  test('behavior: other dtypes are read as raw bytes, offsets in any order', () => {
    const bytes = build(
      {
        h: { dtype: 'BF16', shape: [2], data_offsets: [4, 8] },
        i: { dtype: 'I32', shape: [1], data_offsets: [0, 4] },
      },
      Uint8Array.of(1, 0, 0, 0, 0x80, 0x3f, 0, 0x40),
    )
    const parsed = readSafetensors(bytes)
    expect(Array.from(parsed.tensors.h!.bytes)).toEqual([0x80, 0x3f, 0, 0x40])
    expect(() => tensorToFloat32('h', parsed.tensors.h!)).toThrowError('expected F32, found BF16')
  })

  const invalid: Array<[string, Uint8Array, string]> = [
    ['short', new Uint8Array(4), 'shorter than the 8-byte header length'],
    ['header past end', fromHex('ff00000000000000'), 'header runs past the end of the data'],
    ['huge header length', fromHex('ffffffffffffffff'), 'header longer than 16777216 bytes'],
    ['not JSON', build(null, undefined, new TextEncoder().encode('{nope')), 'header is not UTF-8 JSON'],
    ['JSON array', build([1]), 'header is not a JSON object'],
    ['bad metadata', build({ __metadata__: { a: 1 } }), '__metadata__.a is not a string'],
    ['entry not object', build({ t: 3 }), 'tensor t: entry is not an object'],
    [
      'unknown dtype',
      build({ t: { dtype: 'F128', shape: [], data_offsets: [0, 0] } }),
      'tensor t: unknown dtype',
    ],
    [
      'negative dim',
      build({ t: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }),
      'tensor t: shape is not a list of non-negative integers',
    ],
    [
      'reversed offsets',
      build({ t: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }),
      'tensor t: data_offsets is not [begin, end]',
    ],
    [
      'shape/bytes mismatch',
      build({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)),
      'tensor t: shape [2] of F32 does not span 4 bytes',
    ],
    [
      'past end',
      build({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(4)),
      'tensor t: offsets run past the end of the data',
    ],
    [
      'gap',
      build({ t: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)),
      'tensor t: data offsets leave a gap or overlap',
    ],
    [
      'overlap',
      build(
        {
          s: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
          t: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        },
        new Uint8Array(4),
      ),
      'data offsets leave a gap or overlap',
    ],
    [
      'trailing bytes',
      build({ t: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(5)),
      'bytes follow the last tensor',
    ],
  ]
  test.each(invalid)('error: %s', (_, bytes, details) => {
    expect(() => readSafetensors(bytes)).toThrowError(
      expect.objectContaining({ code: 'SAFETENSORS_INVALID', details: expect.stringContaining(details) }),
    )
  })
})
