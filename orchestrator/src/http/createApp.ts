import { Hono } from 'hono'
import type { JobStore } from '../db/jobStore.js'
import type { DiscoveryStatus } from '../discovery/createDiscovery.js'
import type { OrchestratorMetrics } from '../metrics/createMetrics.js'
import type { ReleaseKeys } from '../release/createReleaseKeys.js'

export type CreateAppParameters = {
  store: JobStore
  metrics: OrchestratorMetrics
  releaseKeys: Pick<ReleaseKeys, 'published'>
  health: () => {
    instance: string
    address: string
    orchestratorRole: boolean | undefined
    discovery: DiscoveryStatus
    inFlight: number
    /** Running jobs this instance polls between steps. */
    tracking: number
    /** Whether the current release key is registered and Active on chain (nothing is released before). */
    releaseKey?: 'waiting' | 'active' | 'failed' | undefined
  }
}

const JOB_ID = /^(0|[1-9][0-9]{0,77})$/
const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, OPTIONS' }

/** The orchestrator's HTTP API: health, Prometheus metrics, the release key, and its view of a job. */
export function createApp(parameters: CreateAppParameters): Hono {
  const { store, metrics } = parameters
  const app = new Hono()
  app.use('*', async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(CORS)) c.res.headers.set(name, value)
  })
  app.onError((_error, c) =>
    c.json({ error: { code: 'INTERNAL_ERROR', message: 'The request failed.' } }, 500),
  )
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such route.' } }, 404))
  app.options('*', (c) => c.body(null, 204))

  app.get('/health', async (c) => {
    const health = parameters.health()
    const discovery = {
      source: health.discovery.source,
      indexedBlock: health.discovery.indexedBlock?.toString() ?? null,
      headBlock: health.discovery.headBlock?.toString() ?? null,
      lastRoundAt: health.discovery.lastRoundAt ?? null,
      lastError: health.discovery.lastError ?? null,
    }
    try {
      const stages = await store.stageCounts()
      const jobs: Record<string, number> = {}
      for (const { stage, outcome, count } of stages) {
        const key = stage === 'done' ? `done:${outcome}` : stage
        jobs[key] = (jobs[key] ?? 0) + count
      }
      const ok =
        health.orchestratorRole !== false &&
        health.discovery.source !== 'none' &&
        (health.releaseKey ?? 'active') === 'active'
      return c.json({ status: ok ? 'ok' : 'degraded', ...health, discovery, database: 'ok', jobs }, 200)
    } catch {
      return c.json({ status: 'unavailable', ...health, discovery, database: 'unavailable' }, 503)
    }
  })

  app.get('/metrics', async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  )

  app.get('/v1/release-key', async (c) => c.json(await parameters.releaseKeys.published()))

  app.get('/v1/jobs/:jobId', async (c) => {
    const text = c.req.param('jobId')
    if (!JOB_ID.test(text) || BigInt(text) >= 2n ** 256n) {
      return c.json(
        { error: { code: 'INVALID_JOB_ID', message: 'Job ids are decimal uint256 values.' } },
        400,
      )
    }
    const jobId = BigInt(text)
    const row = await store.get(jobId)
    if (!row)
      return c.json(
        { error: { code: 'JOB_NOT_FOUND', message: 'This orchestrator has not seen the job.' } },
        404,
      )
    const events = await store.events(jobId)
    return c.json({
      jobId: text,
      stage: row.stage,
      outcome: row.outcome,
      failureCode: row.failureCode,
      adopted: row.adopted,
      policyHash: row.policyHash,
      signer: row.signer,
      attestationRef: row.attestationRef,
      startTx: row.startTx,
      settleTx: row.settleTx,
      settlement: row.settleCall ? { fn: row.settleCall.fn } : null,
      attempts: row.attempts,
      lastError: row.lastError,
      discoveredAt: row.discoveredAt,
      runningAt: row.runningAt,
      doneAt: row.doneAt,
      events: events.map((e) => ({
        step: e.step,
        phase: e.phase,
        instance: e.instance,
        at: e.at,
        detail: e.detail ?? null,
      })),
    })
  })
  return app
}
