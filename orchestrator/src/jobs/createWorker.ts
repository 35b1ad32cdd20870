import type { Logger } from '@licen/sdk'
import type { JobRow } from '../db/jobRow.js'
import type { JobStore } from '../db/jobStore.js'
import type { OrchestratorMetrics } from '../metrics/createMetrics.js'
import type { AdvanceOutcome } from './advanceJob.js'

/** Claims due jobs and advances them, up to a concurrency limit, keeping their leases alive. */
export type Worker = {
  /** Claims now instead of at the next tick (new jobs were discovered). */
  wake: () => void
  /** Jobs being advanced right now. */
  inFlight: () => number
  /** Running jobs this instance keeps leased between provider polls. */
  held: () => number
  /** Stops claiming, lets in-flight jobs reach their next step boundary, releases every lease it holds. */
  stop: () => Promise<void>
}

export type CreateWorkerParameters = {
  store: JobStore
  advance: (row: JobRow, shouldStop: () => boolean) => Promise<AdvanceOutcome>
  maxConcurrentJobs: number
  /**
   * Most jobs of one provider worked before Running at once (across instances sharing the database); unlimited
   * when undefined. Jobs beyond it stay in the table for later claims, so other providers' jobs go first.
   */
  maxJobsPerProvider?: number | undefined
  workIntervalMs: number
  leaseSeconds: number
  log: Logger
  metrics: OrchestratorMetrics
}

/**
 * Starts the worker loop. A job that waits while Running (its provider still training) stays leased to this
 * instance and is polled again from memory; its lease is renewed with all others in one statement, so polling
 * writes nothing. Any other wait gives the row back to the table (`next_attempt_at`), where any instance may claim
 * it. A dead instance's leases simply run out.
 */
export function startWorker(parameters: CreateWorkerParameters): Worker {
  const { store, log, metrics } = parameters
  const inFlight = new Map<bigint, Promise<void>>()
  const held = new Map<bigint, { row: JobRow; dueAt: number }>()
  let stopping = false
  let timer: NodeJS.Timeout | undefined
  let claiming: Promise<void> | undefined
  let again = false

  const runOne = async (row: JobRow) => {
    let waitMs = 0
    let release = true
    try {
      const outcome = await parameters.advance(row, () => stopping)
      if (outcome.kind === 'wait') {
        waitMs = outcome.waitMs
        if (outcome.row.stage === 'running' && !stopping) {
          held.set(row.jobId, { row: outcome.row, dueAt: Date.now() + waitMs })
          release = false
        }
      }
      // A done row is never claimed again: its lease needs no release.
      if (outcome.kind === 'done') release = false
      if (outcome.kind === 'lost') {
        release = false
        log.warn('lease lost; another instance has the job', { jobId: String(row.jobId) })
      }
    } catch (error) {
      waitMs = 5_000
      log.error('job step crashed', {
        jobId: String(row.jobId),
        stage: row.stage,
        error: (error as Error)?.message?.slice(0, 300),
      })
    } finally {
      if (release) await store.release(row.jobId, waitMs).catch(() => {})
      inFlight.delete(row.jobId)
      metrics.inFlight.set(inFlight.size)
      // A freed slot may take the next due job at once.
      if (!stopping) wake()
    }
  }

  const start = (row: JobRow) => {
    inFlight.set(row.jobId, runOne(row))
    metrics.inFlight.set(inFlight.size)
  }

  const claim = async () => {
    if (stopping) return
    // Held jobs that are due go first: they are ours already.
    const now = Date.now()
    for (const [jobId, entry] of held) {
      if (inFlight.size >= parameters.maxConcurrentJobs) return
      if (entry.dueAt > now) continue
      held.delete(jobId)
      start(entry.row)
    }
    const free = parameters.maxConcurrentJobs - inFlight.size
    if (free <= 0) return
    let rows: JobRow[]
    try {
      rows = await store.claim(free, [...inFlight.keys(), ...held.keys()], {
        maxPerProvider: parameters.maxJobsPerProvider,
      })
    } catch (error) {
      log.error('claiming jobs failed', { error: (error as Error)?.message?.slice(0, 300) })
      return
    }
    for (const row of rows) start(row)
  }

  const wake = () => {
    if (stopping) return
    if (claiming) {
      again = true
      return
    }
    claiming = (async () => {
      do {
        again = false
        await claim()
      } while (again && !stopping)
    })().finally(() => {
      claiming = undefined
    })
  }

  const tick = () => {
    wake()
    timer = setTimeout(tick, parameters.workIntervalMs)
  }
  tick()

  const heartbeat = setInterval(
    () => {
      const ids = [...inFlight.keys(), ...held.keys()]
      if (ids.length === 0) return
      store.renewLeases(ids).catch((error) => {
        log.warn('lease renewal failed', { error: (error as Error)?.message?.slice(0, 200) })
      })
    },
    Math.max(300, (parameters.leaseSeconds * 1000) / 3),
  )

  return {
    wake,
    inFlight: () => inFlight.size,
    held: () => held.size,
    async stop() {
      stopping = true
      clearTimeout(timer)
      clearInterval(heartbeat)
      await claiming
      await Promise.allSettled(inFlight.values())
      // Give held jobs back at once rather than making another instance wait out their leases.
      await Promise.allSettled([...held.keys()].map((jobId) => store.release(jobId, 0)))
      held.clear()
    },
  }
}
