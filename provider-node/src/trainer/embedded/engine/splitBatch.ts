import type { PackedExamples } from '../packExamples.js'

/** Most tokens a shard is planned with (one example longer than the share still goes whole). */
export const SHARD_TOKENS = 2048

/**
 * Splits a batch (example indices, in order) into contiguous shards of about equal token counts: at least two when
 * the batch has two examples (so two threads share every step), more when the batch holds over `SHARD_TOKENS`
 * tokens. Depends only on the batch, never on the thread count, so gradients summed in shard order are the same
 * on any machine.
 */
export function splitBatch(packed: PackedExamples, batch: readonly number[]): number[][] {
  const length = (example: number) => packed.offsets[example + 1]! - packed.offsets[example]!
  const total = batch.reduce((sum, example) => sum + length(example), 0)
  const count = Math.min(batch.length, Math.max(2, Math.ceil(total / SHARD_TOKENS)))
  const shards: number[][] = Array.from({ length: count }, () => [])
  let before = 0
  for (const example of batch) {
    // An example goes to the shard its middle token falls in.
    const middle = before + length(example) / 2
    shards[Math.min(count - 1, Math.floor((middle * count) / total))]!.push(example)
    before += length(example)
  }
  return shards.filter((shard) => shard.length > 0)
}
