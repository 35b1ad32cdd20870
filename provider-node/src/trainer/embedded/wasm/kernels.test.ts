import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createCompute } from '../engine/compute.js'
import { createRng } from '../rng.js'
import { createKernelMemory, instantiateKernels, kernelModuleBytes } from './kernels.js'

const c = createCompute(instantiateKernels(createKernelMemory(4 << 20)))
const { F, I } = c
const rng = createRng(11)
/** Fills `count` floats at `at` with values in ±scale and returns a copy. */
const fill = (at: number, count: number, scale = 1) => {
  for (let i = 0; i < count; i++) F[at + i] = (2 * rng.uniform() - 1) * scale
  return F.slice(at, at + count)
}
const read = (at: number, count: number) => Array.from(F.subarray(at, at + count))
/** Largest |a − b| / max(1, |b|). */
const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let error = 0
  for (let i = 0; i < b.length; i++)
    error = Math.max(error, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)))
  return error
}

describe('kernelModuleBytes', () => {
  test('default', () => {
    const bytes = kernelModuleBytes()
    expect(WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)).toBe(true)
    expect(kernelModuleBytes()).toEqual(bytes)
    // The generated code is part of the runtime: a kernel change shows up here.
    expect(createHash('sha256').update(bytes).digest('hex')).toMatchInlineSnapshot(
      `"a5ca23c84788cabb2bd885173d21e414014e416ffa712c2fef427d4eea01f75a"`,
    )
  })
})

describe('gemm', () => {
  test('behavior: matches a sequential f32 sum over k bit for bit (tails, transposed A, accumulate)', () => {
    const shapes = [
      [1, 1, 1],
      [3, 7, 5],
      [4, 8, 16],
      [5, 9, 0],
      [9, 17, 3],
      [13, 4, 64],
      [6, 30, 7],
    ]
    for (const [m, n, k] of shapes as [number, number, number][]) {
      for (const transposed of [false, true]) {
        for (const accumulate of [false, true]) {
          const a = 0
          const b = 4096
          const out = 8192
          const ldb = n + 3
          const ldc = n + 1
          const A = fill(a, m * k + 8)
          const B = fill(b, k * ldb + 8)
          const C = fill(out, m * ldc + 8)
          const [rowStride, colStride] = transposed ? [1, m] : [k, 1]
          c.mm(m, n, k, a, rowStride, colStride, b, ldb, out, ldc, accumulate)
          const expected = Float32Array.from(C)
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let sum = accumulate ? C[i * ldc + j]! : 0
              for (let kk = 0; kk < k; kk++) {
                sum = Math.fround(sum + Math.fround(A[i * rowStride + kk * colStride]! * B[kk * ldb + j]!))
              }
              expected[i * ldc + j] = sum
            }
          }
          expect(read(out, m * ldc + 8)).toEqual(Array.from(expected))
        }
      }
    }
  })
})

describe('memory kernels', () => {
  test('default', () => {
    const source = fill(0, 40)
    c.copy(100, 0, 9)
    expect(read(100, 9)).toEqual(Array.from(source.subarray(0, 9)))
    c.zero(101, 3)
    expect(read(100, 5)).toEqual([source[0], 0, 0, 0, source[4]])
    I.set([3, 0, 3], 200)
    c.gatherRows(300, 0, 200, 3, 5)
    expect(read(300, 15)).toEqual([
      ...source.subarray(15, 20),
      ...source.subarray(0, 5),
      ...source.subarray(15, 20),
    ])
    F.fill(1, 400, 420)
    c.scatterAddRows(400, 300, 200, 3, 5)
    const row = (r: number) => Array.from(source.subarray(5 * r, 5 * r + 5))
    expect(read(400, 5)).toEqual(row(0).map((v) => Math.fround(1 + v)))
    expect(read(415, 5)).toEqual(row(3).map((v) => Math.fround(Math.fround(1 + v) + v)))
    c.transpose(500, 0, 3, 2, 7)
    expect(read(500, 6)).toEqual([source[0], source[7], source[14], source[1], source[8], source[15]])
    c.copy(600, 0, 7)
    c.scale(600, 7, 0.5)
    expect(read(600, 7)).toEqual(Array.from(source.subarray(0, 7)).map((v) => Math.fround(v * 0.5)))
    c.accumulate(600, 0, 6)
    expect(read(600, 7)).toEqual([
      ...Array.from(source.subarray(0, 6)).map((v) => Math.fround(Math.fround(v * 0.5) + v)),
      Math.fround(source[6]! * 0.5),
    ])
  })
})

describe('activation and norm kernels', () => {
  test('behavior: swiglu forward and backward match the formulas (exp within float rounding)', () => {
    const count = 203
    const gate = fill(0, count, 12)
    gate[0] = gate[200] = -3.25 // the same value in a vector lane and in the scalar tail
    F[0] = F[200] = -3.25
    const up = fill(1000, count, 2)
    F[1000] = F[1200] = up[0] = up[200] = 1.5
    const dOut = fill(2000, count)
    c.swigluForward(0, 1000, 3000, count)
    const sigma = Array.from(gate, (g) => 1 / (1 + Math.exp(-g)))
    expect(
      worst(
        read(3000, count),
        Array.from(gate, (g, i) => g * sigma[i]! * up[i]!),
      ),
    ).toBeLessThan(1e-6)
    expect(F[3000]).toBe(F[3200])
    c.swigluBackward(0, 1000, 2000, 2000, 4000, count)
    const slope = (g: number, s: number) => s * (1 + g * (1 - s))
    expect(
      worst(
        read(4000, count),
        Array.from(gate, (g, i) => dOut[i]! * g * sigma[i]!),
      ),
    ).toBeLessThan(1e-6)
    expect(
      worst(
        read(2000, count),
        Array.from(gate, (g, i) => dOut[i]! * up[i]! * slope(g, sigma[i]!)),
      ),
    ).toBeLessThan(1e-6)
  })

  test('behavior: RMSNorm forward and backward match the formulas', () => {
    const [rows, width, eps] = [5, 38, 1e-5]
    const x = fill(0, rows * width, 3)
    const weight = fill(1000, width)
    const dy = fill(2000, rows * width)
    const dx = fill(3000, rows * width)
    c.rmsNormForward(0, 1000, 4000, 5000, rows, width, eps)
    const expectedOut: number[] = []
    const expectedDx: number[] = []
    for (let r = 0; r < rows; r++) {
      const row = Array.from(x.subarray(r * width, (r + 1) * width))
      const inverse = 1 / Math.sqrt(row.reduce((s, v) => s + v * v, 0) / width + eps)
      expect(F[5000 + r]! / inverse).toBeCloseTo(1, 6)
      expectedOut.push(...row.map((v, j) => v * inverse * weight[j]!))
      const g = row.map((_, j) => dy[r * width + j]! * weight[j]!)
      const mean = g.reduce((s, v, j) => s + v * row[j]! * inverse, 0) / width
      expectedDx.push(...row.map((v, j) => dx[r * width + j]! + inverse * (g[j]! - v * inverse * mean)))
    }
    expect(worst(read(4000, rows * width), expectedOut)).toBeLessThan(2e-6)
    c.rmsNormBackward(0, 1000, 5000, 2000, 3000, rows, width, true)
    expect(worst(read(3000, rows * width), expectedDx)).toBeLessThan(2e-6)
  })

  test('behavior: rotary turns each head by its position, and the inverse turns it back', () => {
    const [rows, headDim, heads] = [3, 12, 2]
    const width = headDim * heads
    const x = fill(0, rows * width)
    const angles = fill(1000, 4 * headDim, 3)
    const cos = angles.map(Math.cos)
    const sin = angles.map(Math.sin)
    F.set(cos, 1000)
    F.set(sin, 2000)
    I.set([2, 0, 3], 3000)
    c.rotary(0, rows, width, headDim, 3000, 1000, 2000, false)
    const half = headDim / 2
    const expected: number[] = []
    for (const [r, position] of [2, 0, 3].entries()) {
      for (let h = 0; h < heads; h++) {
        const base = r * width + h * headDim
        const out = new Array<number>(headDim)
        for (let i = 0; i < half; i++) {
          const [co, si] = [cos[position * headDim + i]!, sin[position * headDim + i]!]
          out[i] = x[base + i]! * co - x[base + i + half]! * si
          out[i + half] = x[base + i + half]! * co + x[base + i]! * si
        }
        expected.push(...out)
      }
    }
    expect(worst(read(0, rows * width), expected)).toBeLessThan(1e-6)
    c.rotary(0, rows, width, headDim, 3000, 1000, 2000, true)
    expect(worst(read(0, rows * width), x)).toBeLessThan(1e-6)
  })
})

describe('softmax kernels', () => {
  test('behavior: causal softmax and its backward match the formulas', () => {
    const [rows, keys, scale] = [4, 9, 0.25]
    const scores = fill(0, rows * keys, 5)
    I.set([0, 3, 8, 5], 1000)
    c.softmaxCausal(0, rows, keys, 1000, scale)
    const probabilities: number[] = []
    for (const [r, position] of [0, 3, 8, 5].entries()) {
      const row = Array.from(scores.subarray(r * keys, r * keys + position + 1), (v) => Math.exp(v * scale))
      const sum = row.reduce((a, b) => a + b, 0)
      probabilities.push(...row.map((v) => v / sum), ...new Array(keys - position - 1).fill(0))
    }
    expect(worst(read(0, rows * keys), probabilities)).toBeLessThan(1e-6)
    const gradient = fill(2000, rows * keys)
    c.softmaxBackward(0, 2000, rows, keys, scale)
    const expected: number[] = []
    for (let r = 0; r < rows; r++) {
      const p = probabilities.slice(r * keys, (r + 1) * keys)
      const g = Array.from(gradient.subarray(r * keys, (r + 1) * keys))
      const dot = p.reduce((s, v, j) => s + v * g[j]!, 0)
      expected.push(...p.map((v, j) => scale * v * (g[j]! - dot)))
    }
    expect(worst(read(2000, rows * keys), expected)).toBeLessThan(1e-6)
  })

  test('behavior: cross-entropy writes the scaled gradient and the row statistics', () => {
    const [rows, vocab, scale] = [3, 37, 0.125]
    const logits = fill(0, rows * vocab, 8)
    I.set([5, 0, 36], 1000)
    c.crossEntropy(0, rows, vocab, 1000, scale, 2000)
    for (const [r, target] of [5, 0, 36].entries()) {
      const row = Array.from(logits.subarray(r * vocab, (r + 1) * vocab))
      const max = Math.max(...row)
      const sum = row.reduce((s, v) => s + Math.exp(v - max), 0)
      expect(read(2000 + 3 * r, 3)).toEqual([max, Math.fround(F[2001 + 3 * r]!), row[target]])
      expect(F[2001 + 3 * r]! / sum).toBeCloseTo(1, 6)
      const expected = row.map((v, j) => scale * (Math.exp(v - max) / sum - (j === target ? 1 : 0)))
      expect(worst(read(r * vocab, vocab), expected)).toBeLessThan(1e-7)
    }
  })
})
