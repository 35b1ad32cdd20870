/** Contract job states in their on-chain order (`IDataPolicy.JobState`). */
export const JOB_STATES = ['None', 'Granted', 'Running', 'Completed', 'Failed', 'Reclaimed'] as const

/** Name of a contract job state. */
export type ChainJobState = (typeof JOB_STATES)[number]

/** Maps the contract's enum value to its name; unknown values map to `None`. */
export function jobStateName(value: number): ChainJobState {
  return JOB_STATES[value] ?? 'None'
}
