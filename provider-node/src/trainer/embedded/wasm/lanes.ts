import { type FunctionBuilder, f32x4ExtractLane, OP, OP_MEM, ValType } from './wasmBinary.js'

/** Code that pushes one value (an f32, or an f32x4 in vector lanes). */
export type Expr = () => void

// Cephes expf: x = n·ln2 + r with ln2 split in two, exp(r) by a degree-7 polynomial, 2^n from exponent bits.
const LOG2E = Math.LOG2E
const LN2_HIGH = 0.693359375
const LN2_LOW = -2.1219444e-4
const EXP_POLYNOMIAL = [
  1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1,
]
/** exp's input range: above, 2^n would overflow the exponent; below, the result is subnormal anyway. */
const EXP_MIN = -87.33
const EXP_MAX = 88

/**
 * Float arithmetic written once and emitted either on f32x4 vectors (4 lanes) or on f32 scalars (for the last
 * n mod 4 elements). Both forms do the same IEEE operations per element, so a value does not depend on the lane it
 * was computed in.
 */
export class Lanes {
  readonly f: FunctionBuilder
  readonly vector: boolean
  /** Bytes per step: 16 for vectors, 4 for scalars. */
  readonly bytes: number

  constructor(f: FunctionBuilder, vector: boolean) {
    this.f = f
    this.vector = vector
    this.bytes = vector ? 16 : 4
  }

  private emit(vectorOp: readonly number[], scalarOp: readonly number[], ...operands: Expr[]): Expr {
    return () => {
      for (const operand of operands) operand()
      this.f.op(this.vector ? vectorOp : scalarOp)
    }
  }

  /** A constant in every lane. */
  constant(value: number): Expr {
    return () => {
      this.f.f32(value)
      if (this.vector) this.f.op(OP.f32x4Splat)
    }
  }
  /** An f32 expression broadcast to every lane. */
  broadcast(scalar: Expr): Expr {
    return () => {
      scalar()
      if (this.vector) this.f.op(OP.f32x4Splat)
    }
  }
  /** Loads from the byte address in i32 local `pointer` plus `offset`. */
  load(pointer: number, offset = 0): Expr {
    return () => this.f.get(pointer).mem(this.vector ? OP_MEM.v128Load : OP_MEM.f32Load, 2, offset)
  }
  /** Stores at the byte address in i32 local `pointer` plus `offset`. */
  store(pointer: number, value: Expr, offset = 0): void {
    this.f.get(pointer)
    value()
    this.f.mem(this.vector ? OP_MEM.v128Store : OP_MEM.f32Store, 2, offset)
  }
  add(a: Expr, b: Expr): Expr {
    return this.emit(OP.f32x4Add, OP.f32Add, a, b)
  }
  sub(a: Expr, b: Expr): Expr {
    return this.emit(OP.f32x4Sub, OP.f32Sub, a, b)
  }
  mul(a: Expr, b: Expr): Expr {
    return this.emit(OP.f32x4Mul, OP.f32Mul, a, b)
  }
  div(a: Expr, b: Expr): Expr {
    return this.emit(OP.f32x4Div, OP.f32Div, a, b)
  }
  min(a: Expr, b: Expr): Expr {
    return this.emit(OP.f32x4Min, OP.f32Min, a, b)
  }
  max(a: Expr, b: Expr): Expr {
    return this.emit(OP.f32x4Max, OP.f32Max, a, b)
  }
  neg(a: Expr): Expr {
    return this.emit(OP.f32x4Neg, OP.f32Neg, a)
  }

  /** A new local of the lane type. */
  local(): number {
    return this.f.local(this.vector ? ValType.v128 : ValType.f32)
  }
  /** Evaluates once into a new local; the result reads it. */
  let(value: Expr): Expr {
    const local = this.local()
    value()
    this.f.set(local)
    return () => this.f.get(local)
  }

  /** e^x (Cephes expf, within a few ulp; inputs clamped to [-87.33, 88]). */
  exp(value: Expr): Expr {
    const x = this.let(this.min(this.max(value, this.constant(EXP_MIN)), this.constant(EXP_MAX)))
    const n = this.let(this.emit(OP.f32x4Nearest, OP.f32Nearest, this.mul(x, this.constant(LOG2E))))
    const r = this.let(
      this.sub(this.sub(x, this.mul(n, this.constant(LN2_HIGH))), this.mul(n, this.constant(LN2_LOW))),
    )
    let polynomial: Expr = this.constant(EXP_POLYNOMIAL[0]!)
    for (const coefficient of EXP_POLYNOMIAL.slice(1)) {
      polynomial = this.add(this.mul(polynomial, r), this.constant(coefficient))
    }
    const expR = this.add(this.add(this.mul(this.mul(polynomial, r), r), r), this.constant(1))
    const twoToN: Expr = () => {
      n()
      if (this.vector) {
        this.f.op(OP.i32x4TruncSatF32x4S).i32(127).op(OP.i32x4Splat).op(OP.i32x4Add).i32(23).op(OP.i32x4Shl)
      } else {
        this.f.op(OP.i32TruncSatF32S).i32(127).op(OP.i32Add).i32(23).op(OP.i32Shl).op(OP.f32ReinterpretI32)
      }
    }
    return this.mul(expR, twoToN)
  }

  /** Sum (or max) of the lanes of a vector as an f32, pairwise: (l0 ∘ l1) ∘ (l2 ∘ l3). */
  horizontal(value: Expr, combine: 'add' | 'max'): Expr {
    if (!this.vector) return value
    const f = this.f
    const v = this.let(value)
    const op = combine === 'add' ? OP.f32Add : OP.f32Max
    return () => {
      v()
      f.op(f32x4ExtractLane(0))
      v()
      f.op(f32x4ExtractLane(1)).op(op)
      v()
      f.op(f32x4ExtractLane(2))
      v()
      f.op(f32x4ExtractLane(3)).op(op).op(op)
    }
  }
}

/**
 * Emits a loop over `count` floats (an i32 expression): `body` runs on 4 floats at a time while 4 remain, then on
 * single floats; each i32 local in `pointers` (byte addresses) advances by the step after every iteration.
 * `between` emits code that runs once after the vector loop.
 */
export function forLanes(
  f: FunctionBuilder,
  count: Expr,
  pointers: readonly number[],
  body: (lanes: Lanes) => void,
  between?: () => void,
): void {
  const i = f.local(ValType.i32)
  const limit = f.local(ValType.i32)
  count()
  f.set(limit)
  for (const lanes of [new Lanes(f, true), new Lanes(f, false)]) {
    const step = lanes.vector ? 4 : 1
    f.forRange(
      i,
      () => (lanes.vector ? f.i32(0) : f.get(i)),
      () => f.get(limit),
      step,
      step,
      () => {
        body(lanes)
        for (const pointer of pointers) f.get(pointer).i32(lanes.bytes).op(OP.i32Add).set(pointer)
      },
    )
    if (lanes.vector) between?.()
  }
}

/**
 * Reduces `term` over `count` floats (see `forLanes`) with + or max into a new f32 local, returned: the four lanes
 * accumulate separately, combine pairwise, then the scalar tail joins in order.
 */
export function reduceLanes(
  f: FunctionBuilder,
  count: Expr,
  pointers: readonly number[],
  combine: 'add' | 'max',
  term: (lanes: Lanes) => Expr,
): number {
  const vector = new Lanes(f, true)
  const accumulator = vector.local()
  const total = f.local(ValType.f32)
  vector.constant(combine === 'add' ? 0 : Number.NEGATIVE_INFINITY)()
  f.set(accumulator)
  forLanes(
    f,
    count,
    pointers,
    (lanes) => {
      const target = lanes.vector ? accumulator : total
      const current = () => f.get(target)
      ;(combine === 'add' ? lanes.add(current, term(lanes)) : lanes.max(current, term(lanes)))()
      f.set(target)
    },
    () => {
      vector.horizontal(() => f.get(accumulator), combine)()
      f.set(total)
    },
  )
  return total
}
