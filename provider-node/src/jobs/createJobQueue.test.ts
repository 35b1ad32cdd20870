import { describe, expect, test } from 'vitest'
import { createJobQueue } from './createJobQueue.js'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('createJobQueue', () => {
  test('default', async () => {
    const queue = createJobQueue({ concurrency: 2, maxQueued: 1 })
    const gates = [deferred(), deferred(), deferred()]
    const order: number[] = []
    for (const [i, gate] of gates.entries()) {
      expect(
        queue.submit(async () => {
          order.push(i)
          await gate.promise
        }),
      ).toBe(true)
    }
    expect([queue.running, queue.queued]).toEqual([2, 1])
    expect(queue.submit(async () => {})).toBe(false)
    gates[0]!.resolve()
    await new Promise((r) => setTimeout(r, 0))
    expect(order).toEqual([0, 1, 2])
    expect([queue.running, queue.queued]).toEqual([2, 0])
    gates[1]!.resolve()
    gates[2]!.resolve()
    await queue.idle()
    expect([queue.running, queue.queued]).toEqual([0, 0])
  })

  test('behavior: a rejected task frees its slot', async () => {
    const queue = createJobQueue({ concurrency: 1, maxQueued: 1 })
    queue.submit(async () => {
      throw new Error('x')
    })
    let ran = false
    queue.submit(async () => {
      ran = true
    })
    await queue.idle()
    expect(ran).toBe(true)
  })

  test('behavior: idle resolves at once when empty', async () => {
    await expect(createJobQueue({ concurrency: 1, maxQueued: 0 }).idle()).resolves.toBeUndefined()
  })
})
