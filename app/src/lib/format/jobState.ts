/** Job states in the contract's enum order (`IDataPolicy.JobState`). */
export const jobStates = ['None', 'Granted', 'Running', 'Completed', 'Failed', 'Reclaimed'] as const

export type JobStateName = (typeof jobStates)[number]

/** Name of a `JobState` enum value; `undefined` for a value outside the enum. */
export function jobStateName(value: number): JobStateName | undefined {
  return jobStates[value]
}

/** Whether a job in this state can no longer change (settled, failed or reclaimed). */
export function isFinalState(state: JobStateName): boolean {
  return state === 'Completed' || state === 'Failed' || state === 'Reclaimed'
}
