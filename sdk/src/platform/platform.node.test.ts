import { availableParallelism } from 'node:os'
import { describe, expect, test } from 'vitest'
import * as selected from '#platform'
import * as node from './platform.node.js'

const echo = `require('node:worker_threads').parentPort.on('message', (m) => {
  const bytes = new Uint8Array(m.buffer)
  bytes[0] = 42
  require('node:worker_threads').parentPort.postMessage({ echo: m.echo, buffer: m.buffer }, [m.buffer])
})`

describe('#platform in Node', () => {
  test('default: the `node` condition selects the Node variant', () => {
    expect(selected.cpuCount).toBe(node.cpuCount)
    expect(selected.spawnWorker).toBe(node.spawnWorker)
  })

  test('behavior: cpuCount is the logical core count', () => {
    expect(selected.cpuCount()).toBe(globalThis.navigator?.hardwareConcurrency || availableParallelism())
  })

  test('behavior: spawnWorker runs a script on worker_threads and transfers buffers both ways', async () => {
    const worker = selected.spawnWorker(echo)
    const buffer = new ArrayBuffer(8)
    const reply = new Promise<unknown>((resolve) => worker.onMessage(resolve))
    worker.setBusy(true)
    worker.post({ echo: 'hi', buffer }, [buffer])
    expect(buffer.byteLength).toBe(0)
    const message = (await reply) as { echo: string; buffer: ArrayBuffer }
    expect(message.echo).toBe('hi')
    expect([...new Uint8Array(message.buffer)]).toEqual([42, 0, 0, 0, 0, 0, 0, 0])
    const exited = new Promise<void>((resolve) => worker.onExit(resolve))
    worker.terminate()
    await exited
  })

  test('error: a script that throws reports an error', async () => {
    const worker = selected.spawnWorker("throw new Error('boom')")
    worker.setBusy(true)
    const error = await new Promise<unknown>((resolve) => worker.onError(resolve))
    expect((error as Error).message).toBe('boom')
    worker.terminate()
  })
})
