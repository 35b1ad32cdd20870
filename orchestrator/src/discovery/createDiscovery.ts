import type { Logger } from '@licen/sdk'
import type { OrchestratorChain } from '../chain/createChain.js'
import type { DiscoveredJob, JobStore } from '../db/jobStore.js'
import { errorCode } from '../errors.js'
import type { OrchestratorMetrics } from '../metrics/createMetrics.js'
import type { IndexerSource } from './createIndexerSource.js'
import type { LogSource } from './createLogSource.js'

/** Where the last discovery round got its job ids. */
export type DiscoveryStatus = {
  source: 'indexer' | 'logs' | 'none'
  indexedBlock: bigint | undefined
  headBlock: bigint | undefined
  lastRoundAt: number | undefined
  lastError: string | undefined
}

/** Finds open jobs and records the new ones; the indexer first, chain logs when it is down or behind. */
export type Discovery = {
  /** One round; returns the job ids it inserted. */
  round: () => Promise<bigint[]>
  status: () => DiscoveryStatus
}

export type CreateDiscoveryParameters = {
  indexer: IndexerSource | undefined
  logs: LogSource
  chain: Pick<OrchestratorChain, 'blockNumber'>
  store: Pick<JobStore, 'insertDiscovered'>
  maxLagBlocks: number
  log: Logger
  metrics: OrchestratorMetrics
}

/** Creates the discovery rounds. Ids already inserted are remembered so a round writes only new rows. */
export function createDiscovery(parameters: CreateDiscoveryParameters): Discovery {
  const { indexer, logs, chain, store, log, metrics } = parameters
  // Ids already recorded, so a round only writes new rows; the database's ON CONFLICT stays the real guard.
  const known = new Set<bigint>()
  const MAX_KNOWN = 100_000
  const state: DiscoveryStatus = {
    source: 'none',
    indexedBlock: undefined,
    headBlock: undefined,
    lastRoundAt: undefined,
    lastError: undefined,
  }
  const record = async (jobs: readonly DiscoveredJob[]) => {
    const fresh = new Map<bigint, DiscoveredJob>()
    for (const job of jobs) if (!known.has(job.jobId) && !fresh.has(job.jobId)) fresh.set(job.jobId, job)
    if (fresh.size === 0) return []
    const inserted = await store.insertDiscovered([...fresh.values()])
    if (known.size + fresh.size > MAX_KNOWN) known.clear()
    for (const id of fresh.keys()) known.add(id)
    return inserted
  }

  return {
    status: () => ({ ...state }),
    async round() {
      const head = await chain.blockNumber()
      state.headBlock = head
      let jobs: DiscoveredJob[] = []
      let healthy = false
      if (indexer) {
        try {
          const found = await indexer.openJobs()
          jobs = found.jobs
          state.indexedBlock = found.indexedBlock
          const lag = found.indexedBlock === undefined ? undefined : head - found.indexedBlock
          metrics.indexerLag.set(lag === undefined ? -1 : Number(lag > 0n ? lag : 0n))
          healthy = lag !== undefined && lag <= BigInt(parameters.maxLagBlocks)
          metrics.discoveryRounds.inc({ source: 'indexer', outcome: healthy ? 'ok' : 'behind' })
          if (healthy && found.indexedBlock !== undefined) await logs.advanceTo(found.indexedBlock + 1n)
          else
            log.warn('indexer behind; reading chain logs', {
              indexedBlock: String(found.indexedBlock),
              head: String(head),
            })
        } catch (error) {
          metrics.discoveryRounds.inc({ source: 'indexer', outcome: 'error' })
          state.lastError = errorCode(error)
          log.warn('indexer unavailable; reading chain logs', { code: errorCode(error) })
        }
      }
      if (!healthy) {
        try {
          const scanned = await logs.scan()
          jobs = jobs.concat(scanned.jobs)
          metrics.discoveryRounds.inc({ source: 'logs', outcome: 'ok' })
        } catch (error) {
          metrics.discoveryRounds.inc({ source: 'logs', outcome: 'error' })
          state.lastError = errorCode(error)
          throw error
        }
      }
      state.source = healthy ? 'indexer' : 'logs'
      state.lastRoundAt = Date.now()
      if (healthy) state.lastError = undefined
      const inserted = await record(jobs)
      if (inserted.length > 0) {
        log.info('jobs discovered', {
          count: inserted.length,
          source: state.source,
          first: String(inserted[0]),
        })
      }
      return inserted
    },
  }
}
