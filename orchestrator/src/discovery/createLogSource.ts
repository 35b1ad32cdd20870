import type { OrchestratorChain } from '../chain/createChain.js'
import type { DiscoveredJob, JobStore } from '../db/jobStore.js'

/** The state key of the next block the log scan starts from. */
export const LOG_CURSOR_KEY = 'discovery.logCursor'

/** Finds granted jobs from `AccessGranted` logs, from a persisted cursor up to the chain head. */
export type LogSource = {
  /** Scans up to `maxRanges` block ranges past the cursor; returns the job ids and the head it reached. */
  scan: () => Promise<{ jobs: DiscoveredJob[]; toBlock: bigint }>
  /** Moves the cursor forward to `block` (never back): the indexer already covered the blocks before it. */
  advanceTo: (block: bigint) => Promise<void>
}

/** Creates the chain-log discovery used when the indexer is down or behind. */
export function createLogSource(parameters: {
  chain: Pick<OrchestratorChain, 'blockNumber' | 'grantedJobs'>
  store: Pick<JobStore, 'getState' | 'setState'>
  fromBlock: bigint
  rangeBlocks: number
  maxRanges?: number | undefined
}): LogSource {
  const { chain, store } = parameters
  const range = BigInt(parameters.rangeBlocks)
  const maxRanges = parameters.maxRanges ?? 20
  const cursor = async () => {
    const saved = await store.getState(LOG_CURSOR_KEY)
    const value = saved === undefined ? parameters.fromBlock : BigInt(saved)
    return value > parameters.fromBlock ? value : parameters.fromBlock
  }
  return {
    async scan() {
      const head = await chain.blockNumber()
      let from = await cursor()
      const jobs: DiscoveredJob[] = []
      for (let i = 0; i < maxRanges && from <= head; i++) {
        const to = from + range - 1n < head ? from + range - 1n : head
        jobs.push(...(await chain.grantedJobs(from, to)))
        from = to + 1n
        await store.setState(LOG_CURSOR_KEY, from.toString())
      }
      return { jobs, toBlock: from - 1n }
    },
    async advanceTo(block) {
      if (block > (await cursor())) await store.setState(LOG_CURSOR_KEY, block.toString())
    },
  }
}
