/** Names of the contract's `JobState` enum, indexed by its value. */
export const JOB_STATES = ['None', 'Granted', 'Running', 'Completed', 'Failed', 'Reclaimed'] as const

/** A job state by name. */
export type JobStateName = (typeof JOB_STATES)[number]

/** Whether a job in `state` can no longer change (Completed, Failed or Reclaimed). */
export function isFinalJobState(state: JobStateName): boolean {
  return state === 'Completed' || state === 'Failed' || state === 'Reclaimed'
}
