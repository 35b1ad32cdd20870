// Regression tests for issue #20 item 5 (the queue flooded with zero-cost jobs), on PGlite and, where the
// PostgreSQL server binaries are installed, on a throwaway PostgreSQL: claims go earliest deadline first, one
// provider never holds more than its limit of leased provider-facing rows, and an open circuit breaker defers
// its provider's jobs.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hasPostgres, type Postgres, startPostgres } from '@licen/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Database } from './Database.js'
import type { JobRow } from './jobRow.js'
import { type BreakerPolicy, createJobStore, type JobStore } from './jobStore.js'
import { migrate } from './migrate.js'
import { openDatabase } from './openDatabase.js'

const backends = [
  { kind: 'pglite', available: true },
  { kind: 'postgres', available: hasPostgres() },
] as const

const ids = (rows: readonly JobRow[]) => rows.map((row) => row.jobId)

describe.each(backends)('claims on $kind', ({ kind, available }) => {
  let dir: string | undefined
  let pg: Postgres | undefined
  let db: Database
  let a: JobStore
  let b: JobStore

  beforeAll(async () => {
    if (!available) return
    if (kind === 'pglite') {
      dir = await mkdtemp(join(tmpdir(), 'licen-orch-claims-'))
      db = await openDatabase({ dataDir: join(dir, 'db') })
    } else {
      pg = await startPostgres()
      db = await openDatabase({ url: pg.url })
    }
    expect(await migrate(db)).toEqual([1, 2])
    a = createJobStore({ db, instance: 'a', leaseSeconds: 30 })
    b = createJobStore({ db, instance: 'b', leaseSeconds: 30 })
  }, 120_000)

  afterAll(async () => {
    await db?.close()
    await pg?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  beforeEach(async () => {
    if (!available) return
    await db.query('DELETE FROM orchestrator_jobs')
    await db.query('DELETE FROM orchestrator_providers')
  })

  test.skipIf(!available)('default: due rows are claimed earliest deadline first', async () => {
    expect(
      await a.insertDiscovered([
        { jobId: 1n, deadline: 5_000, providerId: 1 },
        { jobId: 2n, deadline: 1_000, providerId: 2 },
        { jobId: 3n, deadline: 3_000, providerId: 3 },
        { jobId: 4n, deadline: 2_000, providerId: 1 },
        { jobId: 5n, deadline: 500, providerId: 2 },
      ]),
    ).toEqual([1n, 2n, 3n, 4n, 5n])
    // The nearest deadline is not due yet (a retry waiting): the rest go by deadline, not by id or age.
    await db.query(
      `UPDATE orchestrator_jobs SET next_attempt_at = now() + interval '1 hour' WHERE job_id = 5`,
    )
    const first = await a.claim(2, [])
    expect(ids(first)).toEqual([2n, 4n])
    expect(first.map((row) => [row.deadline, row.providerId])).toEqual([
      [1_000, 2],
      [2_000, 1],
    ])
    expect(ids(await b.claim(10, []))).toEqual([3n, 1n])
  })

  test.skipIf(!available)(
    'behavior: a row discovered without its deadline gets it from the next discovery and goes first meanwhile',
    async () => {
      expect(await a.insertDiscovered([{ jobId: 7n, deadline: 100, providerId: 1 }, { jobId: 8n }])).toEqual([
        7n,
        8n,
      ])
      expect(ids(await a.claim(1, []))).toEqual([8n])
      // Known already: not inserted again, but its deadline and provider are filled in (never overwritten).
      expect(await a.insertDiscovered([{ jobId: 8n, deadline: 50, providerId: 4 }])).toEqual([])
      expect(await a.insertDiscovered([{ jobId: 8n, deadline: 60, providerId: 5 }])).toEqual([])
      expect(await a.get(8n)).toMatchObject({ deadline: 50, providerId: 4 })
      expect(await a.get(7n)).toMatchObject({ deadline: 100, providerId: 1 })
    },
  )

  test.skipIf(!available)('behavior: 10 jobs of one provider, limit 3 → at most 3 leased', async () => {
    await a.insertDiscovered(
      Array.from({ length: 10 }, (_, i) => ({ jobId: BigInt(i + 1), deadline: 1_000 + i, providerId: 9 })),
    )
    await a.insertDiscovered([{ jobId: 20n, deadline: 2_000, providerId: 8 }])
    const limit = { maxPerProvider: 3 }
    // Both instances at once: the limit holds across instances (Postgres claims take turns).
    const [first, second] = await Promise.all([a.claim(10, [], limit), b.claim(10, [], limit)])
    expect([...ids(first!), ...ids(second!)].sort((x, y) => Number(x - y))).toEqual([1n, 2n, 3n, 20n])
    expect(ids(await a.claim(10, [], limit))).toEqual([])

    // A job that reached Running no longer counts (its provider trains it): one more may start.
    const owner = ids(first!).includes(1n) ? a : b
    await owner.transition((await a.get(1n))!, 'running', {}, [])
    expect(ids(await a.claim(10, [], limit))).toEqual([4n])
    // A lease given back frees its slot; without a limit the rest are claimable.
    await (ids(first!).includes(2n) ? a : b).release(2n, 0)
    expect(ids(await b.claim(10, [], limit))).toEqual([2n])
    expect(ids(await b.claim(10, []))).toEqual([5n, 6n, 7n, 8n, 9n, 10n])
  })

  test.skipIf(!available)(
    'behavior: N unreachable errors open the breaker; its jobs wait, one probe after the cool-down',
    async () => {
      const policy: BreakerPolicy = { failures: 3, coolDownSeconds: 0.4, maxCoolDownSeconds: 1 }
      await a.insertDiscovered([
        { jobId: 1n, deadline: 100, providerId: 6 },
        { jobId: 2n, deadline: 200, providerId: 6 },
        { jobId: 3n, deadline: 300, providerId: 6 },
        { jobId: 4n, deadline: 400, providerId: 5 },
      ])
      // Job 1 is past the provider already (settling talks to the chain only).
      const settling = (await a.claim(1, []))[0]!
      expect(settling.jobId).toBe(1n)
      await a.transition(settling, 'settling', {}, [])
      await a.release(1n, 0)

      expect(await a.noteProviderDown(6, policy)).toMatchObject({ failures: 1, trips: 0, openUntil: null })
      expect(await b.noteProviderDown(6, policy)).toMatchObject({ failures: 2, trips: 0, openUntil: null })
      const opened = await a.noteProviderDown(6, policy)
      expect(opened).toMatchObject({ providerId: 6, failures: 3, trips: 1, openForMs: 400 })
      // Errors of jobs still in flight while it is open count, but do not extend it.
      expect(await a.noteProviderDown(6, policy)).toMatchObject({
        failures: 4,
        trips: 1,
        openUntil: opened.openUntil,
      })
      expect((await a.troubledProviders()).map((x) => [x.providerId, x.failures, x.trips])).toEqual([
        [6, 4, 1],
      ])

      // Open: provider 6's jobs are not claimed, except the one past the provider.
      expect(ids(await a.claim(10, [], { maxPerProvider: 8 }))).toEqual([1n, 4n])

      // Half-open after the cool-down: one probe job at a time.
      await new Promise((resolve) => setTimeout(resolve, 450))
      expect(ids(await b.claim(10, [], { maxPerProvider: 8 }))).toEqual([2n])
      expect(ids(await b.claim(10, [], { maxPerProvider: 8 }))).toEqual([])
      // The probe fails too: open again for twice as long; a third trip is held at the maximum.
      expect(await b.noteProviderDown(6, policy)).toMatchObject({ failures: 5, trips: 2, openForMs: 800 })
      await new Promise((resolve) => setTimeout(resolve, 850))
      expect(await b.noteProviderDown(6, policy)).toMatchObject({ failures: 6, trips: 3, openForMs: 1_000 })

      // An answer closes it: the limit is the configured one again.
      await a.noteProviderUp(6)
      expect(await a.troubledProviders()).toEqual([])
      await b.release(2n, 0)
      expect(ids(await a.claim(10, [], { maxPerProvider: 8 }))).toEqual([2n, 3n])
    },
  )

  test.skipIf(!available)('behavior: a threshold of 1 opens on the first error', async () => {
    expect(
      await a.noteProviderDown(3, { failures: 1, coolDownSeconds: 2, maxCoolDownSeconds: 1 }),
    ).toMatchObject({ failures: 1, trips: 1, openForMs: 1_000 })
  })
})
