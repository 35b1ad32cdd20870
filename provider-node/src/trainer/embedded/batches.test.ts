import { describe, expect, test } from 'vitest'
import { collateBatch, planEpoch } from './batches.js'
import type { PackedExamples } from './packExamples.js'
import { createRng } from './rng.js'

/** n examples whose lengths are 3, 4, 5, ... (ids count up from 1; every token after the first learned). */
function pack(n: number): PackedExamples {
  const offsets = [0]
  const ids: number[] = []
  const learned: number[] = []
  for (let i = 0; i < n; i++) {
    const length = 3 + (i % 9)
    for (let t = 0; t < length; t++) {
      ids.push(ids.length + 1)
      learned.push(t === 0 ? 0 : 1)
    }
    offsets.push(ids.length)
  }
  return { ids: Uint16Array.from(ids), learned: Uint8Array.from(learned), offsets: Uint32Array.from(offsets) }
}

describe('planEpoch', () => {
  test('default', () => {
    expect(planEpoch(pack(10), 4, createRng(3))).toMatchInlineSnapshot(`
      [
        [
          7,
          8,
        ],
        [
          0,
          9,
          1,
          2,
        ],
        [
          3,
          4,
          5,
          6,
        ],
      ]
    `)
  })

  test('behavior: every example exactly once; same seed, same plan; other seed, other plan', () => {
    const packed = pack(200)
    const plan = planEpoch(packed, 8, createRng(11))
    expect(plan.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i))
    expect(plan.map((batch) => batch.length).filter((size) => size !== 8)).toEqual([])
    expect(planEpoch(packed, 8, createRng(11))).toEqual(plan)
    expect(planEpoch(packed, 8, createRng(12))).not.toEqual(plan)
  })

  test('behavior: batches group examples of similar length', () => {
    const packed = pack(64)
    const length = (i: number) => packed.offsets[i + 1]! - packed.offsets[i]!
    for (const batch of planEpoch(packed, 8, createRng(5))) {
      const lengths = batch.map(length)
      expect(lengths).toEqual([...lengths].sort((a, b) => a - b))
    }
  })
})

describe('collateBatch', () => {
  test('default', () => {
    // Example 0 has ids 1..3, example 1 ids 4..7 (lengths 3 and 4).
    const batch = collateBatch(pack(2), [1, 0])
    expect(batch.rows).toBe(2)
    expect(batch.length).toBe(8)
    expect(Array.from(batch.ids)).toEqual([4, 5, 6, 7, 258, 258, 258, 258, 1, 2, 3, 258, 258, 258, 258, 258])
    expect(Array.from(batch.targets)).toEqual([5, 6, 7, 0, 0, 0, 0, 0, 2, 3, 0, 0, 0, 0, 0, 0])
    expect(Array.from(batch.weights)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0])
    expect([batch.tokens, batch.lossTokens]).toEqual([7, 5])
  })

  test('behavior: length rounds up to a multiple of 8', () => {
    expect(collateBatch(pack(9), [8]).length).toBe(16)
  })
})
