import { isDataFailure } from '@licen/sdk'
import { plural } from '../format/plural.js'
import type { JobSummary } from '../jobs/jobSummary.js'
import { failureCode } from '../jobs/jobTimeline.js'

/** Job counts of one provider; failures caused by the dataset (`dataFailed`) count neither for nor against it. */
export type ProviderStats = {
  total: number
  completed: number
  /** Failed (its own or the orchestrator's failure, not the dataset's) or reclaimed after the deadline. */
  failed: number
  /** Failed because the dataset had no (trainable) row: the owner's data, not the provider. */
  dataFailed: number
  open: number
  /** completed / (completed + failed); undefined before any finished job. */
  completionRate: number | undefined
}

/** Job counts of one provider and its completion rate over finished jobs, data-caused failures left out. */
export function providerStats(jobs: readonly JobSummary[], providerId: number): ProviderStats {
  let total = 0
  let completed = 0
  let failed = 0
  let dataFailed = 0
  let open = 0
  for (const job of jobs) {
    if (job.providerId !== providerId) continue
    total++
    if (job.state === 'Completed') completed++
    else if (job.state === 'Failed' && job.failed && isDataFailure(failureCode(job.failed.reason)))
      dataFailed++
    else if (job.state === 'Failed' || job.state === 'Reclaimed') failed++
    else open++
  }
  const finished = completed + failed
  return {
    total,
    completed,
    failed,
    dataFailed,
    open,
    completionRate: finished === 0 ? undefined : completed / finished,
  }
}

/**
 * A provider's record in one phrase: "100 % of 1 finished job completed", and when jobs failed on their dataset,
 * "(2 failures caused by the dataset not counted)".
 */
export function providerStatsText(stats: ProviderStats): string {
  const rate =
    stats.completionRate === undefined
      ? 'no finished jobs yet'
      : `${Math.round(stats.completionRate * 100)} % of ${plural(stats.completed + stats.failed, 'finished job')} completed`
  if (stats.dataFailed === 0) return rate
  return `${rate} (${plural(stats.dataFailed, 'failure')} caused by the dataset not counted)`
}
