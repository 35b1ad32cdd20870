/** Names of the contract's `JobState` enum (`IDataPolicy.JobState`), indexed by its value. */
export const JOB_STATES = ['None', 'Granted', 'Running', 'Completed', 'Failed', 'Reclaimed'] as const

/** A job state by name. */
export type JobStateName = (typeof JOB_STATES)[number]

/** The states a job never leaves: settled, failed or reclaimed. */
export const FINAL_JOB_STATES = [
  'Completed',
  'Failed',
  'Reclaimed',
] as const satisfies readonly JobStateName[]

/** A final job state by name. */
export type FinalJobStateName = (typeof FINAL_JOB_STATES)[number]

/** Whether a job in `state` can no longer change (Completed, Failed or Reclaimed). */
export function isFinalJobState(state: JobStateName): state is FinalJobStateName {
  return (FINAL_JOB_STATES as readonly JobStateName[]).includes(state)
}
