import { BYTE_TOKENS } from './byteTokenizer.js'
import { type PackedExamples, packedCount } from './packExamples.js'
import { type Rng, shuffleInPlace } from './rng.js'

/** Batches per sorting window: examples are grouped with similar lengths within `batchSize × BUCKET_BATCHES`. */
const BUCKET_BATCHES = 8

/**
 * Plans one epoch: shuffles the examples, sorts each window of `batchSize × 8` by length (less padding), cuts it
 * into batches and shuffles the batch order. Every example appears exactly once. Deterministic given the generator.
 */
export function planEpoch(packed: PackedExamples, batchSize: number, rng: Rng): number[][] {
  const length = (i: number) => packed.offsets[i + 1]! - packed.offsets[i]!
  const order = shuffleInPlace(
    Array.from({ length: packedCount(packed) }, (_, i) => i),
    rng,
  )
  const batches: number[][] = []
  const window = batchSize * BUCKET_BATCHES
  for (let start = 0; start < order.length; start += window) {
    const bucket = order.slice(start, start + window).sort((a, b) => length(a) - length(b) || a - b)
    for (let i = 0; i < bucket.length; i += batchSize) batches.push(bucket.slice(i, i + batchSize))
  }
  return shuffleInPlace(batches, rng)
}

/** One padded batch ready for the model: next-token targets and their loss weights. */
export type Batch = {
  /** Rows of the batch. */
  rows: number
  /** Padded sequence length (a multiple of 8). */
  length: number
  /** Input ids, `rows × length`, right-padded with PAD. */
  ids: Int32Array
  /** Target at each position: the next token (0 where there is none). */
  targets: Int32Array
  /** 1 where the target is a learned token, else 0. */
  weights: Float32Array
  /** Non-padding input tokens. */
  tokens: number
  /** Positions that carry loss (sum of `weights`). */
  lossTokens: number
}

/** Pads a batch of packed examples to a common length (rounded up to 8) and builds next-token targets. */
export function collateBatch(packed: PackedExamples, batch: readonly number[]): Batch {
  const longest = Math.max(...batch.map((i) => packed.offsets[i + 1]! - packed.offsets[i]!))
  const length = Math.max(8, Math.ceil(longest / 8) * 8)
  const rows = batch.length
  const ids = new Int32Array(rows * length).fill(BYTE_TOKENS.PAD)
  const targets = new Int32Array(rows * length)
  const weights = new Float32Array(rows * length)
  let tokens = 0
  let lossTokens = 0
  batch.forEach((example, row) => {
    const start = packed.offsets[example]!
    const end = packed.offsets[example + 1]!
    const base = row * length
    for (let t = 0; t < end - start; t++) ids[base + t] = packed.ids[start + t]!
    for (let t = 0; t + 1 < end - start; t++) {
      targets[base + t] = packed.ids[start + t + 1]!
      const learn = packed.learned[start + t + 1]!
      weights[base + t] = learn
      lossTokens += learn
    }
    tokens += end - start
  })
  return { rows, length, ids, targets, weights, tokens, lossTokens }
}
