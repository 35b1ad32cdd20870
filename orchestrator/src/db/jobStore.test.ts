import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from './Database.js'
import { createJobStore, type JobStore } from './jobStore.js'
import { migrate } from './migrate.js'
import { openDatabase } from './openDatabase.js'

let dir: string
let db: Database
let a: JobStore
let b: JobStore

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-orch-store-'))
  db = await openDatabase({ dataDir: join(dir, 'db') })
  expect(await migrate(db)).toEqual([1, 2])
  // Applied once: a restart (or a second instance) finds nothing to do.
  expect(await migrate(db)).toEqual([])
  a = createJobStore({ db, instance: 'a', leaseSeconds: 30 })
  b = createJobStore({ db, instance: 'b', leaseSeconds: 30 })
}, 60_000)

afterAll(async () => {
  await db?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const big = 2n ** 255n + 7n

describe('createJobStore', () => {
  test('default: discover, claim, transition, release', async () => {
    expect(
      await a.insertDiscovered([{ jobId: 1n, grantedBlock: 12n }, { jobId: 2n }, { jobId: big }]),
    ).toEqual([1n, 2n, big])
    expect(await a.insertDiscovered([{ jobId: 2n, grantedBlock: 5n }, { jobId: 3n }])).toEqual([3n])

    const claimed = await a.claim(2, [])
    expect(claimed.map((row) => row.jobId)).toEqual([1n, 2n])
    expect(claimed[0]).toMatchObject({
      stage: 'discovered',
      outcome: null,
      attempts: 0,
      adopted: false,
      grantedBlock: 12n,
    })
    expect(claimed[1]!.grantedBlock).toBeNull()
    // Leased rows are skipped by the other instance; the rest are its to take (oldest due first).
    expect((await b.claim(10, [])).map((row) => row.jobId)).toEqual([big, 3n])

    const row = claimed[0]!
    const nonce = `0x${'ab'.repeat(32)}` as const
    const attesting = await a.transition(
      row,
      'attesting',
      { nonce, datasetRoot: `0x${'11'.repeat(32)}` },
      [{ step: 'attest', phase: 'begin', detail: { nonce } }],
      { nonce },
    )
    expect(attesting).toMatchObject({ stage: 'attesting', nonce, datasetRoot: `0x${'11'.repeat(32)}` })
    const settling = await a.transition(
      attesting,
      'settling',
      {
        settleCall: { fn: 'reportJobFailure', code: 'X', reason: '0x01', signature: '0x02' },
        verifiedAt: 1_700_000_000,
      },
      [
        { step: 'attest', phase: 'end' },
        { step: 'settle', phase: 'begin' },
      ],
      { running: true },
    )
    expect(settling.settleCall).toEqual({
      fn: 'reportJobFailure',
      code: 'X',
      reason: '0x01',
      signature: '0x02',
    })
    expect(settling.verifiedAt).toBe(1_700_000_000)
    expect(settling.runningAt).toBeGreaterThan(0)
    const done = await a.transition(settling, 'done', { outcome: 'Failed' }, [
      { step: 'settle', phase: 'end' },
    ])
    expect(done).toMatchObject({ stage: 'done', outcome: 'Failed' })
    expect(done.doneAt).toBeGreaterThan(0)
    expect((await a.events(1n)).map((e) => `${e.step}:${e.phase}@${e.instance}`)).toEqual([
      'attest:begin@a',
      'attest:end@a',
      'settle:begin@a',
      'settle:end@a',
    ])
    expect((await a.events(1n))[0]!.detail).toEqual({ nonce })

    await a.release(2n, 0)
    await b.release(3n, 60_000)
    await b.release(big, 0)
    // Job 1 is done, 3 is not due yet, 2 and big are free again.
    expect((await b.claim(10, [])).map((row) => row.jobId)).toEqual([2n, big])
    expect(await a.stageCounts()).toEqual(
      expect.arrayContaining([
        { stage: 'done', outcome: 'Failed', count: 1 },
        { stage: 'discovered', outcome: null, count: 3 },
      ]),
    )
  })

  test('error: a transition by an instance without the lease is refused', async () => {
    const row = (await a.get(2n))!
    expect(row.stage).toBe('discovered')
    await expect(a.transition(row, 'attesting', {}, [])).rejects.toMatchObject({ code: 'LEASE_LOST' })
    // From a stale stage, even the lease holder is refused.
    await expect(b.transition({ ...row, stage: 'running' }, 'settling', {}, [])).rejects.toMatchObject({
      code: 'LEASE_LOST',
    })
    expect((await a.get(2n))!.stage).toBe('discovered')
  })

  test('error: a nonce can be burnt only once', async () => {
    await b.insertDiscovered([{ jobId: 10n }])
    const [row] = await b.claim(10, [2n, big])
    expect(row!.jobId).toBe(10n)
    const nonce = `0x${'ab'.repeat(32)}` as const
    await expect(b.transition(row!, 'attesting', { nonce }, [], { nonce })).rejects.toThrow(/duplicate key/)
    expect((await b.get(10n))!.stage).toBe('discovered')
  })

  test('behavior: retry and unreachable marks accumulate until a transition clears them', async () => {
    const row = (await b.get(big))!
    expect(await b.noteRetry(row, 'first')).toBe(0)
    await new Promise((r) => setTimeout(r, 30))
    expect(await b.noteRetry(row, 'second')).toBeGreaterThanOrEqual(25)
    expect(await b.noteUnreachable(row, 'down')).toBe(0)
    const noted = (await b.get(big))!
    expect(noted).toMatchObject({ attempts: 2, lastError: 'down' })
    expect(noted.retrySince).toBeGreaterThan(0)
    // Re-entering the same stage keeps the clocks; moving on restarts them.
    const same = await b.transition(noted, 'discovered', {}, [])
    expect(same.retrySince).toBe(noted.retrySince)
    expect(same.providerUnreachableSince).toBe(noted.providerUnreachableSince)
    const moved = await b.transition(same, 'attesting', {}, [])
    expect(moved).toMatchObject({ retrySince: null, providerUnreachableSince: null, attempts: 2 })
    await expect(a.noteRetry(row, 'x')).rejects.toMatchObject({ code: 'LEASE_LOST' })
  })

  test('behavior: leases are renewed for held rows only; state is a key-value map', async () => {
    expect(await b.renewLeases([big, 2n, 10n, 1n])).toBe(3)
    expect(await a.renewLeases([big])).toBe(0)
    // A restart under the same name takes its rows back at once instead of waiting out the leases.
    const restarted = createJobStore({ db, instance: 'b', leaseSeconds: 30 })
    expect(await restarted.releaseOwn()).toBe(3)
    expect((await a.claim(10, [])).map((row) => row.jobId)).toEqual([2n, big, 10n])
    expect(await a.getState('cursor')).toBeUndefined()
    await a.setState('cursor', '10')
    await a.setState('cursor', '12')
    expect(await b.getState('cursor')).toBe('12')
  })
})
