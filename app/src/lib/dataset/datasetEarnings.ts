import type { JobSummary } from '../jobs/jobSummary.js'

/** Totals over a dataset's jobs: royalties paid to the owner, jobs by outcome, epochs trained. */
export function datasetEarnings(jobs: readonly JobSummary[]) {
  let royalties = 0n
  let epochsTrained = 0
  let completed = 0
  let open = 0
  let refunded = 0
  for (const job of jobs) {
    if (job.completed) {
      royalties += job.completed.ownerAmount
      epochsTrained += job.completed.actualEpochs
      completed++
    } else if (job.state === 'Granted' || job.state === 'Running') open++
    else refunded++
  }
  return { royalties, epochsTrained, completed, open, refunded, total: jobs.length }
}
