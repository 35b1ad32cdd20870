import { describe, expect, test } from 'vitest'
import { encodeModule, FunctionBuilder, OP, signedLeb128, unsignedLeb128, ValType } from './wasmBinary.js'

describe('unsignedLeb128', () => {
  test('default', () => {
    expect([0, 127, 128, 624_485, 0xffff_ffff].map(unsignedLeb128)).toEqual([
      [0x00],
      [0x7f],
      [0x80, 0x01],
      [0xe5, 0x8e, 0x26],
      [0xff, 0xff, 0xff, 0xff, 0x0f],
    ])
  })

  test('error: out of range', () => {
    expect(() => unsignedLeb128(-1)).toThrowErrorMatchingInlineSnapshot(`[RangeError: u32 -1]`)
    expect(() => unsignedLeb128(2 ** 32)).toThrowErrorMatchingInlineSnapshot(`[RangeError: u32 4294967296]`)
    expect(() => unsignedLeb128(1.5)).toThrowErrorMatchingInlineSnapshot(`[RangeError: u32 1.5]`)
  })
})

describe('signedLeb128', () => {
  test('default', () => {
    expect([0, -1, 63, 64, -64, -65, -123_456, 0x7fff_ffff, -0x8000_0000].map(signedLeb128)).toEqual([
      [0x00],
      [0x7f],
      [0x3f],
      [0xc0, 0x00],
      [0x40],
      [0xbf, 0x7f],
      [0xc0, 0xbb, 0x78],
      [0xff, 0xff, 0xff, 0xff, 0x07],
      [0x80, 0x80, 0x80, 0x80, 0x78],
    ])
  })

  test('error: out of range', () => {
    expect(() => signedLeb128(2 ** 31)).toThrowErrorMatchingInlineSnapshot(`[RangeError: i32 2147483648]`)
  })
})

describe('encodeModule', () => {
  test('default', () => {
    // (i32 a, i32 b) → a·b + 7, with a loop-free body and one declared local.
    const f = new FunctionBuilder([ValType.i32, ValType.i32], [ValType.i32])
    const t = f.local(ValType.i32)
    f.get(0).get(1).op(OP.i32Mul).i32(7).op(OP.i32Add).tee(t)
    const bytes = encodeModule([{ name: 'f', builder: f }], {
      minimumPages: 1,
      maximumPages: 2,
      shared: false,
    })
    expect(Buffer.from(bytes).toString('hex')).toBe(
      '0061736d01000000' + // magic, version
        '0107016002' +
        '7f7f' +
        '017f' + // type section: (i32, i32) → i32
        '021001' +
        '03656e76' +
        '066d656d6f7279' +
        '02' +
        '010102' + // import env.memory, limits 1..2
        '03020100' + // function 0 has type 0
        '070501' +
        '0166' +
        '0000' + // export "f" = function 0
        '0a1001' +
        '0e' +
        '01017f' +
        '200020016c41076a220' +
        '20b', // code: locals, body, end
    )
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 })
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), {
      env: { memory },
    })
    expect((instance.exports.f as (a: number, b: number) => number)(6, 7)).toBe(49)
  })

  test('behavior: forRange runs blocked then tail iterations', () => {
    // sum of i for i in [from, limit) stepping by 3 while i + 3 <= limit, then by 1.
    const f = new FunctionBuilder([ValType.i32, ValType.i32], [ValType.i32])
    const i = f.local(ValType.i32)
    const sum = f.local(ValType.i32)
    const body = () => f.get(sum).get(i).op(OP.i32Add).set(sum)
    f.forRange(
      i,
      () => f.get(0),
      () => f.get(1),
      3,
      3,
      body,
    )
    f.forRange(
      i,
      () => f.get(i),
      () => f.get(1),
      1,
      1,
      () => f.get(sum).i32(1000).op(OP.i32Add).set(sum),
    )
    f.get(sum)
    const bytes = encodeModule([{ name: 'f', builder: f }], {
      minimumPages: 1,
      maximumPages: 1,
      shared: false,
    })
    const run = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), {
      env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 1 }) },
    }).exports.f as (from: number, limit: number) => number
    // [0, 8): blocks at 0 and 3 (0 + 3), then 6 and 7 as tail iterations (2 × 1000).
    expect([run(0, 8), run(0, 2), run(5, 5), run(2, 11)]).toEqual([2003, 2000, 0, 2 + 5 + 8 + 0])
  })
})
