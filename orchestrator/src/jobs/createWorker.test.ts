import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@licen/sdk'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '../db/Database.js'
import type { JobRow } from '../db/jobRow.js'
import { createJobStore, type JobStore } from '../db/jobStore.js'
import { migrate } from '../db/migrate.js'
import { openDatabase } from '../db/openDatabase.js'
import { createMetrics } from '../metrics/createMetrics.js'
import type { AdvanceOutcome } from './advanceJob.js'
import { startWorker } from './createWorker.js'

let dir: string
let db: Database
let store: JobStore

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-orch-worker-'))
  db = await openDatabase({ dataDir: join(dir, 'db') })
  await migrate(db)
  store = createJobStore({ db, instance: 'w', leaseSeconds: 30 })
}, 60_000)

afterAll(async () => {
  await db?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('startWorker', () => {
  // Issue #20 item 5: a provider that stalls every request (a tarpit) holds at most its limit of slots.
  test('behavior: 10 jobs of one provider, limit 3 → at most 3 in flight; other providers are not held up', async () => {
    await store.insertDiscovered([
      ...Array.from({ length: 10 }, (_, i) => ({ jobId: BigInt(i + 1), deadline: 1_000 + i, providerId: 1 })),
      { jobId: 11n, deadline: 5_000, providerId: 2 },
    ])
    const inFlight = new Map<number, number>()
    const most = new Map<number, number>()
    const order: bigint[] = []
    const waiting: (() => void)[] = []
    const advance = async (row: JobRow): Promise<AdvanceOutcome> => {
      const provider = row.providerId!
      order.push(row.jobId)
      inFlight.set(provider, (inFlight.get(provider) ?? 0) + 1)
      most.set(provider, Math.max(most.get(provider) ?? 0, inFlight.get(provider)!))
      // Provider 1 stalls until the test lets it go; provider 2 answers at once.
      if (provider === 1) await new Promise<void>((resolve) => waiting.push(resolve))
      inFlight.set(provider, inFlight.get(provider)! - 1)
      const done = await store.transition(row, 'done', { outcome: 'Failed' }, [])
      return { kind: 'done', row: done }
    }
    const worker = startWorker({
      store,
      advance,
      maxConcurrentJobs: 10,
      maxJobsPerProvider: 3,
      workIntervalMs: 10,
      leaseSeconds: 30,
      log: silentLogger,
      metrics: createMetrics(async () => {}),
    })
    try {
      await until(() => order.includes(11n) && waiting.length === 3)
      // The three nearest deadlines of provider 1, and provider 2's job although its deadline is the latest.
      expect(order).toEqual([1n, 2n, 3n, 11n])
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(worker.inFlight()).toBe(3)
      while (order.length < 11 || waiting.length > 0) {
        waiting.shift()?.()
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await until(() => worker.inFlight() === 0)
      expect(order).toEqual([1n, 2n, 3n, 11n, 4n, 5n, 6n, 7n, 8n, 9n, 10n])
      expect(Object.fromEntries(most)).toEqual({ 1: 3, 2: 1 })
    } finally {
      await worker.stop()
    }
  })
})

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
