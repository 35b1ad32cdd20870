// A minimal WebAssembly binary writer: enough to emit the trainer's compute kernels (i32/f32/v128 code over one
// imported memory) from TypeScript, so the repository carries no compiled binary and no toolchain.

/** Value types the kernels use. */
export const ValType = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const

/** A value type byte. */
export type ValType = (typeof ValType)[keyof typeof ValType]

/** Unsigned LEB128 bytes of a non-negative integer below 2^32. */
export function unsignedLeb128(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new RangeError(`u32 ${value}`)
  const out: number[] = []
  let rest = value
  do {
    let byte = rest & 0x7f
    rest = Math.floor(rest / 128)
    if (rest !== 0) byte |= 0x80
    out.push(byte)
  } while (rest !== 0)
  return out
}

/** Signed LEB128 bytes of a 32-bit integer. */
export function signedLeb128(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff)
    throw new RangeError(`i32 ${value}`)
  const out: number[] = []
  let rest = value
  for (;;) {
    const byte = rest & 0x7f
    rest >>= 7
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)
    out.push(done ? byte : byte | 0x80)
    if (done) return out
  }
}

const vector = (items: number[][]): number[] => [...unsignedLeb128(items.length), ...items.flat()]
const name = (text: string): number[] => vector([...new TextEncoder().encode(text)].map((byte) => [byte]))
const section = (id: number, body: number[]): number[] => [id, ...unsignedLeb128(body.length), ...body]

const simd = (code: number) => [0xfd, ...unsignedLeb128(code)]

/** Instructions without immediates (WebAssembly 2.0 opcodes, SIMD after the 0xfd prefix). */
export const OP = {
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32ShrS: [0x75],
  i32DivS: [0x6d],
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32Ne: [0x47],
  i32LtS: [0x48],
  i32GtS: [0x4a],
  i32GeS: [0x4e],
  f32Neg: [0x8c],
  f32Nearest: [0x90],
  f32Sqrt: [0x91],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Min: [0x96],
  f32Max: [0x97],
  i32TruncSatF32S: [0xfc, 0x00],
  f32ReinterpretI32: [0xbe],
  f32ConvertI32S: [0xb2],
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
  memoryFill: [0xfc, 0x0b, 0x00],
  f32x4Splat: simd(0x13),
  i32x4Splat: simd(0x11),
  f32x4Nearest: simd(0x6a),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  f32x4Neg: simd(0xe1),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  f32x4Min: simd(0xe8),
  f32x4Max: simd(0xe9),
  i32x4TruncSatF32x4S: simd(0xf8),
} as const

/** Memory instructions (followed by alignment and offset immediates, see `FunctionBuilder.mem`). */
export const OP_MEM = {
  i32Load: [0x28],
  f32Load: [0x2a],
  i32Store: [0x36],
  f32Store: [0x38],
  v128Load: simd(0x00),
  v128Load32Splat: simd(0x09),
  v128Store: simd(0x0b),
} as const

/** `f32x4.extract_lane` of lane 0-3. */
export const f32x4ExtractLane = (lane: number): number[] => [...simd(0x1f), lane]

/**
 * Builds one function body: declares locals and appends instructions. Methods return `this`, so code reads in
 * stack order; structured control (`block`, `loop`, `if`) takes a callback that emits the body.
 */
export class FunctionBuilder {
  readonly params: readonly ValType[]
  readonly results: readonly ValType[]
  private readonly locals: ValType[] = []
  private readonly code: number[] = []

  constructor(params: readonly ValType[], results: readonly ValType[] = []) {
    this.params = params
    this.results = results
  }

  /** Declares a new local and returns its index. */
  local(type: ValType): number {
    this.locals.push(type)
    return this.params.length + this.locals.length - 1
  }

  /** Appends raw instruction bytes. */
  raw(...bytes: number[]): this {
    this.code.push(...bytes)
    return this
  }

  get(index: number): this {
    return this.raw(0x20, ...unsignedLeb128(index))
  }
  set(index: number): this {
    return this.raw(0x21, ...unsignedLeb128(index))
  }
  tee(index: number): this {
    return this.raw(0x22, ...unsignedLeb128(index))
  }
  i32(value: number): this {
    return this.raw(0x41, ...signedLeb128(value))
  }
  f32(value: number): this {
    const bytes = new Uint8Array(new Float32Array([value]).buffer)
    return this.raw(0x43, ...bytes)
  }

  /** `block … end` (empty block type); branch depth 0 inside jumps past its end. */
  block(body: () => void): this {
    this.raw(0x02, 0x40)
    body()
    return this.raw(0x0b)
  }
  /** `loop … end`; branch depth 0 inside jumps back to its start. */
  loop(body: () => void): this {
    this.raw(0x03, 0x40)
    body()
    return this.raw(0x0b)
  }
  /** `if … else … end` on the i32 on the stack. */
  ifElse(then: () => void, otherwise?: () => void): this {
    this.raw(0x04, 0x40)
    then()
    if (otherwise) {
      this.raw(0x05)
      otherwise()
    }
    return this.raw(0x0b)
  }
  br(depth: number): this {
    return this.raw(0x0c, ...unsignedLeb128(depth))
  }
  brIf(depth: number): this {
    return this.raw(0x0d, ...unsignedLeb128(depth))
  }

  /**
   * `for (i = from; i < limit; i += step)` over i32 locals: the body runs while `i + span <= limit` (span = step
   * for blocked loops, 1 for plain ones). `from` and `limit` are emitted by callbacks.
   */
  forRange(
    index: number,
    from: () => void,
    limit: () => void,
    step: number,
    span: number,
    body: () => void,
  ): this {
    from()
    this.set(index)
    return this.block(() => {
      this.loop(() => {
        this.get(index).i32(span).raw(0x6a)
        limit()
        this.raw(0x4a).brIf(1) // i + span > limit: leave
        body()
        this.get(index).i32(step).raw(0x6a).set(index).br(0)
      })
    })
  }

  /** Appends one instruction from `OP` (with its immediates). */
  op(instruction: readonly number[]): this {
    return this.raw(...instruction)
  }
  /** A load or store from `OP_MEM` with its alignment (log2 bytes) and constant byte offset. */
  mem(instruction: readonly number[], align: number, offset = 0): this {
    return this.raw(...instruction, ...unsignedLeb128(align), ...unsignedLeb128(offset))
  }

  /** The encoded body (locals then code then `end`). */
  encode(): number[] {
    const groups: number[][] = []
    for (const type of this.locals) {
      const last = groups.at(-1)
      if (last && last[1] === type) last[0]!++
      else groups.push([1, type])
    }
    const body = [
      ...unsignedLeb128(groups.length),
      ...groups.flatMap(([count, type]) => [...unsignedLeb128(count!), type!]),
      ...this.code,
      0x0b,
    ]
    return [...unsignedLeb128(body.length), ...body]
  }
}

/** Encodes a module that imports one memory as `env.memory` and exports the given functions by name. */
export function encodeModule(
  functions: ReadonlyArray<{ name: string; builder: FunctionBuilder }>,
  memory: { minimumPages: number; maximumPages: number; shared: boolean },
): Uint8Array {
  const types = functions.map(({ builder }) => [
    0x60,
    ...vector(builder.params.map((type) => [type])),
    ...vector(builder.results.map((type) => [type])),
  ])
  const limits = [
    memory.shared ? 0x03 : 0x01,
    ...unsignedLeb128(memory.minimumPages),
    ...unsignedLeb128(memory.maximumPages),
  ]
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, ...limits]])),
    ...section(3, vector(functions.map((_, index) => unsignedLeb128(index)))),
    ...section(7, vector(functions.map((f, index) => [...name(f.name), 0x00, ...unsignedLeb128(index)]))),
    ...section(10, vector(functions.map(({ builder }) => builder.encode()))),
  ])
}
