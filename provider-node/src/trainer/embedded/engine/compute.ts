import type { Kernels } from '../wasm/kernels.js'

type I = number
/**
 * The kernels as the model code calls them: every address is an offset in 4-byte slots from the start of kernel
 * memory (the same index in `F` and `I`), flags are booleans.
 */
export type Compute = {
  /** Float view of the kernel memory. */
  F: Float32Array
  /** Int32 view of the same memory (token ids, positions, row indices). */
  I: Int32Array
  /** `C (+)= A·B`, `A(i, k) = F[a + i·aRowStride + k·aColStride]`, B and C row-major (leading dims ldb, ldc). */
  mm(
    m: I,
    n: I,
    k: I,
    a: I,
    aRowStride: I,
    aColStride: I,
    b: I,
    ldb: I,
    c: I,
    ldc: I,
    accumulate: boolean,
  ): void
  copy(to: I, from: I, count: I): void
  zero(to: I, count: I): void
  /** `F[to..] += F[from..]` over `count` floats. */
  accumulate(to: I, from: I, count: I): void
  gatherRows(to: I, from: I, indices: I, count: I, width: I): void
  scatterAddRows(to: I, from: I, indices: I, count: I, width: I): void
  transpose(to: I, from: I, rows: I, columns: I, stride: I): void
  scale(pointer: I, count: I, factor: number): void
  rmsNormForward(x: I, weight: I, out: I, inverse: I, rows: I, width: I, eps: number): void
  rmsNormBackward(x: I, weight: I, inverse: I, dy: I, dx: I, rows: I, width: I, accumulate: boolean): void
  rotary(x: I, rows: I, width: I, headDim: I, positions: I, cos: I, sin: I, inverse: boolean): void
  swigluForward(gate: I, up: I, out: I, count: I): void
  swigluBackward(gate: I, up: I, dOut: I, dGate: I, dUp: I, count: I): void
  softmaxCausal(scores: I, rows: I, keys: I, positions: I, scale: number): void
  softmaxBackward(probabilities: I, gradient: I, rows: I, keys: I, scale: number): void
  crossEntropy(logits: I, rows: I, vocab: I, targets: I, scale: number, stats: I): void
}

/** Wraps the kernels for the model code (slot offsets in, byte addresses to the kernels). */
export function createCompute(kernels: Kernels): Compute {
  const k = kernels
  return {
    F: new Float32Array(k.memory.buffer),
    I: new Int32Array(k.memory.buffer),
    mm: (m, n, kk, a, aRow, aCol, b, ldb, c, ldc, accumulate) =>
      k.gemm(m, n, kk, a * 4, aRow, aCol, b * 4, ldb, c * 4, ldc, accumulate ? 1 : 0),
    copy: (to, from, count) => k.copyBytes(to * 4, from * 4, count * 4),
    zero: (to, count) => k.zeroBytes(to * 4, count * 4),
    accumulate: (to, from, count) => k.accumulate(to * 4, from * 4, count),
    gatherRows: (to, from, indices, count, width) =>
      k.gatherRows(to * 4, from * 4, indices * 4, count, width),
    scatterAddRows: (to, from, indices, count, width) =>
      k.scatterAddRows(to * 4, from * 4, indices * 4, count, width),
    transpose: (to, from, rows, columns, stride) => k.transpose(to * 4, from * 4, rows, columns, stride),
    scale: (pointer, count, factor) => k.scale(pointer * 4, count, factor),
    rmsNormForward: (x, weight, out, inverse, rows, width, eps) =>
      k.rmsNormForward(x * 4, weight * 4, out * 4, inverse * 4, rows, width, eps),
    rmsNormBackward: (x, weight, inverse, dy, dx, rows, width, accumulate) =>
      k.rmsNormBackward(x * 4, weight * 4, inverse * 4, dy * 4, dx * 4, rows, width, accumulate ? 1 : 0),
    rotary: (x, rows, width, headDim, positions, cos, sin, inverse) =>
      k.rotary(x * 4, rows, width, headDim, positions * 4, cos * 4, sin * 4, inverse ? -1 : 1),
    swigluForward: (gate, up, out, count) => k.swigluForward(gate * 4, up * 4, out * 4, count),
    swigluBackward: (gate, up, dOut, dGate, dUp, count) =>
      k.swigluBackward(gate * 4, up * 4, dOut * 4, dGate * 4, dUp * 4, count),
    softmaxCausal: (scores, rows, keys, positions, scale) =>
      k.softmaxCausal(scores * 4, rows, keys, positions * 4, scale),
    softmaxBackward: (probabilities, gradient, rows, keys, scale) =>
      k.softmaxBackward(probabilities * 4, gradient * 4, rows, keys, scale),
    crossEntropy: (logits, rows, vocab, targets, scale, stats) =>
      k.crossEntropy(logits * 4, rows, vocab, targets * 4, scale, stats * 4),
  }
}
