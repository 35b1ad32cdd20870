import { FunctionBuilder, OP, OP_MEM, ValType } from './wasmBinary.js'

/** Rows of A handled together by the main micro-kernel. */
const ROWS = 4
/** f32x4 vectors of B/C columns handled together by the main micro-kernel (ROWS × 4·VECTORS tile). */
const VECTORS = 2

/**
 * Emits `gemm(m, n, k, a, aRowStride, aColStride, b, ldb, c, ldc, accumulate)`:
 * `C[i, j] (+)= Σ_k A(i, k) · B[k, j]` for i < m, j < n, where `A(i, k) = a[i·aRowStride + k·aColStride]` (so A
 * may be read transposed), B and C are row-major with leading dimensions `ldb` and `ldc`, pointers are byte
 * offsets into the memory and strides count floats. `accumulate` ≠ 0 adds to C, else C is overwritten. Columns are
 * computed 4 at a time with f32x4 (a scalar loop takes the last n mod 4), each element summing over k in order, so
 * results do not depend on how rows and columns are tiled.
 */
export function emitGemm(): FunctionBuilder {
  const { i32, v128, f32 } = ValType
  const f = new FunctionBuilder(Array(11).fill(i32))
  const [m, n, k, a, aRowStride, aColStride, b, ldb, c, ldc, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
  const aRowBytes = f.local(i32)
  const aColBytes = f.local(i32)
  const ldbBytes = f.local(i32)
  const ldcBytes = f.local(i32)
  const i = f.local(i32)
  const j = f.local(i32)
  const kk = f.local(i32)
  const pb = f.local(i32)
  const pc = f.local(i32)
  const pa = Array.from({ length: ROWS }, () => f.local(i32))
  const acc = Array.from({ length: ROWS * VECTORS }, () => f.local(v128))
  const bv = Array.from({ length: VECTORS }, () => f.local(v128))
  const splat = f.local(v128)
  const sums = Array.from({ length: ROWS }, () => f.local(f32))
  const bs = f.local(f32)

  const bytes = (from: number, to: number) => f.get(from).i32(2).op(OP.i32Shl).set(to)
  bytes(aRowStride, aRowBytes)
  bytes(aColStride, aColBytes)
  bytes(ldb, ldbBytes)
  bytes(ldc, ldcBytes)

  /** pc = c + (i + r)·ldc·4 + j·4 */
  const rowOfC = (r: number) =>
    f
      .get(c)
      .get(i)
      .i32(r)
      .op(OP.i32Add)
      .get(ldcBytes)
      .op(OP.i32Mul)
      .op(OP.i32Add)
      .get(j)
      .i32(2)
      .op(OP.i32Shl)
      .op(OP.i32Add)
      .set(pc)
  /** pa[r] = a + (i + r)·aRowStride·4 */
  const startA = (rows: number) => {
    for (let r = 0; r < rows; r++)
      f.get(a).get(i).i32(r).op(OP.i32Add).get(aRowBytes).op(OP.i32Mul).op(OP.i32Add).set(pa[r]!)
  }
  const advanceA = (rows: number) => {
    for (let r = 0; r < rows; r++) f.get(pa[r]!).get(aColBytes).op(OP.i32Add).set(pa[r]!)
  }
  const kLoop = (body: () => void) =>
    f.forRange(
      kk,
      () => f.i32(0),
      () => f.get(k),
      1,
      1,
      () => {
        body()
        f.get(pb).get(ldbBytes).op(OP.i32Add).set(pb)
      },
    )

  /** A rows × 4·vectors tile of C at (i, j). */
  const vectorTile = (rows: number, vectors: number) => {
    startA(rows)
    f.get(b).get(j).i32(2).op(OP.i32Shl).op(OP.i32Add).set(pb)
    for (let r = 0; r < rows; r++) {
      rowOfC(r)
      for (let v = 0; v < vectors; v++) {
        f.get(accumulate).ifElse(
          () =>
            f
              .get(pc)
              .mem(OP_MEM.v128Load, 2, 16 * v)
              .set(acc[r * VECTORS + v]!),
          () =>
            f
              .f32(0)
              .op(OP.f32x4Splat)
              .set(acc[r * VECTORS + v]!),
        )
      }
    }
    kLoop(() => {
      for (let v = 0; v < vectors; v++)
        f.get(pb)
          .mem(OP_MEM.v128Load, 2, 16 * v)
          .set(bv[v]!)
      for (let r = 0; r < rows; r++) {
        f.get(pa[r]!).mem(OP_MEM.v128Load32Splat, 2).set(splat)
        for (let v = 0; v < vectors; v++) {
          const target = acc[r * VECTORS + v]!
          f.get(target).get(splat).get(bv[v]!).op(OP.f32x4Mul).op(OP.f32x4Add).set(target)
        }
      }
      advanceA(rows)
    })
    for (let r = 0; r < rows; r++) {
      rowOfC(r)
      for (let v = 0; v < vectors; v++) {
        f.get(pc)
          .get(acc[r * VECTORS + v]!)
          .mem(OP_MEM.v128Store, 2, 16 * v)
      }
    }
  }

  /** A rows × 1 column of C at (i, j), in scalar code. */
  const scalarTile = (rows: number) => {
    startA(rows)
    f.get(b).get(j).i32(2).op(OP.i32Shl).op(OP.i32Add).set(pb)
    for (let r = 0; r < rows; r++) {
      rowOfC(r)
      f.get(accumulate).ifElse(
        () => f.get(pc).mem(OP_MEM.f32Load, 2).set(sums[r]!),
        () => f.f32(0).set(sums[r]!),
      )
    }
    kLoop(() => {
      f.get(pb).mem(OP_MEM.f32Load, 2).set(bs)
      for (let r = 0; r < rows; r++)
        f.get(sums[r]!).get(pa[r]!).mem(OP_MEM.f32Load, 2).get(bs).op(OP.f32Mul).op(OP.f32Add).set(sums[r]!)
      advanceA(rows)
    })
    for (let r = 0; r < rows; r++) {
      rowOfC(r)
      f.get(pc).get(sums[r]!).mem(OP_MEM.f32Store, 2)
    }
  }

  const columns = (rows: number) => {
    const n4 = 4 * VECTORS
    f.forRange(
      j,
      () => f.i32(0),
      () => f.get(n),
      n4,
      n4,
      () => vectorTile(rows, VECTORS),
    )
    f.forRange(
      j,
      () => f.get(j),
      () => f.get(n),
      4,
      4,
      () => vectorTile(rows, 1),
    )
    f.forRange(
      j,
      () => f.get(j),
      () => f.get(n),
      1,
      1,
      () => scalarTile(rows),
    )
  }
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(m),
    ROWS,
    ROWS,
    () => columns(ROWS),
  )
  f.forRange(
    i,
    () => f.get(i),
    () => f.get(m),
    1,
    1,
    () => columns(1),
  )
  return f
}
