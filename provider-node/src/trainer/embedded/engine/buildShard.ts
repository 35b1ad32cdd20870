import type { PackedExamples } from '../packExamples.js'
import type { Shard } from './shard.js'

/**
 * Packs the given examples back to back into a shard: next-token targets within each example, a loss position
 * wherever the next token is learned.
 */
export function buildShard(packed: PackedExamples, examples: readonly number[]): Shard {
  let tokens = 0
  let losses = 0
  let longest = 0
  for (const example of examples) {
    const start = packed.offsets[example]!
    const end = packed.offsets[example + 1]!
    tokens += end - start
    longest = Math.max(longest, end - start)
    for (let t = start + 1; t < end; t++) losses += packed.learned[t]!
  }
  const shard: Shard = {
    tokens,
    ids: new Int32Array(tokens),
    positions: new Int32Array(tokens),
    sequences: new Int32Array(examples.length + 1),
    lossRows: new Int32Array(losses),
    lossPositions: new Int32Array(losses),
    lossTargets: new Int32Array(losses),
    lossSequences: new Int32Array(examples.length + 1),
    longest,
  }
  let row = 0
  let loss = 0
  examples.forEach((example, s) => {
    const start = packed.offsets[example]!
    const end = packed.offsets[example + 1]!
    shard.sequences[s] = row
    shard.lossSequences[s] = loss
    for (let t = start; t < end; t++, row++) {
      shard.ids[row] = packed.ids[t]!
      shard.positions[row] = t - start
      if (t + 1 < end && packed.learned[t + 1] === 1) {
        shard.lossRows[loss] = row
        shard.lossPositions[loss] = t - start
        shard.lossTargets[loss] = packed.ids[t + 1]!
        loss++
      }
    }
  })
  shard.sequences[examples.length] = row
  shard.lossSequences[examples.length] = loss
  return shard
}
