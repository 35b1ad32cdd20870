import { describe, expect, test } from 'vitest'
import { buildShard } from './buildShard.js'
import { packTokens } from './fixtures/engineFixture.js'

describe('buildShard', () => {
  test('default', () => {
    const packed = packTokens([
      { ids: [256, 10, 11, 257], learned: [0, 0, 1, 1] },
      { ids: [256, 20], learned: [0, 1] },
      { ids: [256, 30, 31], learned: [0, 0, 0] },
    ])
    const shard = buildShard(packed, [2, 0, 1])
    expect({
      tokens: shard.tokens,
      longest: shard.longest,
      ids: [...shard.ids],
      positions: [...shard.positions],
      sequences: [...shard.sequences],
      lossRows: [...shard.lossRows],
      lossPositions: [...shard.lossPositions],
      lossTargets: [...shard.lossTargets],
      lossSequences: [...shard.lossSequences],
    }).toEqual({
      tokens: 9,
      longest: 4,
      ids: [256, 30, 31, 256, 10, 11, 257, 256, 20],
      positions: [0, 1, 2, 0, 1, 2, 3, 0, 1],
      sequences: [0, 3, 7, 9],
      // Row 4 (token 10) predicts 11, row 5 predicts 257, row 7 (BOS) predicts 20.
      lossRows: [4, 5, 7],
      lossPositions: [1, 2, 0],
      lossTargets: [11, 257, 20],
      lossSequences: [0, 0, 2, 3],
    })
  })
})
