import type { Config } from '@wagmi/core'
import type { Address, Hex } from 'viem'
import { fetchDataPolicyLogs } from '../chain/fetchDataPolicyLogs.js'
import type { AppConfig } from '../config/appConfig.js'
import { type JobSummary, summarizeJobLogs } from './jobSummary.js'

/** Which jobs to read: by requester, by dataset, or one job. */
export type JobFilter =
  | { requester: Address }
  | { datasetRoot: Hex }
  | { jobId: bigint }
  | Record<string, never>

/** Reads jobs and their outcomes straight from the chain's events. */
export async function fetchJobs(wagmi: Config, config: AppConfig, filter: JobFilter): Promise<JobSummary[]> {
  const granted = await fetchDataPolicyLogs(wagmi, config, 'AccessGranted', filter)
  if (granted.length === 0) return []
  const ids = granted.map((log) => log.args.jobId)
  const byId =
    'jobId' in filter || 'requester' in filter || 'datasetRoot' in filter ? { jobId: ids } : undefined
  const [started, completed, failed, reclaimed] = await Promise.all([
    fetchDataPolicyLogs(wagmi, config, 'JobStarted', byId),
    fetchDataPolicyLogs(wagmi, config, 'JobCompleted', byId),
    fetchDataPolicyLogs(wagmi, config, 'JobFailed', byId),
    fetchDataPolicyLogs(wagmi, config, 'JobReclaimed', byId),
  ])
  return summarizeJobLogs({ granted, started, completed, failed, reclaimed })
}
