import { silentLogger } from '@licen/sdk'
import { describe, expect, test } from 'vitest'
import type { DiscoveredJob } from '../db/jobStore.js'
import { OrchestratorError } from '../errors.js'
import { createMetrics } from '../metrics/createMetrics.js'
import { createDiscovery } from './createDiscovery.js'
import type { IndexerRound } from './createIndexerSource.js'
import { createLogSource, LOG_CURSOR_KEY } from './createLogSource.js'

/** A discovery over fakes: chain head `head`, logs granting job `block` in each block, an indexer answering `answer`. */
function setup(head: bigint, answer: () => Promise<IndexerRound>) {
  const state = new Map<string, string>()
  const inserted: DiscoveredJob[][] = []
  const ranges: [bigint, bigint][] = []
  const chain = {
    blockNumber: async () => head,
    grantedJobs: async (from: bigint, to: bigint) => {
      ranges.push([from, to])
      const jobs = []
      for (let b = from; b <= to; b++)
        jobs.push({ jobId: b, grantedBlock: b, deadline: 1_000 + Number(b), providerId: 1 })
      return jobs
    },
  }
  const store = {
    getState: async (key: string) => state.get(key),
    setState: async (key: string, value: string) => void state.set(key, value),
    insertDiscovered: async (jobs: readonly DiscoveredJob[]) => {
      inserted.push([...jobs])
      return jobs.map((job) => job.jobId)
    },
  }
  const discovery = createDiscovery({
    indexer: { openJobs: answer },
    logs: createLogSource({ chain, store, fromBlock: 10n, rangeBlocks: 4 }),
    chain,
    store,
    maxLagBlocks: 2,
    log: silentLogger,
    metrics: createMetrics(async () => {}),
  })
  return { discovery, state, inserted, ranges }
}

describe('createDiscovery', () => {
  test('default: a current indexer is the source; the log cursor follows it', async () => {
    const { discovery, state, inserted, ranges } = setup(100n, async () => ({
      jobs: [{ jobId: 7n, grantedBlock: 99n }, { jobId: 8n }],
      indexedBlock: 99n,
    }))
    expect(await discovery.round()).toEqual([7n, 8n])
    expect(inserted).toEqual([[{ jobId: 7n, grantedBlock: 99n }, { jobId: 8n }]])
    expect(ranges).toEqual([])
    expect(state.get(LOG_CURSOR_KEY)).toBe('100')
    expect(discovery.status()).toMatchObject({ source: 'indexer', indexedBlock: 99n, headBlock: 100n })
    // Known ids are not written again.
    expect(await discovery.round()).toEqual([])
    expect(inserted).toHaveLength(1)
  })

  test('behavior: an indexer more than maxLag behind → logs from the cursor, in bounded ranges', async () => {
    const { discovery, ranges, state } = setup(20n, async () => ({
      jobs: [{ jobId: 3n }],
      indexedBlock: 17n,
    }))
    expect(await discovery.round()).toEqual([3n, 10n, 11n, 12n, 13n, 14n, 15n, 16n, 17n, 18n, 19n, 20n])
    expect(ranges).toEqual([
      [10n, 13n],
      [14n, 17n],
      [18n, 20n],
    ])
    expect(state.get(LOG_CURSOR_KEY)).toBe('21')
    expect(discovery.status().source).toBe('logs')
  })

  test('behavior: an unreachable indexer → logs, and the error is reported', async () => {
    const { discovery } = setup(11n, async () => {
      throw new OrchestratorError('down', { code: 'INDEXER_UNAVAILABLE' })
    })
    expect(await discovery.round()).toEqual([10n, 11n])
    expect(discovery.status()).toMatchObject({ source: 'logs', lastError: 'INDEXER_UNAVAILABLE' })
  })
})
