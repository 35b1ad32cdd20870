import { type JobEvent, type JobRecord, reduceJobEvent } from './reduceJobEvent.js'

/**
 * Folds job lifecycle events, given in chain order, into the jobs they describe, newest (highest id) first.
 * An event `reduceJobEvent` rejects is skipped: an outcome whose grant was not read, a repeated event, a
 * transition the contract forbids.
 */
export function reduceJobEvents<meta>(events: Iterable<JobEvent<meta>>): JobRecord<meta>[] {
  const jobs = new Map<bigint, JobRecord<meta>>()
  for (const event of events) {
    const { job } = reduceJobEvent(jobs.get(event.args.jobId), event)
    if (job !== undefined) jobs.set(job.jobId, job)
  }
  return [...jobs.values()].sort((a, b) => (a.jobId === b.jobId ? 0 : a.jobId > b.jobId ? -1 : 1))
}
