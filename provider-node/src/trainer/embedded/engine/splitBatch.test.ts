import { describe, expect, test } from 'vitest'
import { packTokens } from './fixtures/engineFixture.js'
import { SHARD_TOKENS, splitBatch } from './splitBatch.js'

/** Examples with the given token counts. */
const packed = (lengths: number[]) =>
  packTokens(lengths.map((length) => ({ ids: Array(length).fill(1), learned: Array(length).fill(1) })))

describe('splitBatch', () => {
  test('default', () => {
    // 8 examples of 60 tokens: two shards of four.
    expect(splitBatch(packed(Array(8).fill(60)), [7, 6, 5, 4, 3, 2, 1, 0])).toEqual([
      [7, 6, 5, 4],
      [3, 2, 1, 0],
    ])
  })

  test('behavior: shards balance tokens, not examples', () => {
    // Lengths 10, 10, 10, 70: middles at 5, 15, 25, 65 of 100 → the long one alone.
    expect(splitBatch(packed([10, 10, 10, 70]), [0, 1, 2, 3])).toEqual([[0, 1, 2], [3]])
  })

  test('behavior: more than SHARD_TOKENS tokens make more shards', () => {
    // 10 × SHARD_TOKENS/4 tokens = 2.5 × SHARD_TOKENS → three shards.
    const lengths = Array(10).fill(SHARD_TOKENS / 4)
    const shards = splitBatch(packed(lengths), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(shards).toEqual([
      [0, 1, 2],
      [3, 4, 5, 6],
      [7, 8, 9],
    ])
  })

  test('behavior: one example is one shard, and no shard is empty', () => {
    expect(splitBatch(packed([5]), [0])).toEqual([[0]])
    expect(splitBatch(packed([1, 100]), [0, 1])).toEqual([[0], [1]])
    expect(splitBatch(packed([100, 1, 1]), [0, 1, 2])).toEqual([[0], [1, 2]])
  })
})
