import { JOB_STATES, type JobStateName } from '@licen/sdk'

/** Whether a job in this state can no longer change (settled, failed or reclaimed). */
export { isFinalJobState as isFinalState } from '@licen/sdk'
export type { JobStateName }

/** Name of a `JobState` enum value; `undefined` for a value outside the enum. */
export function jobStateName(value: number): JobStateName | undefined {
  return JOB_STATES[value]
}
