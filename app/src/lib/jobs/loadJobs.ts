import type { AppContext } from '../appContext.js'
import type { JobStateName } from '../format/jobState.js'
import { fetchJobs, type JobFilter } from './fetchJobs.js'
import { fetchJobsFromIndexer } from './fetchJobsFromIndexer.js'
import type { JobSummary } from './jobSummary.js'

/** Where job lists come from: the indexer, and the chain's logs when it cannot answer. */
export type JobSources = {
  indexer: (filter: JobFilter) => Promise<JobSummary[]>
  chain: (filter: JobFilter) => Promise<JobSummary[]>
}

/** Jobs and where they were read. */
export type JobList = { jobs: JobSummary[]; source: 'indexer' | 'chain' }

/** The job sources of the app: the configured indexer's GraphQL, then bounded `eth_getLogs` reads. */
export function jobSources({
  wagmi,
  config,
  graphql,
}: Pick<AppContext, 'wagmi' | 'config' | 'graphql'>): JobSources {
  return {
    indexer: (filter) => fetchJobsFromIndexer(graphql, filter),
    chain: (filter) => fetchJobs(wagmi, config, filter),
  }
}

/**
 * Lists jobs from the indexer; when it does not answer or answers with data the app refuses, rebuilds them from
 * chain logs (the indexer only speeds things up, like the marketplace).
 */
export async function loadJobs(sources: JobSources, filter: JobFilter): Promise<JobList> {
  try {
    return { jobs: await sources.indexer(filter), source: 'indexer' }
  } catch {
    return { jobs: await sources.chain(filter), source: 'chain' }
  }
}

/**
 * One job's summary for a page that has just read its state on chain: the indexer's row when it has caught up
 * with that state, otherwise the job's own chain logs (so a settlement confirmed a moment ago shows at once).
 * `undefined` when neither knows the job.
 */
export async function loadJobSummary(
  sources: JobSources,
  jobId: bigint,
  chainState: JobStateName,
): Promise<{ summary: JobSummary | undefined; source: 'indexer' | 'chain' }> {
  const indexed = await sources.indexer({ jobId }).catch(() => undefined)
  const row = indexed?.find((job) => job.jobId === jobId)
  if (row && row.state === chainState) return { summary: row, source: 'indexer' }
  const [fromLogs] = await sources.chain({ jobId })
  return { summary: fromLogs?.jobId === jobId ? fromLogs : undefined, source: 'chain' }
}
