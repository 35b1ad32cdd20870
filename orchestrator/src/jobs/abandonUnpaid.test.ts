import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DataPolicyJob, silentLogger } from '@licen/sdk'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '../db/Database.js'
import { createJobStore, type JobStore } from '../db/jobStore.js'
import { migrate } from '../db/migrate.js'
import { openDatabase } from '../db/openDatabase.js'
import { createMetrics } from '../metrics/createMetrics.js'
import { escrowOf, isUnpaid } from './abandonUnpaid.js'
import type { JobContext, StepBoundary } from './JobContext.js'
import { beginFailure, failJob } from './steps/failJob.js'

let dir: string
let db: Database
let store: JobStore

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-orch-abandon-'))
  db = await openDatabase({ dataDir: join(dir, 'db') })
  await migrate(db)
  store = createJobStore({ db, instance: 'x', leaseSeconds: 30 })
}, 60_000)

afterAll(async () => {
  await db?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** A context whose chain shows job `jobId` open with these amounts and records every transaction sent. */
function context(amounts: { royaltyPerEpoch: bigint; pricePerEpoch: bigint }, state: 'Granted' | 'Running') {
  const sent: string[] = []
  const boundaries: string[] = []
  const warnings: { msg: string; fields: unknown }[] = []
  let final = false
  const ctx = {
    store,
    metrics: createMetrics(async () => {}),
    log: { ...silentLogger, warn: (msg: string, fields?: unknown) => warnings.push({ msg, fields }) },
    onStep: (b: StepBoundary) => boundaries.push(`${b.step}:${b.phase}`),
    chain: {
      readJob: async (jobId: bigint) =>
        ({ jobId, stateName: final ? 'Failed' : state, epochs: 3, ...amounts }) as unknown as DataPolicyJob,
      write: async (fn: string) => {
        sent.push(fn)
        final = true
        return `0x${'aa'.repeat(32)}`
      },
    },
  } as unknown as JobContext
  return { ctx, sent, boundaries, warnings }
}

/** Job `jobId`, claimed and recorded as failing with `code`. */
async function failing(ctx: JobContext, jobId: bigint, code: string) {
  await store.insertDiscovered([{ jobId, deadline: 1_000, providerId: 1 }])
  const [row] = await store.claim(1, [])
  expect(row!.jobId).toBe(jobId)
  return beginFailure(ctx, row!, code, 'test')
}

describe('escrowOf / isUnpaid', () => {
  test('default: epochs × (royalty + price)', () => {
    expect(escrowOf({ epochs: 3, royaltyPerEpoch: 5n, pricePerEpoch: 2n })).toBe(21n)
    expect(isUnpaid({ epochs: 3, royaltyPerEpoch: 0n, pricePerEpoch: 0n })).toBe(true)
    expect(isUnpaid({ epochs: 3, royaltyPerEpoch: 0n, pricePerEpoch: 1n })).toBe(false)
    expect(isUnpaid({ epochs: 3, royaltyPerEpoch: 1n, pricePerEpoch: 0n })).toBe(false)
  })
})

describe('failJob', () => {
  // Issue #20 item 5: a flood of free jobs must not make the orchestrator pay gas to fail each.
  test('behavior: a zero-escrow job that fails costs no transaction: done, outcome Abandoned', async () => {
    const { ctx, sent, boundaries, warnings } = context({ royaltyPerEpoch: 0n, pricePerEpoch: 0n }, 'Granted')
    const row = await failing(ctx, 1n, 'PROVIDER_UNREACHABLE')
    const result = await failJob(ctx, row)
    expect(sent).toEqual([])
    expect(result.row).toMatchObject({
      stage: 'done',
      outcome: 'Abandoned',
      failureCode: 'PROVIDER_UNREACHABLE',
    })
    expect((await store.get(1n))!.outcome).toBe('Abandoned')
    expect((await store.events(1n)).map((e) => [e.step, e.phase, e.detail])).toEqual([
      ['fail', 'begin', { code: 'PROVIDER_UNREACHABLE', detail: 'test', from: 'discovered' }],
      [
        'fail',
        'end',
        {
          code: 'PROVIDER_UNREACHABLE',
          abandoned: true,
          escrow: '0',
          state: 'Granted',
          reason: 'zero escrow: left open on chain to expire; no markJobFailed sent',
        },
      ],
    ])
    expect(boundaries).toEqual(['fail:begin', 'fail:end'])
    expect(warnings.map((w) => w.msg)).toEqual([
      'failing job',
      'zero-escrow job abandoned instead of failed on chain',
    ])
    expect(await store.stageCounts()).toEqual([{ stage: 'done', outcome: 'Abandoned', count: 1 }])
  })

  test('behavior: a Running zero-escrow job is abandoned too (it expires; the requester reclaims)', async () => {
    const { ctx, sent } = context({ royaltyPerEpoch: 0n, pricePerEpoch: 0n }, 'Running')
    const result = await failJob(ctx, await failing(ctx, 2n, 'PROVIDER_LOST'))
    expect(sent).toEqual([])
    expect(result.row).toMatchObject({ stage: 'done', outcome: 'Abandoned', failureCode: 'PROVIDER_LOST' })
  })

  test('default: a job with escrow is failed on chain (markJobFailed, full refund)', async () => {
    const { ctx, sent } = context({ royaltyPerEpoch: 0n, pricePerEpoch: 1n }, 'Granted')
    const result = await failJob(ctx, await failing(ctx, 3n, 'PROVIDER_UNREACHABLE'))
    expect(sent).toEqual(['markJobFailed'])
    expect(result.row).toMatchObject({ stage: 'done', outcome: 'Failed' })
    expect((await store.events(3n)).at(-1)).toMatchObject({
      step: 'fail',
      phase: 'end',
      detail: { tx: `0x${'aa'.repeat(32)}`, code: 'PROVIDER_UNREACHABLE' },
    })
  })
})
