import { type Config, getBlock } from '@wagmi/core'

/** Most blocks one call reads (a job's timeline names at most three). */
export const MAX_BLOCK_TIMES = 8

/**
 * Reads the timestamps (unix seconds) of `blocks` into `known`, skipping those already there; a block never changes
 * its time once mined, so a page keeps one map for its life. Reads at most {@link MAX_BLOCK_TIMES} blocks per call;
 * each read is bounded by the wagmi transport's timeout.
 */
export async function fetchBlockTimes(
  wagmi: Config,
  blocks: readonly bigint[],
  known: ReadonlyMap<bigint, number>,
): Promise<Map<bigint, number>> {
  const missing = [...new Set(blocks)].filter((block) => !known.has(block)).slice(0, MAX_BLOCK_TIMES)
  const out = new Map(known)
  const read = await Promise.all(missing.map((blockNumber) => getBlock(wagmi, { blockNumber })))
  for (const block of read) if (block.number !== null) out.set(block.number, Number(block.timestamp))
  return out
}
