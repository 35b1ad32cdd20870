import type { StopReason } from './Trainer.js'

/** Reason a run stops early. */
export type EarlyStop = Exclude<StopReason, 'completed'>

/** Watches an abort signal and a time budget together. */
export type Stopper = {
  /** Why the run must stop now, if it must. */
  reason(): EarlyStop | undefined
  /** Settles with the first stop condition that fires; never rejects. */
  readonly stopped: Promise<EarlyStop>
  /** Milliseconds left of the budget (Infinity without one). */
  remainingMs(): number
  /** Stops watching (clears the timer and the abort listener). */
  dispose(): void
}

/** Starts watching `signal` and a budget of `timeBudgetMs` from now; dispose it when the run ends. */
export function createStopper(signal: AbortSignal | undefined, timeBudgetMs: number | undefined): Stopper {
  const deadline = timeBudgetMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + timeBudgetMs
  let fired: EarlyStop | undefined
  let resolve: (reason: EarlyStop) => void = () => {}
  const stopped = new Promise<EarlyStop>((r) => {
    resolve = r
  })
  const fire = (reason: EarlyStop) => {
    if (fired) return
    fired = reason
    resolve(reason)
  }
  const onAbort = () => fire('aborted')
  let timer: ReturnType<typeof setTimeout> | undefined
  if (signal?.aborted) fire('aborted')
  else {
    signal?.addEventListener('abort', onAbort, { once: true })
    if (timeBudgetMs !== undefined) timer = setTimeout(() => fire('time_budget'), timeBudgetMs)
  }
  return {
    reason: () => {
      if (!fired && signal?.aborted) fire('aborted')
      if (!fired && performance.now() >= deadline) fire('time_budget')
      return fired
    },
    stopped,
    remainingMs: () => Math.max(0, deadline - performance.now()),
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    },
  }
}
