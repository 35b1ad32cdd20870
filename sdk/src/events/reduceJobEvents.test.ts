import { describe, expect, test } from 'vitest'
import { reduceJobEvents } from './reduceJobEvents.js'
import { completed, failed, granted, reclaimed, started } from './testing.js'

describe('reduceJobEvents', () => {
  test('default: one job per grant, newest first, in the state its events lead to', () => {
    const events = [
      granted(1n),
      granted(2n),
      granted(3n),
      granted(4n),
      started(1n),
      completed(1n),
      failed(2n),
      reclaimed(3n),
    ]
    expect(reduceJobEvents(events)).toEqual([
      { jobId: 4n, state: 'Granted', escrow: 450n, granted: events[3] },
      { jobId: 3n, state: 'Reclaimed', escrow: 450n, granted: events[2], reclaimed: events[7] },
      { jobId: 2n, state: 'Failed', escrow: 450n, granted: events[1], failed: events[6] },
      {
        jobId: 1n,
        state: 'Completed',
        escrow: 450n,
        granted: events[0],
        started: events[4],
        completed: events[5],
      },
    ])
  })

  test('args: no events', () => {
    expect(reduceJobEvents([])).toEqual([])
  })

  test('behavior: outcomes of a job whose grant was not read are skipped', () => {
    expect(reduceJobEvents([started(9n), failed(9n), granted(1n)])).toEqual([
      { jobId: 1n, state: 'Granted', escrow: 450n, granted: granted(1n) },
    ])
  })

  test('behavior: a repeated event is skipped, the first one kept', () => {
    const first = started(1n, 20n)
    expect(reduceJobEvents([granted(1n), first, started(1n, 21n), granted(1n, 22n)])).toEqual([
      { jobId: 1n, state: 'Running', escrow: 450n, granted: granted(1n), started: first },
    ])
  })

  test('behavior: an event out of order is skipped (a completion before its start)', () => {
    expect(reduceJobEvents([granted(1n), completed(1n), started(1n)])).toEqual([
      { jobId: 1n, state: 'Running', escrow: 450n, granted: granted(1n), started: started(1n) },
    ])
  })
})
