import { readExamples } from '../src/dataset/readExamples.js'
import { collateBatch, planEpoch } from '../src/trainer/embedded/batches.js'
import { tokenizeExample } from '../src/trainer/embedded/byteTokenizer.js'
import { packExamples } from '../src/trainer/embedded/packExamples.js'
import { createRng } from '../src/trainer/embedded/rng.js'
import { DATA_ORDER_SEED } from '../src/trainer/embedded/runFineTune.js'

/** What one epoch over a JSONL dataset costs in tokens, with and without padding. */
export type DatasetStats = {
  examples: number
  /** Input tokens per epoch after truncation to `maxSeqLen`. */
  tokens: number
  /** Positions that carry loss per epoch. */
  lossTokens: number
  /** Examples longer than `maxSeqLen` (cut to it). */
  truncated: number
  longest: number
  /** Token slots per epoch when every batch is padded to its longest example (rounded up to 8), the old batching. */
  paddedTokens: number
}

/** Counts tokens, loss positions, truncation and the padding of the previous batching for a JSONL text. */
export async function datasetStats(
  jsonl: string,
  maxSeqLen: number,
  batchSize: number,
  seed: number,
): Promise<DatasetStats> {
  async function* source() {
    yield Buffer.from(jsonl)
  }
  let truncated = 0
  let longest = 0
  for await (const example of readExamples(source())) {
    const length = tokenizeExample(example, Number.MAX_SAFE_INTEGER).ids.length
    if (length > maxSeqLen) truncated++
    longest = Math.max(longest, length)
  }
  const packed = await packExamples(readExamples(source()), maxSeqLen)
  if (!packed) throw new Error('no examples')
  let tokens = 0
  let lossTokens = 0
  let paddedTokens = 0
  const plan = planEpoch(packed, batchSize, createRng((seed ^ DATA_ORDER_SEED) >>> 0))
  for (const indices of plan) {
    const batch = collateBatch(packed, indices)
    tokens += batch.tokens
    lossTokens += batch.lossTokens
    paddedTokens += batch.rows * batch.length
  }
  return { examples: packed.offsets.length - 1, tokens, lossTokens, truncated, longest, paddedTokens }
}
