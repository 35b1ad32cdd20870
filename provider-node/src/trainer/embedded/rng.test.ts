import { describe, expect, test } from 'vitest'
import { createRng, shuffleInPlace } from './rng.js'

describe('createRng', () => {
  test('default', () => {
    // Cross-checked against an independent Python implementation of mulberry32.
    const rng = createRng(0)
    expect([rng.uniform(), rng.uniform(), rng.uniform()]).toEqual([
      0.26642920868471265, 0.0003297457005828619, 0.2232720274478197,
    ])
  })

  test('args: seed', () => {
    const rng = createRng(42)
    expect([rng.uniform(), rng.uniform(), rng.uniform()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099,
    ])
  })

  test('behavior: normals have mean ≈ 0 and variance ≈ 1', () => {
    const rng = createRng(7)
    const draws = Array.from({ length: 20_000 }, () => rng.normal())
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.05)
  })
})

describe('shuffleInPlace', () => {
  test('default', () => {
    expect(shuffleInPlace([0, 1, 2, 3, 4, 5], createRng(1))).toEqual(
      shuffleInPlace([0, 1, 2, 3, 4, 5], createRng(1)),
    )
    expect(shuffleInPlace([0, 1, 2, 3, 4, 5], createRng(1)).sort()).toEqual([0, 1, 2, 3, 4, 5])
  })
})
