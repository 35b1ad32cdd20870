import { isFinalState, type JobStateName } from '../format/jobState.js'

/**
 * Where an open job stands against its deadline. The contract judges by the block timestamp, so only `passed`
 * allows a reclaim; `awaitingBlock` is the gap when the deadline passed by the wall clock but the chain's latest
 * block is still before it (a chain that mines only on transactions, a stalled chain, or a clock that runs ahead).
 */
export type DeadlineStatus =
  | { kind: 'closed' }
  | { kind: 'open'; secondsLeft: number }
  | { kind: 'awaitingBlock'; secondsPastByClock: number; secondsLeftOnChain: number }
  | { kind: 'passed'; secondsPast: number }

/** Parameters of {@link deadlineStatus}: times in unix seconds. */
export type DeadlineStatusParameters = {
  state: JobStateName
  deadline: number
  /** Timestamp of the chain's latest block. */
  chainTime: number
  /** The browser's clock. */
  wallTime: number
}

/** Classifies a job's deadline by chain time (what the contract checks) and by the wall clock. */
export function deadlineStatus({
  state,
  deadline,
  chainTime,
  wallTime,
}: DeadlineStatusParameters): DeadlineStatus {
  if (isFinalState(state) || state === 'None') return { kind: 'closed' }
  if (chainTime > deadline) return { kind: 'passed', secondsPast: chainTime - deadline }
  if (wallTime > deadline)
    return {
      kind: 'awaitingBlock',
      secondsPastByClock: Math.floor(wallTime - deadline),
      secondsLeftOnChain: deadline - chainTime,
    }
  return { kind: 'open', secondsLeft: deadline - chainTime }
}
