import type { DataPolicyEvent, DataPolicyEventArgs, JobEventName, JobRecord } from '@licen/sdk/events'
import { reduceJobEvents } from '@licen/sdk/events'
import type { JobStateName } from '../format/jobState.js'

/** An event's arguments other than the job id, with the block it was mined in. */
type Step<name extends JobEventName> = Omit<DataPolicyEventArgs<name>, 'jobId'> & { block: bigint }

/** A job rebuilt from its events: the grant, and what happened to it since. */
export type JobSummary = { jobId: bigint } & Omit<DataPolicyEventArgs<'AccessGranted'>, 'jobId'> & {
    grantedBlock: bigint
    escrow: bigint
    state: JobStateName
    started?: Step<'JobStarted'>
    completed?: Step<'JobCompleted'>
    failed?: Step<'JobFailed'>
    reclaimed?: Step<'JobReclaimed'>
  }

/** Where a log was mined: all the summaries keep of it. */
type Position = { blockNumber: bigint }

/** Decoded logs of one job event, as viem returns them with `strict: true`. */
type Logs<name extends JobEventName> = ({ args: DataPolicyEventArgs<name> } & Position)[]

/** The job events as viem decodes them, one list per event. */
export type JobLogs = {
  granted: Logs<'AccessGranted'>
  started: Logs<'JobStarted'>
  completed: Logs<'JobCompleted'>
  failed: Logs<'JobFailed'>
  reclaimed: Logs<'JobReclaimed'>
}

/**
 * Rebuilds jobs from their logs with the sdk's job reducer; newest first. Outcomes of jobs without a grant
 * are ignored.
 */
export function summarizeJobLogs(logs: JobLogs): JobSummary[] {
  const events = <name extends JobEventName>(name: name, list: Logs<name>) =>
    list.map(
      ({ args, blockNumber }) => ({ name, args, meta: { blockNumber } }) as DataPolicyEvent<name, Position>,
    )
  // One job's events happen in lifecycle order, so the lists are applied in that order.
  return reduceJobEvents<Position>([
    ...events('AccessGranted', logs.granted),
    ...events('JobStarted', logs.started),
    ...events('JobCompleted', logs.completed),
    ...events('JobFailed', logs.failed),
    ...events('JobReclaimed', logs.reclaimed),
  ]).map(jobSummaryOf)
}

/** The summary the pages show of a job the reducer rebuilt. */
export function jobSummaryOf(job: JobRecord<Position>): JobSummary {
  const { granted, started, completed, failed, reclaimed } = job
  const summary: JobSummary = {
    ...granted.args,
    grantedBlock: granted.meta.blockNumber,
    escrow: job.escrow,
    state: job.state,
  }
  if (started) summary.started = step(started)
  if (completed) summary.completed = step(completed)
  if (failed) summary.failed = step(failed)
  if (reclaimed) summary.reclaimed = step(reclaimed)
  return summary
}

function step<name extends JobEventName>(event: DataPolicyEvent<name, Position>): Step<name> {
  const { jobId: _, ...args } = event.args as DataPolicyEventArgs<name> & { jobId: bigint }
  return { ...args, block: event.meta.blockNumber } as Step<name>
}
