import { jobEscrow } from '../chain/jobEscrow.js'
import type { JobStateName } from '../chain/jobState.js'
import type { DataPolicyEvent } from './dataPolicyEvent.js'

/** The DataPolicy events of a job's lifecycle: its grant, its start and its three ways to close. */
export const jobEventNames = [
  'AccessGranted',
  'JobStarted',
  'JobCompleted',
  'JobFailed',
  'JobReclaimed',
] as const

/** Name of a job lifecycle event. */
export type JobEventName = (typeof jobEventNames)[number]

/** A job lifecycle event with its position on chain. */
export type JobEvent<meta = unknown> = DataPolicyEvent<JobEventName, meta>

/** State of a job that exists (the contract's `JobState` less `None`). */
export type JobRecordState = Exclude<JobStateName, 'None'>

/** The states each event after the grant may leave, and the state it enters, as DataPolicy enforces them. */
export const jobTransitions = {
  JobStarted: { from: ['Granted'], to: 'Running' },
  JobCompleted: { from: ['Running'], to: 'Completed' },
  JobFailed: { from: ['Granted', 'Running'], to: 'Failed' },
  JobReclaimed: { from: ['Granted', 'Running'], to: 'Reclaimed' },
} as const satisfies Record<
  Exclude<JobEventName, 'AccessGranted'>,
  { from: readonly JobRecordState[]; to: JobRecordState }
>

/**
 * A job as its events tell it: the state they lead to, the escrow its grant holds, and each lifecycle event
 * that happened, as it was given (so event-only values such as payouts and the failure reason stay with it).
 */
export type JobRecord<meta = unknown> = {
  jobId: bigint
  state: JobRecordState
  /** `(royaltyPerEpoch + pricePerEpoch) × epochs`, as the contract holds it. */
  escrow: bigint
  granted: DataPolicyEvent<'AccessGranted', meta>
  started?: DataPolicyEvent<'JobStarted', meta> | undefined
  completed?: DataPolicyEvent<'JobCompleted', meta> | undefined
  failed?: DataPolicyEvent<'JobFailed', meta> | undefined
  reclaimed?: DataPolicyEvent<'JobReclaimed', meta> | undefined
}

/**
 * Why an event cannot apply to a job: the contract never emits it there, so the history read is incomplete
 * (an outcome whose grant was not read), repeated, or out of order.
 */
export type JobEventRejection =
  | { reason: 'unknownJob' }
  | { reason: 'alreadyGranted'; state: JobRecordState }
  | { reason: 'otherJob'; jobId: bigint }
  | { reason: 'forbiddenTransition'; state: JobRecordState }

/** The job after the event, or why the event does not apply (the job is then unchanged). */
export type ReduceJobEventReturnType<meta = unknown> =
  | { job: JobRecord<meta>; rejected?: undefined }
  | { job?: undefined; rejected: JobEventRejection }

/**
 * Applies one lifecycle event to a job (`undefined` before its grant) and returns the next job; pure: reads
 * only its arguments, never mutates them, and rejects what the contract would not emit instead of throwing.
 */
export function reduceJobEvent<meta>(
  job: JobRecord<meta> | undefined,
  event: JobEvent<meta>,
): ReduceJobEventReturnType<meta> {
  if (event.name === 'AccessGranted') {
    if (job !== undefined) return { rejected: { reason: 'alreadyGranted', state: job.state } }
    return {
      job: { jobId: event.args.jobId, state: 'Granted', escrow: jobEscrow(event.args), granted: event },
    }
  }
  if (job === undefined) return { rejected: { reason: 'unknownJob' } }
  if (event.args.jobId !== job.jobId) return { rejected: { reason: 'otherJob', jobId: job.jobId } }
  const { from, to } = jobTransitions[event.name]
  if (!(from as readonly JobRecordState[]).includes(job.state))
    return { rejected: { reason: 'forbiddenTransition', state: job.state } }
  switch (event.name) {
    case 'JobStarted':
      return { job: { ...job, state: to, started: event } }
    case 'JobCompleted':
      return { job: { ...job, state: to, completed: event } }
    case 'JobFailed':
      return { job: { ...job, state: to, failed: event } }
    case 'JobReclaimed':
      return { job: { ...job, state: to, reclaimed: event } }
  }
}
