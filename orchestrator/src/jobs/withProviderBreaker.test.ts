import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@licen/sdk'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '../db/Database.js'
import { createJobStore, type JobStore } from '../db/jobStore.js'
import { migrate } from '../db/migrate.js'
import { openDatabase } from '../db/openDatabase.js'
import { isUnreachable, withProviderBreaker } from './withProviderBreaker.js'

let dir: string
let db: Database
let raw: JobStore
let store: JobStore
const logged: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-orch-breaker-'))
  db = await openDatabase({ dataDir: join(dir, 'db') })
  await migrate(db)
  raw = createJobStore({ db, instance: 'x', leaseSeconds: 30 })
  store = withProviderBreaker(raw, {
    policy: { failures: 3, coolDownSeconds: 60, maxCoolDownSeconds: 600 },
    log: {
      ...silentLogger,
      warn: (msg, fields) => logged.push(`${msg} ${JSON.stringify({ ...fields, openUntil: undefined })}`),
      info: (msg, fields) => logged.push(`${msg} ${JSON.stringify(fields)}`),
    },
  })
}, 60_000)

afterAll(async () => {
  await db?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('isUnreachable', () => {
  test('default: the codes noteRetry and noteUnreachable record for an unreachable provider', () => {
    expect(isUnreachable('attest: PROVIDER_UNREACHABLE')).toBe(true)
    expect(isUnreachable('handover: PROVIDER_UNREACHABLE')).toBe(true)
    expect(isUnreachable('PROVIDER_UNREACHABLE')).toBe(true)
    // An answer, even a refusal or a malformed one, is not a provider down.
    expect(isUnreachable('attest: JOB_NOT_FOUND')).toBe(false)
    expect(isUnreachable('PROVIDER_BAD_RESPONSE')).toBe(false)
    expect(isUnreachable('attest: STORAGE_UNAVAILABLE')).toBe(false)
    expect(isUnreachable('attest: PROVIDER_UNREACHABLE_X')).toBe(false)
  })
})

describe('withProviderBreaker', () => {
  // Issue #20 item 5: a provider that does not answer stops taking slots after N errors instead of each job
  // burning a timeout and a retry.
  test('behavior: 3 consecutive unreachable errors open the breaker and defer the provider’s jobs', async () => {
    await store.insertDiscovered([
      { jobId: 1n, deadline: 100, providerId: 4 },
      { jobId: 2n, deadline: 200, providerId: 4 },
      { jobId: 3n, deadline: 300, providerId: 4 },
      { jobId: 4n, deadline: 400, providerId: 4 },
      { jobId: 5n, deadline: 900, providerId: 5 },
    ])
    const rows = await store.claim(3, [])
    expect(rows.map((row) => row.jobId)).toEqual([1n, 2n, 3n])
    await store.noteRetry(rows[0]!, 'attest: PROVIDER_UNREACHABLE')
    // A refusal is an answer: not counted.
    await store.noteRetry(rows[1]!, 'attest: JOB_NOT_FOUND')
    await store.noteRetry(rows[1]!, 'attest: PROVIDER_UNREACHABLE')
    expect((await raw.troubledProviders()).map((b) => [b.providerId, b.failures, b.trips])).toEqual([
      [4, 2, 0],
    ])
    await store.noteUnreachable(rows[2]!, 'PROVIDER_UNREACHABLE')
    const [open] = await raw.troubledProviders()
    expect(open).toMatchObject({ providerId: 4, failures: 3, trips: 1 })
    expect(open!.openForMs).toBeGreaterThan(59_000)
    expect(logged).toEqual([
      'provider circuit breaker open: its jobs wait {"providerId":4,"failures":3,"trips":1}',
    ])
    // Each error still counts as a retry of its own job (its grace clock runs on).
    expect((await raw.get(1n))!.attempts).toBe(1)

    // Given back, provider 4's jobs wait out the cool-down; provider 5's job is claimed.
    for (const row of rows) await store.release(row.jobId, 0)
    expect((await store.claim(10, [])).map((row) => row.jobId)).toEqual([5n])
  })

  test('behavior: an answer (attestation received) closes the breaker', async () => {
    // The cool-down is over: one probe job.
    await db.query(`UPDATE orchestrator_providers SET open_until = now() - interval '1 second'`)
    const [probe] = await store.claim(10, [], { maxPerProvider: 8 })
    expect(probe!.jobId).toBe(1n)
    const attesting = await store.transition(probe!, 'attesting', {}, [])
    await store.transition(attesting, 'attested', {}, [])
    expect(await raw.troubledProviders()).toEqual([])
    expect(logged.at(-1)).toBe('provider answered: circuit breaker closed {"providerId":4}')
    expect((await store.claim(10, [], { maxPerProvider: 8 })).map((row) => row.jobId)).toEqual([2n, 3n, 4n])
  })

  test('behavior: a successful poll closes a breaker that was counting', async () => {
    const row = (await raw.get(2n))!
    await store.noteRetry(row, 'attest: PROVIDER_UNREACHABLE')
    expect((await raw.troubledProviders()).map((b) => [b.providerId, b.failures])).toEqual([[4, 1]])
    await store.noteReachable(row)
    expect(await raw.troubledProviders()).toEqual([])
  })
})
