import { describe, expect, test } from 'vitest'
import { stopAll } from './stopAll.js'

/** A stoppable that records its name in `calls`, and throws `failure` when given. */
const recorder = (calls: string[], name: string, kind: 'stop' | 'close', failure?: Error) => ({
  [kind]: async () => {
    calls.push(`${kind} ${name}`)
    if (failure) throw failure
  },
})

describe('stopAll', () => {
  test('default: stops each in the order given, by stop() or close(), skipping undefined', async () => {
    const calls: string[] = []
    await stopAll(
      recorder(calls, 'a', 'stop') as { stop(): Promise<void> },
      undefined,
      recorder(calls, 'b', 'close') as { close(): Promise<void> },
    )
    expect(calls).toEqual(['stop a', 'close b'])
  })

  test('error: one failure is thrown as is, after the rest were stopped', async () => {
    const calls: string[] = []
    const boom = new Error('boom')
    await expect(
      stopAll(
        recorder(calls, 'a', 'stop', boom) as { stop(): Promise<void> },
        recorder(calls, 'b', 'stop') as { stop(): Promise<void> },
      ),
    ).rejects.toBe(boom)
    expect(calls).toEqual(['stop a', 'stop b'])
  })

  test('error: several failures are thrown as one AggregateError, in order', async () => {
    const calls: string[] = []
    const [first, second] = [new Error('first'), new Error('second')]
    const error = await stopAll(
      recorder(calls, 'a', 'close', first) as { close(): Promise<void> },
      recorder(calls, 'b', 'stop', second) as { stop(): Promise<void> },
    ).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AggregateError)
    expect((error as AggregateError).errors).toEqual([first, second])
    expect((error as AggregateError).message).toBe('2 of the started things failed to stop')
    expect(calls).toEqual(['close a', 'stop b'])
  })
})
