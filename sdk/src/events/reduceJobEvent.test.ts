import { describe, expect, test } from 'vitest'
import { type JobRecord, reduceJobEvent } from './reduceJobEvent.js'
import { completed, failed, granted, type Position, reclaimed, started } from './testing.js'

/** Applies events one by one, expecting each to apply. */
function replay(...events: Parameters<typeof reduceJobEvent<Position>>[1][]): JobRecord<Position> {
  let job: JobRecord<Position> | undefined
  for (const event of events) {
    const next = reduceJobEvent(job, event)
    if (next.job === undefined) throw new Error(`rejected ${event.name}: ${JSON.stringify(next.rejected)}`)
    job = next.job
  }
  return job!
}

describe('reduceJobEvent', () => {
  test('default: AccessGranted creates a Granted job holding its escrow', () => {
    const grant = granted(1n)
    expect(reduceJobEvent(undefined, grant)).toEqual({
      job: { jobId: 1n, state: 'Granted', escrow: 450n, granted: grant },
    })
  })

  test('behavior: JobStarted makes a Granted job Running', () => {
    const start = started(1n)
    const job = replay(granted(1n))
    expect(reduceJobEvent(job, start)).toEqual({ job: { ...job, state: 'Running', started: start } })
  })

  test('behavior: JobCompleted closes a Running job', () => {
    const done = completed(1n)
    const job = replay(granted(1n), started(1n))
    expect(reduceJobEvent(job, done)).toEqual({ job: { ...job, state: 'Completed', completed: done } })
  })

  test('behavior: JobFailed closes a Granted or a Running job', () => {
    const fail = failed(1n)
    for (const job of [replay(granted(1n)), replay(granted(1n), started(1n))]) {
      expect(reduceJobEvent(job, fail)).toEqual({ job: { ...job, state: 'Failed', failed: fail } })
    }
  })

  test('behavior: JobReclaimed closes a Granted or a Running job', () => {
    const reclaim = reclaimed(1n)
    for (const job of [replay(granted(1n)), replay(granted(1n), started(1n))]) {
      expect(reduceJobEvent(job, reclaim)).toEqual({
        job: { ...job, state: 'Reclaimed', reclaimed: reclaim },
      })
    }
  })

  test('behavior: never mutates the job it is given', () => {
    const job = replay(granted(1n))
    const before = structuredClone(job)
    reduceJobEvent(job, started(1n))
    expect(job).toEqual(before)
  })

  test('error: an event after the grant for a job not granted', () => {
    for (const event of [started(7n), completed(7n), failed(7n), reclaimed(7n)]) {
      expect(reduceJobEvent(undefined, event)).toEqual({ rejected: { reason: 'unknownJob' } })
    }
  })

  test('error: a second grant of the same job', () => {
    expect(reduceJobEvent(replay(granted(1n), started(1n)), granted(1n))).toEqual({
      rejected: { reason: 'alreadyGranted', state: 'Running' },
    })
  })

  test('error: an event about another job', () => {
    expect(reduceJobEvent(replay(granted(1n)), started(2n))).toEqual({
      rejected: { reason: 'otherJob', jobId: 1n },
    })
  })

  test('error: a transition the contract forbids', () => {
    const open = replay(granted(1n))
    const running = replay(granted(1n), started(1n))
    const cases: [JobRecord<Position>, Parameters<typeof reduceJobEvent<Position>>[1], string][] = [
      [open, completed(1n), 'Granted'],
      [running, started(1n), 'Running'],
      [replay(granted(1n), started(1n), completed(1n)), failed(1n), 'Completed'],
      [replay(granted(1n), failed(1n)), started(1n), 'Failed'],
      [replay(granted(1n), reclaimed(1n)), reclaimed(1n), 'Reclaimed'],
      [replay(granted(1n), started(1n), completed(1n)), completed(1n), 'Completed'],
    ]
    for (const [job, event, state] of cases) {
      expect(reduceJobEvent(job, event)).toEqual({ rejected: { reason: 'forbiddenTransition', state } })
    }
  })
})
