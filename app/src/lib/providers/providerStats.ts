import type { JobSummary } from '../jobs/jobSummary.js'

/** Job counts of one provider and its completion rate over finished jobs (undefined before any finished). */
export function providerStats(jobs: readonly JobSummary[], providerId: number) {
  let total = 0
  let completed = 0
  let failed = 0
  let open = 0
  for (const job of jobs) {
    if (job.providerId !== providerId) continue
    total++
    if (job.state === 'Completed') completed++
    else if (job.state === 'Failed' || job.state === 'Reclaimed') failed++
    else open++
  }
  const finished = completed + failed
  return { total, completed, failed, open, completionRate: finished === 0 ? undefined : completed / finished }
}
