import type { Logger } from '@licen/sdk'
import type { JobStage } from '../db/jobRow.js'
import type { BreakerPolicy, JobStore, ProviderBreaker } from '../db/jobStore.js'

/** How long the list of troubled providers read from the database is reused before it is read again. */
const TROUBLED_TTL_MS = 1_000

export type WithProviderBreakerParameters = {
  policy: BreakerPolicy
  log: Logger
}

/**
 * Wraps the job store so that the steps' own bookkeeping drives each provider's circuit breaker, shared by all
 * instances through the database: a retry or an unreachable mark recorded for `PROVIDER_UNREACHABLE` (a refused
 * connection, a timeout, a dropped answer) counts one consecutive failure of the row's provider, and
 * `policy.failures` of them open its breaker, so that claims skip its jobs for a cool-down (doubling per trip,
 * bounded) instead of each job burning a request timeout and a retry. An answer (attestation, hand-over, a
 * successful poll) closes it. Polls still write nothing while a provider has no failures on record.
 */
export function withProviderBreaker(store: JobStore, parameters: WithProviderBreakerParameters): JobStore {
  const { policy, log } = parameters
  let troubled: { at: number; providers: Map<number, ProviderBreaker> } | undefined

  const troubledNow = async () => {
    if (troubled && Date.now() - troubled.at < TROUBLED_TTL_MS) return troubled.providers
    const providers = new Map((await store.troubledProviders()).map((b) => [b.providerId, b]))
    troubled = { at: Date.now(), providers }
    return providers
  }

  const down = async (providerId: number | null, error: string) => {
    if (providerId === null || !isUnreachable(error)) return
    try {
      const before = (await troubledNow()).get(providerId)
      const breaker = await store.noteProviderDown(providerId, policy)
      troubled?.providers.set(providerId, breaker)
      if (breaker.trips > (before?.trips ?? 0) && breaker.openUntil !== null) {
        log.warn('provider circuit breaker open: its jobs wait', {
          providerId,
          failures: breaker.failures,
          trips: breaker.trips,
          openUntil: new Date(breaker.openUntil).toISOString(),
        })
      }
    } catch (error) {
      log.warn('provider breaker not updated', {
        providerId,
        error: (error as Error)?.message?.slice(0, 200),
      })
    }
  }

  const up = async (providerId: number | null) => {
    if (providerId === null) return
    try {
      const breaker = (await troubledNow()).get(providerId)
      if (breaker === undefined) return
      await store.noteProviderUp(providerId)
      troubled?.providers.delete(providerId)
      if (breaker.openUntil !== null) log.info('provider answered: circuit breaker closed', { providerId })
    } catch (error) {
      log.warn('provider breaker not updated', {
        providerId,
        error: (error as Error)?.message?.slice(0, 200),
      })
    }
  }

  return {
    ...store,
    async noteRetry(row, error) {
      const elapsed = await store.noteRetry(row, error)
      await down(row.providerId, error)
      return elapsed
    },
    async noteUnreachable(row, error) {
      const elapsed = await store.noteUnreachable(row, error)
      await down(row.providerId, error)
      return elapsed
    },
    async noteReachable(row) {
      await store.noteReachable(row)
      await up(row.providerId)
    },
    async transition(row, to, patch, events, options) {
      const next = await store.transition(row, to, patch, events, options)
      if (providerAnswered(row.stage, to)) await up(row.providerId)
      return next
    },
  }
}

/**
 * Whether a recorded error is a provider that could not be reached: `noteRetry` records `<step>: <code>` and
 * `noteUnreachable` the bare code; the provider client reports refused connections, timeouts and dropped
 * answers as `PROVIDER_UNREACHABLE` (a refusal or a malformed answer is an answer, and does not count).
 */
export function isUnreachable(error: string): boolean {
  return /(^|: )PROVIDER_UNREACHABLE$/.test(error)
}

/** Stage changes that only happen after the job's provider answered: its quote, or its start. */
function providerAnswered(from: JobStage, to: JobStage): boolean {
  return (
    (from === 'attesting' && to === 'attested') ||
    (from === 'handing_over' && (to === 'running' || to === 'settling'))
  )
}
