import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@licen/sdk'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '../db/Database.js'
import { createJobStore, type JobStore } from '../db/jobStore.js'
import { migrate } from '../db/migrate.js'
import { openDatabase } from '../db/openDatabase.js'
import { createMetrics } from '../metrics/createMetrics.js'
import { createReleaseKeys, type ReleaseKeys } from '../release/createReleaseKeys.js'
import { loadReleaseKeyring } from '../release/loadReleaseKeyring.js'
import { createApp } from './createApp.js'

let dir: string
let db: Database
let store: JobStore
let releaseKeys: ReleaseKeys
let app: ReturnType<typeof createApp>
const discovery = {
  source: 'indexer' as const,
  indexedBlock: 41n,
  headBlock: 42n,
  lastRoundAt: 1_000,
  lastError: undefined,
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-orch-http-'))
  db = await openDatabase({ dataDir: join(dir, 'db') })
  await migrate(db)
  store = createJobStore({ db, instance: 'http', leaseSeconds: 30 })
  releaseKeys = createReleaseKeys({
    keyring: await loadReleaseKeyring(
      { source: 'env', privateKey: `0x${'42'.repeat(32)}` },
      { chainId: 31337, dataPolicy: `0x${'11'.repeat(20)}` },
    ),
    evidenceRefs: new Map(),
    registry: undefined,
    source: 'env',
    timing: { retryDelayMs: 10, maxRetryDelayMs: 10, releaseKeyRegistrationSeconds: 1 },
    log: silentLogger,
  })
  const metrics = createMetrics(async (m) => {
    m.jobsByState.reset()
    for (const { stage, outcome, count } of await store.stageCounts()) {
      m.jobsByState.inc({ state: stage === 'done' ? `done:${outcome}` : stage }, count)
    }
  })
  metrics.failures.inc({ code: 'DATASET_DELISTED' })
  metrics.releaseLatency.observe(0.3)
  app = createApp({
    store,
    metrics,
    releaseKeys,
    health: () => ({
      instance: 'http',
      address: '0xabc',
      orchestratorRole: true,
      discovery,
      inFlight: 0,
      tracking: 0,
    }),
  })
  await store.insertDiscovered([{ jobId: 5n }, { jobId: 6n }])
  const [row] = await store.claim(1, [])
  await store.transition(row!, 'failing', { failureCode: 'DATASET_DELISTED' }, [
    { step: 'fail', phase: 'begin', detail: { code: 'DATASET_DELISTED' } },
  ])
}, 60_000)

afterAll(async () => {
  await db?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const get = async (path: string) => {
  const response = await app.request(path)
  const type = response.headers.get('content-type') ?? ''
  return {
    status: response.status,
    cors: response.headers.get('access-control-allow-origin'),
    body: type.includes('json') ? await response.json() : await response.text(),
  }
}

describe('createApp', () => {
  test('default: health names the discovery source and counts jobs by stage', async () => {
    expect(await get('/health')).toEqual({
      status: 200,
      cors: '*',
      body: {
        status: 'ok',
        instance: 'http',
        address: '0xabc',
        orchestratorRole: true,
        inFlight: 0,
        tracking: 0,
        discovery: {
          source: 'indexer',
          indexedBlock: '41',
          headBlock: '42',
          lastRoundAt: 1000,
          lastError: null,
        },
        database: 'ok',
        jobs: { discovered: 1, failing: 1 },
      },
    })
  })

  test('behavior: the release key is published, never the private key', async () => {
    const { body } = await get('/v1/release-key')
    const publicKey = releaseKeys.keyring.current.publicKey
    const unregistered = { version: 1, publicKey, evidenceRef: null, keyId: null, status: 'Unregistered' }
    expect(body).toEqual({
      ...unregistered,
      source: 'env',
      chainId: 31337,
      dataPolicy: `0x${'11'.repeat(20)}`,
      keys: [unregistered],
    })
    expect(JSON.stringify(body)).not.toContain('42'.repeat(32))
  })

  test('behavior: Prometheus metrics', async () => {
    const { status, body } = await get('/metrics')
    expect(status).toBe(200)
    expect(body).toContain('licen_orchestrator_jobs{state="discovered"} 1')
    expect(body).toContain('licen_orchestrator_jobs{state="failing"} 1')
    expect(body).toContain('licen_orchestrator_failures_total{code="DATASET_DELISTED"} 1')
    expect(body).toContain('licen_orchestrator_release_seconds_bucket{le="0.5"} 1')
  })

  test('behavior: a job view with its step log', async () => {
    const { status, body } = await get('/v1/jobs/5')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      jobId: '5',
      stage: 'failing',
      failureCode: 'DATASET_DELISTED',
      outcome: null,
    })
    expect(body.events).toEqual([
      {
        step: 'fail',
        phase: 'begin',
        instance: 'http',
        at: expect.any(Number),
        detail: { code: 'DATASET_DELISTED' },
      },
    ])
  })

  test.each([
    ['/v1/jobs/12x', 400, 'INVALID_JOB_ID'],
    [`/v1/jobs/${2n ** 256n}`, 400, 'INVALID_JOB_ID'],
    ['/v1/jobs/77', 404, 'JOB_NOT_FOUND'],
    ['/nope', 404, 'NOT_FOUND'],
  ])('error: %s', async (path, status, code) => {
    const answer = await get(path)
    expect(answer.status).toBe(status)
    expect(answer.body.error.code).toBe(code)
  })
})
